//===- RuleContext.h - What both kinds of derivative rules see --*- C++ -*-===//
//
// Part of the Rewind project.
//
// The part of AdjointBuilder (reverse mode) and TangentBuilder (forward mode)
// that the arithmetic helpers of rules (Emitter) need: rules of scalar ops
// written once serve both modes (see lib/AD/Rules/Math.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_RULECONTEXT_H
#define REWIND_AD_RULECONTEXT_H

#include "mlir/IR/Builders.h"

namespace rw::ad {

class RuleContext {
public:
  virtual ~RuleContext() = default;
  /// The builder whose insertion point is where derivative code goes.
  virtual mlir::OpBuilder &builder() = 0;
  /// A constant of the type (and shape) of `like`, a value usable at the
  /// insertion point or a primal value.
  virtual mlir::Value constantLike(mlir::Value like, double value) = 0;
  /// True when `derivative` (an adjoint or tangent this context gave) may
  /// hold zeros that must stay zeros where a local derivative is not finite
  /// (strong zeros, see Emitter::unlessZero).
  virtual bool isMaskedAdjoint(mlir::Value derivative) const = 0;
};

/// A constant of `type`: a float, or a ranked tensor of floats filled with
/// it, whose dynamic sizes are read from `sizeSource()` (a value of that
/// type, asked for only when there are dynamic sizes).
mlir::Value buildConstant(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type,
                          llvm::function_ref<mlir::Value()> sizeSource,
                          double value);

} // namespace rw::ad

#endif // REWIND_AD_RULECONTEXT_H
