//===- RuntimeABI.h - Calls from compiled code into Rewind's runtime -*- C++ -*-===//
//
// Part of the Rewind project.
//
// Compiled code reports run-time errors (a size that overflows, an allocation
// that fails, a tape over its limit) by calling into Rewind's runtime, which
// ends the call and hands the error to the caller as a value (see
// rewind/JIT/Runtime.h and docs/Rationale.md). This header is the contract
// between the passes that emit those calls and the runtime that defines
// them: the function names, their signatures, the error codes, and the table
// of source locations ("sites") that errors name.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_RUNTIME_RUNTIMEABI_H
#define REWIND_RUNTIME_RUNTIMEABI_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>

namespace rw::runtime {

/// `i64 __rewind_tape_capacity(i64 site, i64 capacity, i64 needed,
///                             i64 elementBytes)`:
/// the new capacity (in elements) of a tape buffer that holds `capacity`
/// elements (0 when it is created) and must hold `needed`: `needed` on
/// creation, at least double the old capacity when it grows. Fails when the
/// size in bytes overflows or exceeds the tape limit of the call; accounts
/// the tape's bytes.
inline constexpr llvm::StringLiteral kTapeCapacity = "__rewind_tape_capacity";
/// `void __rewind_tape_release(i64 site, i64 capacity, i64 elementBytes)`:
/// the tape buffer is freed.
inline constexpr llvm::StringLiteral kTapeRelease = "__rewind_tape_release";
/// `i64 __rewind_tape_bytes()`: the bytes of the tape buffers alive on this
/// thread.
inline constexpr llvm::StringLiteral kTapeBytes = "__rewind_tape_bytes";
/// `i64 __rewind_checkpoint_plan(i64 budget, i64 levels, i64 iterations,
///                               i64 iterationBytes, i64 snapshotBytes)`:
/// the number of segments to checkpoint a loop with (0: tape it whole), as
/// tape.checkpoint_plan describes.
inline constexpr llvm::StringLiteral kCheckpointPlan =
    "__rewind_checkpoint_plan";
/// `i64 __rewind_binomial_split(i64 iterations, i64 snapshots)`: as
/// tape.binomial_split.
inline constexpr llvm::StringLiteral kBinomialSplit = "__rewind_binomial_split";
/// `void __rewind_recomputed(i64 iterations)`: a checkpointed loop runs
/// `iterations` iterations again.
inline constexpr llvm::StringLiteral kRecomputed = "__rewind_recomputed";
/// `i64 __rewind_buffer_size(i64 site, i64 bytes, i64 dimension)`:
/// `bytes * dimension` for a buffer being allocated; fails for a negative
/// dimension or when the product overflows.
inline constexpr llvm::StringLiteral kBufferSize = "__rewind_buffer_size";

/// `void __rewind_check_failed(i64 site)`: a run-time check failed; the
/// site's description is the error.
inline constexpr llvm::StringLiteral kCheckFailed = "__rewind_check_failed";

/// `void __rewind_check_stack(i64 site, i64 address)`: `address` (of a local
/// of a recursive function) must leave room on the thread's stack.
inline constexpr llvm::StringLiteral kCheckStack = "__rewind_check_stack";

/// `i64 __rewind_stack_limit()`: the lowest address of the thread's stack a
/// recursive function may reach (compared at its entry with a local's).
inline constexpr llvm::StringLiteral kStackLimit = "__rewind_stack_limit";

/// `void __rewind_nonfinite(i64 site, i64 count, i64 a, i64 b, i64 c)`: the
/// op at `site` produced a NaN or an infinity; `count` (at most 3) of its
/// floating-point operands, as the bits of f64 values, follow. The runtime
/// keeps the first report of a call (rewind-explain-nonfinite).
inline constexpr llvm::StringLiteral kNonfinite = "__rewind_nonfinite";

/// The prefix of the NameLoc the reverse-mode pass wraps around the
/// locations of the ops it creates for the adjoint of an op:
/// `rewind.adjoint_of 'math.log'`.
inline constexpr llvm::StringLiteral kAdjointOfPrefix = "rewind.adjoint_of ";

/// Module attribute: an array of strings, the description of each site
/// ("the scf.for at prog.mlir:3:8"), indexed by the site numbers compiled
/// code passes to the runtime.
inline constexpr llvm::StringLiteral kSitesAttr = "rewind.runtime_sites";

/// `file:line:col` of `loc` (the first file location inside it), or
/// "an unknown location".
std::string describeLocation(mlir::Location loc);

/// Adds `description` to the module's site table and returns its number.
int64_t addSite(mlir::ModuleOp module, llvm::StringRef description);

/// Calls runtime function `name` (declared in the module on first use) with
/// i64 arguments (index values are cast); returns its i64 result, if any.
mlir::Value callRuntime(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::ModuleOp module, llvm::StringRef name,
                        mlir::ValueRange args, bool hasResult);

/// Bytes of one element of `type` in a buffer (an integer, float or index).
int64_t elementBytes(mlir::Type type);

/// `a * b` for non-negative index values, saturating at INT64_MAX instead of
/// wrapping, so that an overflowing size fails the runtime's checks.
mlir::Value buildSaturatingMul(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value a, mlir::Value b2);

} // namespace rw::runtime

#endif // REWIND_RUNTIME_RUNTIMEABI_H
