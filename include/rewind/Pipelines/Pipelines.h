//===- Pipelines.h - Rewind's named pass pipelines --------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_PIPELINES_PIPELINES_H
#define REWIND_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace rw {

struct DifferentiateOptions
    : public mlir::PassPipelineOptions<DifferentiateOptions> {
  Option<std::string> unconnected{
      *this, "unconnected",
      llvm::cl::desc("For a requested argument whose gradient is always zero: "
                     "'zero' (warn) or 'error'"),
      llvm::cl::init("zero")};
  Option<int64_t> tapeBudget{
      *this, "tape-budget",
      llvm::cl::desc("Keep the tape within this many bytes by checkpointing "
                     "loops (0: no budget)"),
      llvm::cl::init(0)};
};

/// `rewind-differentiate`: replaces derivative requests by generated
/// pullbacks, inlines them and cleans up. The result still holds the tape
/// (tape.push/tape.pop).
void buildDifferentiatePipeline(mlir::OpPassManager &pm,
                                const DifferentiateOptions &options);

struct LowerToLLVMOptions
    : public mlir::PassPipelineOptions<LowerToLLVMOptions> {
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize linalg ops (rewind-vectorize-linalg)"),
      llvm::cl::init(true)};
  Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width rewind-vectorize-linalg tiles "
                     "for (0: the host CPU's)"),
      llvm::cl::init(0)};
  Option<unsigned> vectorRegisters{
      *this, "vector-registers",
      llvm::cl::desc("Number of vector registers rewind-vectorize-linalg "
                     "blocks for (0: the host CPU's)"),
      llvm::cl::init(0)};
  Option<bool> fpContract{
      *this, "fp-contract",
      llvm::cl::desc("Let a * b + c become one fused multiply-add "
                     "(rewind-allow-contraction)"),
      llvm::cl::init(true)};
  Option<bool> runtimeChecks{
      *this, "runtime-checks",
      llvm::cl::desc("Check indices and sizes that come from run-time values "
                     "(rewind-check-accesses)"),
      llvm::cl::init(true)};
  Option<bool> explainNonfinite{
      *this, "explain-nonfinite",
      llvm::cl::desc("Report the first op whose result is NaN or infinite "
                     "(rewind-explain-nonfinite)"),
      llvm::cl::init(false)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("OpenMP threads that run linalg ops' parallel "
                     "dimensions and parallel loops "
                     "(rewind-parallelize-linalg; 1: serial code)"),
      llvm::cl::init(1)};
};

/// `rewind-lower-to-llvm`: vectorizes, bufferizes, lowers the tape and
/// everything else to the LLVM dialect, ready for the JIT or mlir-translate.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers both pipelines with the pass registry (for rewind-opt).
void registerPipelines();

} // namespace rw

#endif // REWIND_PIPELINES_PIPELINES_H
