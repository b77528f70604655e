//===- ReverseModeOpInterface.cpp - Reverse-mode rules --------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/AD/AdjointBuilder.h"

#include "rewind/AD/ReverseModeOpInterface.cpp.inc"
