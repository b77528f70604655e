//===- Passes.td - Tape dialect passes ---------------------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_TD
#define REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerTapePass : Pass<"rewind-lower-tape"> {
  let summary = "Lowers tape stacks to memref buffers";
  let description = [{
    Rewrites every `!tape.stack<T>` into a `memref<?xT>` buffer plus a
    counter:

    * `tape.stack_create capacity %n` allocates one buffer of `%n` elements;
      pushes never reallocate. Stacks of one capacity created in one block
      and destroyed in one block (the values one loop saves) share one
      allocation, widest elements first (`memref.view`s of an i8 buffer),
      accounted and freed once.
    * `tape.stack_create` without a capacity allocates a small buffer that
      `tape.push` doubles with `memref.realloc` when it is full.
    * `tape.push` stores at the counter and increments it, `tape.pop`
      decrements it and loads, `tape.stack_destroy` frees the buffer.
    * `tape.live_bytes`, `tape.checkpoint_plan`, `tape.binomial_split` and
      `tape.recomputed` call the runtime, which accounts the tape's bytes.

    The buffer and counter live in stack slots (`memref.alloca`) that LLVM
    promotes to registers, so a push is one store and a pop one load.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect"
  ];
}

def ResolveThreadCountPass : Pass<"rewind-resolve-thread-count"> {
  let summary = "Replaces tape.thread_count by the number of threads";
  let description = [{
    Replaces every `tape.thread_count` by the constant `threads`, the
    lowering's thread count, before bufferization so that the private
    copies of a parallel loop's reverse get static shapes.
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"1",
           "Threads that parallel loops run on">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // REWIND_DIALECT_TAPE_TRANSFORMS_PASSES_TD
