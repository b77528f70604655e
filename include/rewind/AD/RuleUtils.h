//===- RuleUtils.h - Helpers for writing derivative rules -------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_RULEUTILS_H
#define REWIND_AD_RULEUTILS_H

#include "rewind/AD/AdjointBuilder.h"
#include "rewind/AD/ForwardModeOpInterface.h"
#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/AD/TangentBuilder.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace rw::ad {

/// The values of `values` whose type carries derivatives.
inline llvm::SmallVector<mlir::Value> floatValues(mlir::ValueRange values) {
  llvm::SmallVector<mlir::Value> floats;
  for (mlir::Value v : values)
    if (tape::isDifferentiableType(v.getType()))
      floats.push_back(v);
  return floats;
}

/// The external model of an op whose rule is the free function
/// `LogicalResult buildAdjointFor(OpT, AdjointBuilder &)` (found by ADL);
/// `Masks`: ReverseModeOpInterface::masksAdjoint.
template <typename OpT, bool Masks = false>
struct AdjointRule
    : public ReverseModeOpInterface::ExternalModel<AdjointRule<OpT, Masks>,
                                                   OpT> {
  llvm::LogicalResult buildAdjoint(mlir::Operation *op,
                                   AdjointBuilder &ctx) const {
    return buildAdjointFor(llvm::cast<OpT>(op), ctx);
  }
  bool masksAdjoint(mlir::Operation *) const { return Masks; }
};

/// The external model of an op whose derivative is zero almost everywhere
/// (rounding): it never gets an adjoint and cuts derivative paths.
template <typename OpT>
struct ZeroDerivativeRule
    : public ReverseModeOpInterface::ExternalModel<ZeroDerivativeRule<OpT>,
                                                   OpT> {
  llvm::LogicalResult buildAdjoint(mlir::Operation *, AdjointBuilder &) const {
    return llvm::success();
  }
  bool hasZeroDerivative(mlir::Operation *, unsigned) const { return true; }
};

/// The forward-mode model of an op whose rule is the free function
/// `LogicalResult buildTangentFor(OpT, TangentBuilder &)` (found by ADL).
template <typename OpT>
struct TangentRule
    : public ForwardModeOpInterface::ExternalModel<TangentRule<OpT>, OpT> {
  llvm::LogicalResult buildTangent(mlir::Operation *op,
                                   TangentBuilder &ctx) const {
    return buildTangentFor(llvm::cast<OpT>(op), ctx);
  }
};

/// The tangent of an op that is linear in its floating-point operands (a
/// sum, a select, an extract, a reshape, ...): the same op applied to their
/// tangents (zeros for those without), its other operands unchanged.
llvm::LogicalResult linearTangent(mlir::Operation *op, TangentBuilder &ctx);

template <typename OpT>
struct LinearTangentRule
    : public ForwardModeOpInterface::ExternalModel<LinearTangentRule<OpT>,
                                                   OpT> {
  llvm::LogicalResult buildTangent(mlir::Operation *op,
                                   TangentBuilder &ctx) const {
    return linearTangent(op, ctx);
  }
};

/// The forward-mode model of an op with a zero derivative: its copy, no
/// tangent.
template <typename OpT>
struct ZeroTangentRule
    : public ForwardModeOpInterface::ExternalModel<ZeroTangentRule<OpT>, OpT> {
  llvm::LogicalResult buildTangent(mlir::Operation *op,
                                   TangentBuilder &ctx) const {
    ctx.clonePrimal(op);
    return llvm::success();
  }
};

/// The external model of an op that differentiation first rewrites into ops
/// with rules of their own (scf.index_switch into scf.if, linalg.softmax
/// into structured ops, ...): `Rewrite` replaces the op or fails with a
/// diagnostic.
template <typename OpT,
          llvm::LogicalResult (*Rewrite)(OpT, mlir::RewriterBase &)>
struct RewriteRule : public ReverseModeOpInterface::ExternalModel<
                         RewriteRule<OpT, Rewrite>, OpT> {
  llvm::LogicalResult prepareForReverse(mlir::Operation *op,
                                        mlir::RewriterBase &rewriter) const {
    mlir::OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(op);
    return Rewrite(llvm::cast<OpT>(op), rewriter);
  }
  llvm::LogicalResult buildAdjoint(mlir::Operation *op, AdjointBuilder &) const {
    return op->emitError() << "internal error: '" << op->getName()
                           << "' was not rewritten before differentiation";
  }
  bool isRewrittenForDifferentiation(mlir::Operation *) const { return true; }
};

template <typename OpT,
          llvm::LogicalResult (*Rewrite)(OpT, mlir::RewriterBase &)>
void attachRewriteRule(mlir::MLIRContext *context) {
  OpT::template attachInterface<RewriteRule<OpT, Rewrite>>(*context);
}
template <typename... OpTs>
void attachAdjointRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<AdjointRule<OpTs>>(*context), ...);
}
/// For ops whose rules give the operand not chosen a zero adjoint (select,
/// max, min, clamp).
template <typename... OpTs>
void attachMaskingAdjointRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<AdjointRule<OpTs, true>>(*context), ...);
}
/// Zero derivative in both modes.
template <typename... OpTs>
void attachZeroDerivativeRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<ZeroDerivativeRule<OpTs>,
                                  ZeroTangentRule<OpTs>>(*context),
   ...);
}
template <typename... OpTs>
void attachTangentRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<TangentRule<OpTs>>(*context), ...);
}
template <typename... OpTs>
void attachLinearTangentRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<LinearTangentRule<OpTs>>(*context), ...);
}

/// Elementwise floating-point arithmetic at the reverse sweep's insertion
/// point; works on scalars and on tensors alike.
class Emitter {
public:
  Emitter(RuleContext &ctx, mlir::Location loc) : ctx(ctx), loc(loc) {}

  template <typename OpT, typename... Args>
  mlir::Value create(Args &&...args) {
    return OpT::create(ctx.builder(), loc, std::forward<Args>(args)...);
  }
  mlir::Value add(mlir::Value a, mlir::Value b) {
    return create<mlir::arith::AddFOp>(a, b);
  }
  mlir::Value sub(mlir::Value a, mlir::Value b) {
    return create<mlir::arith::SubFOp>(a, b);
  }
  mlir::Value mul(mlir::Value a, mlir::Value b) {
    return create<mlir::arith::MulFOp>(a, b);
  }
  mlir::Value div(mlir::Value a, mlir::Value b) {
    return create<mlir::arith::DivFOp>(a, b);
  }
  mlir::Value neg(mlir::Value a) { return create<mlir::arith::NegFOp>(a); }
  /// A constant shaped like `like`.
  mlir::Value constant(mlir::Value like, double value) {
    return ctx.constantLike(like, value);
  }
  /// `value` where `cond` holds, zero elsewhere.
  mlir::Value selectOrZero(mlir::Value cond, mlir::Value value) {
    return create<mlir::arith::SelectOp>(cond, value, constant(value, 0.0));
  }
  mlir::Value cmp(mlir::arith::CmpFPredicate predicate, mlir::Value a,
                  mlir::Value b) {
    return create<mlir::arith::CmpFOp>(predicate, a, b);
  }

  /// `contribution`, computed from the adjoint `g`, where `g` is nonzero,
  /// and 0 where `g` is zero: an operand whose result's adjoint is zero (the
  /// operand a select or a max did not choose) gets zero even where the
  /// local derivative is infinite or NaN ("strong zero": 0 * inf is 0 here,
  /// not NaN). A NaN adjoint still propagates.
  /// Only adjoints that may hold such zeros (AdjointBuilder::
  /// isMaskedAdjoint) pay for the test.
  mlir::Value unlessZero(mlir::Value g, mlir::Value contribution) {
    if (!ctx.isMaskedAdjoint(g))
      return contribution;
    return create<mlir::arith::SelectOp>(
        cmp(mlir::arith::CmpFPredicate::OEQ, g, constant(g, 0.0)),
        constant(contribution, 0.0), contribution);
  }

  /// The sum of all elements of a tensor of floats, as a scalar.
  mlir::Value sumAll(mlir::Value tensor);

private:
  RuleContext &ctx;
  mlir::Location loc;
};

/// Adds `contribution` to the part of the adjoint of `tensor` selected by a
/// slice (read, add, write back), so accumulating into one element or slice
/// at a time costs that element or slice, and bufferizes in place.
void accumulateSlice(AdjointBuilder &ctx, mlir::Location loc,
                     mlir::Value tensor, mlir::Value contribution,
                     llvm::ArrayRef<mlir::OpFoldResult> offsets,
                     llvm::ArrayRef<mlir::OpFoldResult> sizes,
                     llvm::ArrayRef<mlir::OpFoldResult> strides);

} // namespace rw::ad

#endif // REWIND_AD_RULEUTILS_H
