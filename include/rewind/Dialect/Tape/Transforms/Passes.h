//===- Passes.h - Tape dialect passes ---------------------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_H
#define REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace rw::tape {
#define GEN_PASS_DECL
#include "rewind/Dialect/Tape/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "rewind/Dialect/Tape/Transforms/Passes.h.inc"
} // namespace rw::tape

#endif // REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_H
