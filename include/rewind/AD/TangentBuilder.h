//===- TangentBuilder.h - What a forward-mode rule sees ---------*- C++ -*-===//
//
// Part of the Rewind project.
//
// Forward mode copies a function op by op into a new one that computes each
// floating-point value together with its tangent (its derivative along the
// given argument tangents). The rule of each op through which a tangent
// flows (ForwardModeOpInterface::buildTangent) gets a TangentBuilder:
//   - primal(v): the copy of primal value v; tangent(v): its tangent (null
//     meaning zero), setTangent(v, t) for the op's results;
//   - clonePrimal(op): the copy of an op without regions;
//   - differentiateBlock: the copy of a block of a region-holding op;
//   - getJvp(callee, ...): the forward-mode function of a called function.
// No tape: every value is computed once, next to its tangent.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_TANGENTBUILDER_H
#define REWIND_AD_TANGENTBUILDER_H

#include "rewind/AD/Activity.h"
#include "rewind/AD/RuleContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringMap.h"

namespace rw::ad {

class JvpGenerator;

class TangentBuilder : public RuleContext {
public:
  /// `activity`, when given, analyses the differentiated function: its
  /// inactive ops get no tangents.
  TangentBuilder(JvpGenerator &generator,
                 const ActivityAnalysis *activity = nullptr);

  mlir::OpBuilder &builder() override { return b; }
  mlir::Value constantLike(mlir::Value like, double value) override;
  /// Tangents are never masked: a select chooses between tangents as it
  /// chooses between values.
  bool isMaskedAdjoint(mlir::Value) const override { return false; }

  /// The copy of primal value `v`.
  mlir::Value primal(mlir::Value v) const { return mapping.lookupOrDefault(v); }
  /// The tangent of primal value `v`; null when it is zero.
  mlir::Value tangent(mlir::Value v) const { return tangents.lookup(v); }
  /// The tangent of `v`, a zero of its type when it has none.
  mlir::Value tangentOrZero(mlir::Value v);
  void setTangent(mlir::Value v, mlir::Value t);
  /// Declares `copy` as the copy of primal value `v`.
  void mapPrimal(mlir::Value v, mlir::Value copy) { mapping.map(v, copy); }
  /// Maps `op`'s results to the first of `copies`, and gives its
  /// floating-point results the tangents that follow, in order (the results
  /// of the copy of a region op, of a call of a forward-mode function).
  void mapResults(mlir::Operation *op, mlir::ValueRange copies);

  /// True when a tangent flows into `op`: through an operand, or a value
  /// defined above that its regions read.
  bool hasTangentInput(mlir::Operation *op) const;

  /// Copies `op` (no regions, or regions without tangents) with its
  /// operands' copies, and maps its results.
  mlir::Operation *clonePrimal(mlir::Operation *op);

  /// Copies the ops of `block` (not its terminator) at the insertion point,
  /// with their tangents. The block's arguments must be mapped (and given
  /// tangents) first.
  llvm::LogicalResult differentiateBlock(mlir::Block &block);

  /// The forward-mode function of `callee` with tangents for the arguments
  /// at `wrt`: (args..., tangents...) -> (results..., a tangent per
  /// floating-point result).
  mlir::FailureOr<mlir::func::FuncOp>
  getJvp(mlir::func::FuncOp callee, llvm::ArrayRef<unsigned> wrt);

private:
  llvm::LogicalResult differentiateOp(mlir::Operation *op);

  mlir::OpBuilder b;
  mlir::IRMapping mapping;
  llvm::DenseMap<mlir::Value, mlir::Value> tangents;
  JvpGenerator &generator;
  const ActivityAnalysis *activity;
};

/// Generates forward-mode functions: `@__rewind_jvp_<f>_wrt_<i>...`, private,
/// `(args of @f..., a tangent per argument in wrt) -> (results of @f..., a
/// tangent per floating-point result)`.
class JvpGenerator {
public:
  explicit JvpGenerator(mlir::ModuleOp module);
  mlir::MLIRContext *context() { return module.getContext(); }
  mlir::FailureOr<mlir::func::FuncOp> getOrCreate(mlir::func::FuncOp primal,
                                                  llvm::ArrayRef<unsigned> wrt);
  /// The functions generated so far.
  llvm::SmallVector<mlir::func::FuncOp> functions() const;

private:
  llvm::LogicalResult generate(mlir::func::FuncOp primal,
                               mlir::func::FuncOp jvp,
                               llvm::ArrayRef<unsigned> wrt);
  mlir::ModuleOp module;
  mlir::SymbolTable symbols;
  llvm::StringMap<mlir::func::FuncOp> generated;
};

} // namespace rw::ad

#endif // REWIND_AD_TANGENTBUILDER_H
