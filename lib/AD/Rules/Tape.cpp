//===- Tape.cpp - Derivative rules for the tape dialect -------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;

namespace rw::ad {

void registerTapeRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, tape::TapeDialect *) {
    // stop_gradient: the identity, with zero derivative (a cut).
    attachZeroDerivativeRules<tape::StopGradientOp>(context);
  });
}

} // namespace rw::ad
