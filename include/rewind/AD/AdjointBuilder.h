//===- AdjointBuilder.h - What a derivative rule sees -----------*- C++ -*-===//
//
// Part of the Rewind project.
//
// The reverse-mode pass hands an AdjointBuilder to each op's rule
// (ReverseModeOpInterface::buildAdjoint). Through it a rule
//   - reads the adjoints of the op's results and adds to those of its
//     operands (adjoints are SSA values, null meaning zero),
//   - gets the primal values it needs at the current point of the reverse
//     sweep: values of the function body directly, values produced inside
//     regions from the tape (push in the forward sweep, pop in the reverse),
//   - differentiates the blocks of region-holding ops, and
//   - obtains pullbacks of called functions.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_ADJOINTBUILDER_H
#define REWIND_AD_ADJOINTBUILDER_H

#include "rewind/AD/Activity.h"
#include "rewind/AD/RuleContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

namespace rw::ad {

class PullbackGenerator;

class AdjointBuilder : public RuleContext {
public:
  /// Which primal values of nested blocks the reverse sweep recomputes
  /// instead of taking them from the tape.
  enum class Recompute {
    /// Constants, integer/index arithmetic and slices: a function body,
    /// where values of loops would otherwise be recomputed per iteration.
    Cheap,
    /// Every pure op whose operands are available: the body of an op such
    /// as linalg.generic, which runs once per element, so a tape there would
    /// be allocated per element (loop-carried values still need one).
    AllPure,
  };

  /// Differentiates code in `body` (a function body, or the body of an op
  /// such as linalg.generic); values of its entry block dominate the whole
  /// reverse sweep and need no tape.
  AdjointBuilder(mlir::Region &body, const ActivityAnalysis &activity,
                 PullbackGenerator &generator,
                 Recompute recompute = Recompute::Cheap);
  AdjointBuilder(const AdjointBuilder &) = delete;

  /// The builder whose insertion point is the current point of the reverse
  /// sweep.
  mlir::OpBuilder &builder() override { return b; }

  bool isActive(mlir::Value v) const { return activity.isActive(v); }

  //===--------------------------------------------------------------------===//
  // Adjoints
  //===--------------------------------------------------------------------===//

  /// The adjoint of `v` accumulated so far; null when it is zero.
  mlir::Value adjoint(mlir::Value v);
  /// True when `v`'s adjoint may hold zeros meaning "not chosen"
  /// (ActivityAnalysis::mayHaveMaskedAdjoint).
  bool mayHaveMaskedAdjoint(mlir::Value v) const {
    return activity.mayHaveMaskedAdjoint(v);
  }
  /// True when `adjoint` (a value returned by adjoint()) may hold such
  /// zeros: contributions computed from it use strong zeros.
  bool isMaskedAdjoint(mlir::Value adjoint) const override {
    return maskedAdjoints.contains(adjoint);
  }
  /// The adjoint of `v`, materializing a zero when there is none.
  mlir::Value adjointOrZero(mlir::Value v);
  /// Adds `contribution` to the adjoint of `v`. No-op when `v` is inactive or
  /// `contribution` is null.
  void accumulate(mlir::Value v, mlir::Value contribution);
  /// Replaces the adjoint of `v` (used by region rules for carried adjoints).
  void setAdjoint(mlir::Value v, mlir::Value adjoint);

  /// A zero of the type (and shape) of `primal`.
  mlir::Value zerosLike(mlir::Value primal);
  /// A constant of the type of `like` (a float or a shaped type of floats):
  /// a primal value, or a value of the reverse sweep usable at the
  /// insertion point (an adjoint).
  mlir::Value constantLike(mlir::Value like, double value) override;

  //===--------------------------------------------------------------------===//
  // Primal values
  //===--------------------------------------------------------------------===//

  /// The value of primal `v` usable at the current insertion point.
  mlir::Value primal(mlir::Value v);
  /// Declares that `available` stands for primal `v` in the current reverse
  /// block (e.g. a recomputed induction variable), instead of the tape.
  void mapPrimal(mlir::Value v, mlir::Value available);

  //===--------------------------------------------------------------------===//
  // Regions
  //===--------------------------------------------------------------------===//

  /// Starts the reverse of one execution of `primalBlock` at the current
  /// insertion point; values of `primalBlock` popped from the tape are placed
  /// here. Every enterBlock is matched by exitBlock.
  void enterBlock(mlir::Block &primalBlock);
  void exitBlock();
  /// Differentiates the ops of `primalBlock` (not its terminator) backwards,
  /// at the current insertion point.
  llvm::LogicalResult reverseBlock(mlir::Block &primalBlock);
  /// Active values defined outside `op` and used inside its regions: their
  /// adjoints must be carried through the reverse of those regions.
  llvm::SmallVector<mlir::Value> activeValuesDefinedAbove(mlir::Operation *op);

  //===--------------------------------------------------------------------===//
  // Calls
  //===--------------------------------------------------------------------===//

  /// The pullback of `callee` with respect to the arguments marked in
  /// `wrt`: `(args..., seeds...) -> (results..., gradients...)`, with one seed
  /// per differentiable result. Generated on first use.
  mlir::FailureOr<mlir::func::FuncOp>
  getPullback(mlir::func::FuncOp callee, llvm::ArrayRef<unsigned> wrt);

  /// The generator of pullbacks, for rules that differentiate op bodies with
  /// an AdjointBuilder of their own.
  PullbackGenerator &pullbacks() { return generator; }

  /// Places the final tape operations: pops that keep every reverse execution
  /// of a block in step with the forward pushes, and stack destruction before
  /// `end`.
  void finalizeTape(mlir::Operation *end);

private:
  struct Scope {
    mlir::Block *primalBlock = nullptr;
    /// Pops go right after `anchor` (or at the start of `anchorBlock`).
    mlir::Operation *anchor = nullptr;
    mlir::Block *anchorBlock = nullptr;
    llvm::DenseMap<mlir::Value, mlir::Value> primals;
    llvm::DenseMap<mlir::Value, mlir::Value> adjoints;
  };
  Scope &scopeOf(mlir::Value v);
  mlir::OpBuilder builderAtAnchor(const Scope &scope);
  /// At the anchor, after the definitions of `values` placed there.
  mlir::OpBuilder builderAfter(const Scope &scope, mlir::ValueRange values);
  /// True when the reverse sweep can get `v` without the tape: it dominates,
  /// is known, or is cheap to recompute (constants, pure integer/index
  /// arithmetic, slices) from operands that are available themselves.
  bool isAvailableWithoutTape(mlir::Value v, unsigned depth);
  bool isUsableAtInsertionPoint(mlir::Value v);
  mlir::Value stackFor(mlir::Value v);

  mlir::OpBuilder b;
  mlir::Block *entry;
  Recompute recompute;
  const ActivityAnalysis &activity;
  llvm::DenseSet<mlir::Value> maskedAdjoints;
  PullbackGenerator &generator;
  llvm::SmallVector<std::unique_ptr<Scope>> scopes;
  /// Adjoints of values defined above the differentiated region.
  Scope outerScope;
  /// Every reverse execution of each block, kept for finalizeTape.
  llvm::DenseMap<mlir::Block *, llvm::SmallVector<std::unique_ptr<Scope>>>
      finishedScopes;
  /// The tape stack of each primal value saved in the forward sweep.
  llvm::MapVector<mlir::Value, mlir::Value> stacks;
};

} // namespace rw::ad

#endif // REWIND_AD_ADJOINTBUILDER_H
