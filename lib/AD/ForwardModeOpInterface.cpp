//===- ForwardModeOpInterface.cpp - Forward-mode rules --------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/ForwardModeOpInterface.h"
#include "rewind/AD/TangentBuilder.h"

#include "rewind/AD/ForwardModeOpInterface.cpp.inc"
