//===- Activity.h - Activity analysis ---------------------------*- C++ -*-===//
//
// Part of the Rewind project.
//
// A value is *varied* when it depends, through differentiable operations, on a
// differentiated argument, and *useful* when it influences a differentiated
// result through differentiable operations. Active = varied and useful: only
// active values get adjoints. Data flow through region-holding ops
// (scf.for/if/while, ...) follows RegionBranchOpInterface, so the analysis
// knows no op by name.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_ACTIVITY_H
#define REWIND_AD_ACTIVITY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <optional>
#include <string>

namespace rw::ad {

class CallSummaries;

class ActivityAnalysis {
public:
  /// Analyses `func` for derivatives of its differentiable results with
  /// respect to the arguments at `wrt`.
  ActivityAnalysis(mlir::func::FuncOp func, llvm::ArrayRef<unsigned> wrt,
                   bool outputsMasked = false);
  /// Analyses `body` for derivatives of `outputs` with respect to `inputs`
  /// (values defined in or above `body`).
  /// `outputsMasked`: the adjoints of `outputs` may themselves be masked
  /// zeros (see mayHaveMaskedAdjoint).
  ActivityAnalysis(mlir::Region &body, llvm::ArrayRef<mlir::Value> inputs,
                   llvm::ArrayRef<mlir::Value> outputs,
                   bool outputsMasked = false);
  ~ActivityAnalysis();

  bool isVaried(mlir::Value v) const { return varied.contains(v); }
  bool isUseful(mlir::Value v) const { return useful.contains(v); }
  bool isActive(mlir::Value v) const { return isVaried(v) && isUseful(v); }

  /// True when `op` has results and none of them is active (ops of the
  /// analysed body, outside the bodies of ops analysed as a whole): no
  /// derivative flows through it, so it needs no rule, no preparation and
  /// no tangents.
  bool isInactive(mlir::Operation *op) const;
  /// True when the adjoint of `v` may hold zeros that stand for "not
  /// chosen" (it flows into an operand of an op whose rule masks adjoints,
  /// ReverseModeOpInterface::masksAdjoint, or into an output whose adjoint
  /// may): rules then use strong zeros for it (Emitter::unlessZero).
  bool mayHaveMaskedAdjoint(mlir::Value v) const {
    return allMasked || masked.contains(v);
  }

  /// When `input` cannot influence any output, says why ("it is unused",
  /// "its only path to the result goes through 'arith.fptosi' at
  /// f.mlir:7:8", ...); std::nullopt when it can.
  std::optional<std::string> explainZeroGradient(mlir::Value input) const;

private:
  mlir::Region *body;
  llvm::SmallVector<mlir::Value> outputs;
  llvm::DenseSet<mlir::Value> varied, useful, masked;
  bool allMasked;
  std::unique_ptr<CallSummaries> calls;
};

/// Formats a location as `file:line:col` (the first file location inside it),
/// or "an unknown location".
std::string formatLocation(mlir::Location loc);

} // namespace rw::ad

#endif // REWIND_AD_ACTIVITY_H
