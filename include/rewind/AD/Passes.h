//===- Passes.h - Automatic differentiation passes --------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_PASSES_H
#define REWIND_AD_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

namespace rw::ad {
#define GEN_PASS_DECL
#include "rewind/AD/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rewind/AD/Passes.h.inc"
} // namespace rw::ad

#endif // REWIND_AD_PASSES_H
