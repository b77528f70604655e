//===- Tape.cpp - Derivative rules for the tape dialect -------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace rw::ad {

/// tape.custom_vjp: the gradients of its arguments are what the user's
/// pullback returns for the adjoints of its results; captures get none.
struct CustomVjpRule
    : public ReverseModeOpInterface::ExternalModel<CustomVjpRule,
                                                   tape::CustomVjpOp> {
  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto custom = cast<tape::CustomVjpOp>(op);
    SmallVector<Value> operands;
    for (Value v : custom->getOperands())
      operands.push_back(ctx.primal(v));
    for (Value r : custom.getResults())
      if (tape::isDifferentiableType(r.getType()))
        operands.push_back(ctx.adjointOrZero(r));
    SymbolTableCollection table;
    auto pullback = table.lookupNearestSymbolFrom<func::FuncOp>(
        op, custom.getPullbackAttr());
    auto call = func::CallOp::create(ctx.builder(), op->getLoc(), pullback,
                                     operands);
    unsigned k = 0;
    for (Value arg : custom.getArgs())
      if (tape::isDifferentiableType(arg.getType()))
        ctx.accumulate(arg, call.getResult(k++));
    return success();
  }
  bool hasZeroDerivative(Operation *op, unsigned operandIndex) const {
    return operandIndex >= cast<tape::CustomVjpOp>(op).getArgs().size();
  }
};

void registerTapeRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, tape::TapeDialect *) {
    // stop_gradient: the identity, with zero derivative (a cut).
    attachZeroDerivativeRules<tape::StopGradientOp>(context);
    tape::CustomVjpOp::attachInterface<CustomVjpRule>(*context);
  });
}

} // namespace rw::ad
