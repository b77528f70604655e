//===- ForwardModeOpInterface.h - Forward-mode rules ------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_FORWARDMODEOPINTERFACE_H
#define REWIND_AD_FORWARDMODEOPINTERFACE_H

#include "mlir/IR/OpDefinition.h"

namespace rw::ad {
class TangentBuilder;
} // namespace rw::ad

#include "rewind/AD/ForwardModeOpInterface.h.inc"

#endif // REWIND_AD_FORWARDMODEOPINTERFACE_H
