//===- RuleUtils.h - Helpers for writing derivative rules -------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_RULEUTILS_H
#define REWIND_AD_RULEUTILS_H

#include "rewind/AD/AdjointBuilder.h"
#include "rewind/AD/ReverseModeOpInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace rw::ad {

/// The external model of an op whose rule is the free function
/// `LogicalResult buildAdjointFor(OpT, AdjointBuilder &)` (found by ADL).
template <typename OpT>
struct AdjointRule
    : public ReverseModeOpInterface::ExternalModel<AdjointRule<OpT>, OpT> {
  llvm::LogicalResult buildAdjoint(mlir::Operation *op,
                                   AdjointBuilder &ctx) const {
    return buildAdjointFor(llvm::cast<OpT>(op), ctx);
  }
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

template <typename... OpTs>
void attachAdjointRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<AdjointRule<OpTs>>(*context), ...);
}
template <typename... OpTs>
void attachZeroDerivativeRules(mlir::MLIRContext *context) {
  (OpTs::template attachInterface<ZeroDerivativeRule<OpTs>>(*context), ...);
}

/// Elementwise floating-point arithmetic at the reverse sweep's insertion
/// point; works on scalars and on tensors alike.
class Emitter {
public:
  Emitter(AdjointBuilder &ctx, mlir::Location loc) : ctx(ctx), loc(loc) {}

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

  /// The sum of all elements of a tensor of floats, as a scalar.
  mlir::Value sumAll(mlir::Value tensor);

private:
  AdjointBuilder &ctx;
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
