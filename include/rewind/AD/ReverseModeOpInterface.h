//===- ReverseModeOpInterface.h - Reverse-mode rules ------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_REVERSEMODEOPINTERFACE_H
#define REWIND_AD_REVERSEMODEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"

namespace rw::ad {
class AdjointBuilder;
} // namespace rw::ad

#include "rewind/AD/ReverseModeOpInterface.h.inc"

#endif // REWIND_AD_REVERSEMODEOPINTERFACE_H
