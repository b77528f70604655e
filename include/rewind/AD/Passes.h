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

/// Replaces the tape.jvp requests of `module` with calls of generated
/// forward-mode functions. With `deferNested`, a request whose callee holds a
/// reverse-mode request (or calls one that does) is left for
/// rewind-reverse-mode, which answers it once that request is answered
/// (forward over reverse).
mlir::LogicalResult lowerJvpRequests(mlir::ModuleOp module, bool deferNested);

/// Erases what generated derivative code computes for nothing: operands a
/// linalg body does not read, outputs nobody reads (with the body ops that
/// only computed them), tape stacks nobody pops, dead ops. Neither folds
/// nor merges constants.
void eraseUnusedDerivativeCode(mlir::Operation *root);

/// Whether `fn`, or a function it names (calls, derivative requests),
/// transitively holds an op `match` accepts.
bool reachesOp(mlir::func::FuncOp fn,
               llvm::function_ref<bool(mlir::Operation *)> match);
} // namespace rw::ad

#endif // REWIND_AD_PASSES_H
