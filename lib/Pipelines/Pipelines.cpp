//===- Pipelines.cpp - Rewind's named pass pipelines ----------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Pipelines/Pipelines.h"
#include "rewind/AD/Passes.h"
#include "rewind/Dialect/Tape/Transforms/Passes.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

/// Adds a textual pipeline of upstream passes (registered by
/// registerAllPasses) to `pm`.
static void addPipeline(OpPassManager &pm, StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    llvm::report_fatal_error("rewind: invalid built-in pipeline: " + pipeline);
}

void rw::buildDifferentiatePipeline(OpPassManager &pm,
                                        const DifferentiateOptions &options) {
  ad::ReverseModePassOptions reverse;
  reverse.unconnected = options.unconnected;
  reverse.tapeBudget = options.tapeBudget;
  // Forward mode first: reverse-mode requests may differentiate the
  // functions it generates (Hessian-vector products).
  pm.addPass(ad::createForwardModePass());
  pm.addPass(ad::createReverseModePass(reverse));
  addPipeline(pm, "inline,symbol-dce,canonicalize,cse");
}

void rw::buildLowerToLLVMPipeline(OpPassManager &pm,
                                  const LowerToLLVMOptions &options) {
  // On tensors: check indices and sizes that come from run-time values,
  // fuse elementwise producers into consumers, bufferize.
  tape::ResolveThreadCountPassOptions threadCount;
  threadCount.threads = options.threads;
  pm.addPass(tape::createResolveThreadCountPass(threadCount));
  addPipeline(pm, "symbol-dce,canonicalize,cse");
  if (options.explainNonfinite)
    pm.addPass(createExplainNonfinitePass());
  if (options.runtimeChecks) {
    pm.addPass(createCheckAccessesPass());
    pm.addPass(createCheckRecursionPass());
  }
  addPipeline(pm, "canonicalize,cse,"
                  "func.func(rewind-lower-relayout,"
                  "convert-elementwise-to-linalg,"
                  "rewind-fuse-elementwise,"
                  "rewind-private-fills,"
                  "rewind-expand-math{scalars-in-loops})");
  // Convolutions become loops around ops that vectorize; contractions get
  // an input contiguous along the output's contiguous dimension.
  if (options.vectorize)
    addPipeline(pm, "func.func(rewind-decompose-convolutions,"
                    "rewind-layout-contractions)");
  addPipeline(pm, "eliminate-empty-tensors,"
                  "rewind-recursive-buffer-args,"
                  "one-shot-bufferize{bufferize-function-boundaries "
                  "function-boundary-type-conversion=identity-layout-map "
                  "allow-return-allocs-from-loops},"
                  "buffer-deallocation-pipeline,"
                  "convert-bufferization-to-memref");
  // On buffers: parallel dimensions on threads, then tile and vectorize
  // every linalg op.
  if (options.threads > 1) {
    ParallelizeLinalgPassOptions parallelize;
    parallelize.threads = options.threads;
    pm.addNestedPass<func::FuncOp>(createParallelizeLinalgPass(parallelize));
  }
  if (options.vectorize) {
    VectorizeLinalgPassOptions vectorize;
    vectorize.vectorBits = options.vectorBits;
    vectorize.vectorRegisters = options.vectorRegisters;
    pm.addNestedPass<func::FuncOp>(createVectorizeLinalgPass(vectorize));
    addPipeline(pm, "canonicalize,cse");
  }
  // Sizes that come from run-time values are checked before allocating.
  pm.addPass(createCheckBufferSizesPass());
  // Tape buffers are freed explicitly, after the ownership-based
  // deallocation, which only accepts the buffers it manages itself.
  pm.addPass(tape::createLowerTapePass());
  addPipeline(pm, "canonicalize,"
                  "func.func(convert-linalg-to-loops),"
                  "expand-realloc,"
                  "func.func(convert-vector-to-scf{full-unroll=true}),"
                  "expand-strided-metadata,"
                  "lower-affine,"
                  "rewind-outline-math,"
                  "func.func(rewind-expand-math),"
                  "convert-math-to-funcs{convert-ctlz=false}");
  if (options.fpContract)
    pm.addPass(createAllowContractionPass());
  addPipeline(pm, "func.func(rewind-rotate-loops,rewind-split-blocks),"
                  "convert-scf-to-cf,"
                  "convert-vector-to-llvm{reassociate-fp-reductions},"
                  "convert-math-to-llvm,"
                  "convert-math-to-libm,"
                  "finalize-memref-to-llvm{use-generic-functions},"
                  "convert-to-llvm,"
                  "reconcile-unrealized-casts");
}

void rw::registerPipelines() {
  PassPipelineRegistration<DifferentiateOptions>(
      "rewind-differentiate",
      "Replace derivative requests with generated pullbacks (tape kept)",
      buildDifferentiatePipeline);
  PassPipelineRegistration<LowerToLLVMOptions>(
      "rewind-lower-to-llvm",
      "Lower differentiated IR (tape, tensors, scf, math) to the LLVM dialect",
      buildLowerToLLVMPipeline);
}
