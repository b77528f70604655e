//===- Passes.td - Rewind's lowering passes ----------------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_TRANSFORMS_PASSES_TD
#define REWIND_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def VectorizeLinalgPass : Pass<"rewind-vectorize-linalg", "::mlir::func::FuncOp"> {
  let summary = "Tiles every linalg op on buffers and vectorizes the tiles";
  let description = [{
    Runs after bufferization. Chooses register tiles from each op's iterator
    types and indexing maps, tiles with `scf.for` (reduction loops
    innermost), peels each tile loop so that full tiles are vectorized without
    masks and only the remainder with masks (dynamic and odd sizes stay
    vectorized):

    * the loop dimension that is contiguous in the output (its last index) is
      the vector dimension: one register (`vector-bits` / element bits);
    * a contraction (a reduction whose output's contiguous dimension is also
      contiguous in an input, such as a matmul or its adjoints) becomes a sum
      of outer products on a block of accumulators held in registers: 2
      registers wide and `vector-registers` / 4 rows (8 x 2 of AVX-512's 32
      registers, 4 x 2 of AVX2's 16), half the registers, the rest for the
      operands;
    * a reduction over the contiguous dimension of an input (a row sum) is
      vectorized along it;
    * every other dimension is tiled by 1.

    Then lowers the vector ops that have no good direct LLVM lowering:
    contractions to outer products, multi-reductions to inner reductions,
    transfers with permutation maps to plain ones; and hoists each tile's
    accumulator reads and writes out of its reduction loop.

    Ops reading or writing buffers of `i1` stay scalar loops: such a buffer
    holds one byte per element, a vector of `i1` loads and stores packed bits.

    A `memref.copy` that is not a memcpy (both buffers of static shapes and
    contiguous rows) becomes a `linalg.copy` first: lowered as is, it is a
    runtime call that copies element by element.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector register width in bits (tile of the vector dimension = "
           "vector-bits / element bits); 0: the host CPU's">,
    Option<"vectorRegisters", "vector-registers", "unsigned",
           /*default=*/"0",
           "Number of vector registers (sizes the accumulator blocks of "
           "contractions); 0: the host CPU's">,
  ];
  // Every dialect the vectorizer and the patterns may create ops of: a
  // dialect loaded lazily while functions are vectorized in parallel races
  // with the other threads (the vectorizer creates ub.poison).
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::affine::AffineDialect", "::mlir::ub::UBDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ParallelizeLinalgPass : Pass<"rewind-parallelize-linalg", "::mlir::func::FuncOp"> {
  let summary = "Runs the parallel dimension of each linalg op on buffers "
                "(or its reduction, on private copies) on OpenMP threads";
  let description = [{
    Runs after bufferization, before `rewind-vectorize-linalg`. For each
    linalg op on buffers (outside another parallel region) it takes the
    outermost parallel loop dimension that indexes every output by itself
    (a projected permutation: iterations along it write disjoint elements),
    splits its range into `threads` contiguous chunks, and runs the chunks
    as the iterations of an OpenMP worksharing loop (`omp.parallel` with
    `num_threads(threads)`, `omp.wsloop`, static schedule: chunk t on
    thread t). The op's own iteration order within a chunk is unchanged,
    and no element is computed by two threads: results are the same call
    after call for a thread count, and agree with the serial code's to
    rounding (a chunk's shape may lead the vectorizer to another summation
    order; docs/parallel.md).

    A parallel region costs a fork and a join (microseconds): an op whose
    iteration space (the product of its loop ranges, known at run time) is
    below `min-work` runs as it is, on the calling thread (an `scf.if`
    chooses between the chunks and a copy of the op: an OpenMP `if` clause
    would still call into the runtime).

    An op with no such dimension (or one shorter than 4 chunks per thread)
    whose outputs are reductions `acc = acc (op) x` by an `arith` combiner
    with a neutral element is split along its longest reduction dimension
    instead: chunk t reduces into a private copy t of the outputs (started
    at the neutral element, each copy on its own cache line), and the
    copies are folded into the outputs in chunk order after the loop, so
    results stay deterministic. The copies are made only when the op
    reaches `min-work` iterations and they are fewer than its iterations;
    otherwise the op runs as it is. Other reductions stay serial.

    `scf.parallel` loops without reductions (a user's `scf.forall` or
    `scf.parallel` after bufferization) become worksharing loops the same
    way.

    With `threads` = 1 the pass changes nothing.
  }];
  let options = [
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Number of threads (1: serial code)">,
    Option<"minWork", "min-work", "int64_t", /*default=*/"32768",
           "Iteration count below which an op runs on the calling thread">,
  ];
  let dependentDialects = [
    "::mlir::omp::OpenMPDialect", "::mlir::scf::SCFDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::affine::AffineDialect"
  ];
}

def AllowContractionPass : Pass<"rewind-allow-contraction"> {
  let summary = "Lets every floating-point a * b + c become one FMA";
  let description = [{
    Adds the `contract` fast-math flag to every `arith` and `math` op, so
    that LLVM fuses a multiplication and the addition that uses it into one
    fused multiply-add (as C compilers do with `-ffp-contract=fast`), in
    scalar and vector code, primal and adjoint alike. The fused result is
    rounded once instead of twice: it may differ from the unfused one in
    the last bit (it is usually the more accurate), so results are
    reproducible for one target CPU, not bit-identical across CPUs with
    and without FMA. No other fast-math flag is set: NaNs, infinities,
    signed zeros and the order of operations stay IEEE's.
  }];
}

def SplitBlocksPass : Pass<"rewind-split-blocks", "::mlir::func::FuncOp"> {
  let summary = "Splits a function's long blocks into blocks of bounded size";
  let description = [{
    A long straight-line program (recorded from a Python loop) is one block
    of hundreds of thousands of operations. Several of MLIR's lowerings are
    quadratic in the length of a block: `convert-scf-to-cf` splits the block
    at each loop, moving everything after it, and the dialect conversions
    ask for the order of two operations after inserting new ones, which
    renumbers the whole block each time. A 400-step program spent 7 s in
    `convert-to-llvm` (AMD EPYC Zen 5). This pass ends each run of 1000 operations of a
    function's body with a `cf.br` to the next (splitting from the end, so
    each operation moves once); values defined in a block dominate the
    blocks after it, and LLVM merges the blocks again.
  }];
  let options = [
    Option<"maxBlockSize", "max-block-size", "unsigned", /*default=*/"1000",
           "The most operations left in one block">
  ];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect"];
}

def RotateLoopsPass : Pass<"rewind-rotate-loops", "::mlir::func::FuncOp"> {
  let summary = "Turns loops known to run at least once into do-while loops";
  let description = [{
    An `scf.for` with a constant trip count of at least one becomes an
    `scf.while` whose `before` region runs the body, steps the induction
    variable and tests it: the form LLVM's loop passes expect, which its
    loop rotation would otherwise produce. Rotation updates the dominator
    tree of the whole function for each loop, quadratic in a long function
    with many short loops (a program recorded from a Python loop: one
    2-iteration tile loop per operation): 2.7 of the 4.4 s of LLVM's
    optimization of a 1000-step recorded program (AMD EPYC Zen 5).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

def OutlineMathPass : Pass<"rewind-outline-math", "::mlir::ModuleOp"> {
  let summary = "Shares one copy of each vector math function among cold sites";
  let description = [{
    A transcendental function on a vector (`math.sin`, `math.exp`, ...)
    expands into a polynomial of 50 to 100 instructions
    (`rewind-expand-math`), or into one libm call per lane. A long
    straight-line program, such as one recorded from a Python loop, has
    hundreds of such sites, and LLVM's compile time grows faster than its
    size. Sites that run few times per call (outside loops, or in loops of
    at most four iterations in all) become calls to one private function
    per operation, operand types and flags, marked `noinline`; sites in
    longer or dynamic loops stay inline, where the call would cost more than
    it saves. Only operations with at least two cold sites are outlined.
    A 100-step recorded `sin` program compiles in 1.3 s instead of 4.2 s
    (AMD EPYC Zen 5, AVX-512).
  }];
  let options = [
    Option<"maxColdTrips", "max-cold-trips", "int64_t", /*default=*/"4",
           "The most executions per call of a site that is outlined">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def ExpandMathPass : Pass<"rewind-expand-math", "::mlir::func::FuncOp"> {
  let summary = "Expands f64 math in vectors and loops into polynomials";
  let description = [{
    `math.exp`, `math.log`, `math.tanh`, `math.expm1`, `math.sin` and
    `math.cos` on vectors of f64 (and, with `scalars-in-loops`, on f64
    scalars in the bodies of scf loops) are rewritten as arithmetic: range
    reduction, a polynomial evaluated with `math.fma` by Estrin's scheme (a
    short dependency chain, for scalar code), and exponent manipulation with
    integer bit operations (within a few ulp of libm; sin and cos within 1
    ulp for |x| <= 1e5, larger or infinite arguments keep libm's calls behind
    a test of the whole vector). Vectors of f32 use MLIR's polynomial
    approximations. Other scalar math is left to libm.

    Rewind's pipeline expands the scalars of the program's own loops before
    bufferization, when the loops that lowering linalg ops will add (the
    remainders of vectorized ops, which run a few iterations) do not exist
    yet: polynomials there cost compile time and win nothing.
  }];
  let options = [
    Option<"scalarsInLoops", "scalars-in-loops", "bool", /*default=*/"false",
           "Also expand f64 scalar math in the bodies of scf loops (not in "
           "linalg payloads)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def CheckBufferSizesPass : Pass<"rewind-check-buffer-sizes", "::mlir::ModuleOp"> {
  let summary = "Checks the size of every dynamically sized buffer at run time";
  let description = [{
    Before each `memref.alloc` and `memref.alloca` with dynamic sizes, asks
    Rewind's runtime to multiply the sizes out (`__rewind_buffer_size`, one
    call per dynamic dimension). A negative size, or a size in bytes that
    does not fit in 63 bits, ends the call with an error naming the source
    location of the tensor ("negative size -3 for the tensor created at
    prog.mlir:4:8") instead of an allocation of a wrapped-around size and a
    heap overflow. Static sizes are checked at compile time.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"
  ];
}

def CheckAccessesPass : Pass<"rewind-check-accesses", "::mlir::ModuleOp"> {
  let summary = "Checks indices and sizes that come from run-time values";
  let description = [{
    On tensors, before bufferization: every op that implements
    `RuntimeVerifiableOpInterface` (`tensor.extract`, `insert`,
    `extract_slice`, `insert_slice`, `dim`, `cast`; `linalg` ops, whose
    operands' dynamic sizes must agree) gets the checks MLIR provides, and
    each check that fails calls Rewind's runtime (`__rewind_check_failed`),
    which ends the call with an error naming the op and its location
    ("out-of-bounds access in the tensor.extract at prog.mlir:3:8") instead
    of reading or writing outside a buffer. Checks whose operands are
    constants fold away.

    A linalg op whose indexing maps are all loop dimensions gets Rewind's
    own size check: one equality per operand dimension with the first
    operand dimension on the same loop, where each size is the SSA value
    the IR made it from (an init's, a `tensor.empty`'s operand, a slice's
    size; `ReifyRankedShapedTypeOpInterface`). Sizes made from one value
    need no check, and an equality checked where it dominates is not
    checked again: GMM's gradient has 44 checks instead of 684.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect", "::mlir::index::IndexDialect",
    "::mlir::cf::ControlFlowDialect", "::mlir::tensor::TensorDialect"
  ];
}

def CheckRecursionPass : Pass<"rewind-check-recursion", "::mlir::ModuleOp"> {
  let summary = "Checks the stack at the entry of recursive functions";
  let description = [{
    A function that can call itself (directly or through others, pullbacks
    included) checks at entry that the stack has room: the address of a
    local against the lowest address the thread's stack may reach. When a
    recursion whose depth comes from run-time values is too deep, the call
    ends with an error naming the function's location instead of
    overflowing the stack of the host process.

    A private function that is only called takes the limit as one more
    argument (its callers on the cycle pass theirs; the others ask the
    runtime once, `__rewind_stack_limit`), so the check is a comparison.
    Other recursive functions ask the runtime at each entry
    (`__rewind_check_stack`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

def PrivateFillsPass : Pass<"rewind-private-fills", "::mlir::func::FuncOp"> {
  let summary = "Gives each linalg op that writes into a filled tensor its own fill";
  let description = [{
    CSE merges equal fills (the zeros a reduction starts from, a derivative
    and its tangent both start from), and One-Shot Bufferize then copies the
    filled buffer for each op after the first that writes into it: a copy
    reads and writes the whole tensor (forward mode's distances and their
    tangents in k-means: two 80 MB copies per Hessian-vector product).
    Filling again only writes. Before bufferization, each linalg op with
    tensor semantics whose init is a fill that has other uses gets a copy of
    the fill (of a `tensor.empty`) just before it. A fill here is
    `linalg.fill` or a `linalg.generic` of parallel loops without tensor
    inputs of rank > 0 whose body does not read its output.
  }];
}

def RecursiveBufferArgsPass
    : Pass<"rewind-recursive-buffer-args", "::mlir::ModuleOp"> {
  let summary = "Passes the tensor arguments of recursive functions as buffers";
  let description = [{
    One-Shot Bufferize decides whether a call may write into its tensor
    arguments from the callee's bufferization, which a call cycle does not
    have yet: it copies every tensor argument at every recursive call (a
    recursive determinant copied its matrix at each of its 10^8 calls, and
    so would a recursive pullback). Before bufferization, each ranked
    tensor argument of a function that can call itself (private, and only
    called) becomes a buffer of any layout: the function reads it through
    `bufferization.to_tensor restrict` (so a write in place is a copy, made
    by the callee), and each call passes `bufferization.to_buffer read_only`
    of its tensor. No copy remains when the function only reads it.

    An argument returned updated (a pullback's adjoint, marked
    `rewind.accumulated_into = <result>` by rewind-reverse-mode) becomes one
    writable buffer: the function reads it through `to_tensor restrict
    writable` and stores the result into it (`materialize_in_destination`,
    nothing to copy when its updates were in place); the result is dropped,
    and each caller passes `to_buffer` of its tensor and reads the result
    back from that buffer. The adjoint of a recursive determinant's matrix
    is then one buffer for all its calls, not one per call.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def ExplainNonfinitePass
    : Pass<"rewind-explain-nonfinite", "::mlir::ModuleOp"> {
  let summary = "Reports the first op whose result is NaN or infinite";
  let description = [{
    After every op with a floating-point result (scalar or tensor) in every
    function with a body, pullbacks included, tests whether the result is
    NaN or infinite and, if so, tells Rewind's runtime
    (`__rewind_nonfinite`) which op it was: its name, its source location,
    whether it belongs to the reverse sweep (and then the adjoint of which
    op it computes), and for a scalar op the values of its floating-point
    operands. The runtime keeps the first report of each call. Costs a test
    per value (a reduction per tensor): for debugging
    (`rewind-run --explain-nonfinite`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def LowerRelayoutPass : Pass<"rewind-lower-relayout", "::mlir::func::FuncOp"> {
  let summary = "Lowers linalg.pack and linalg.unpack to ops that bufferize";
  let description = [{
    MLIR 22 does not bufferize `linalg.pack` (tiling a tensor into blocks,
    padding the last ones) and `linalg.unpack`. Each becomes what they
    mean: `tensor.pad`, `tensor.expand_shape` and `linalg.transpose`, and
    the inverse `linalg.transpose`, `tensor.collapse_shape` and
    `tensor.extract_slice`. An op that cannot be lowered (dynamic tile
    sizes) is an error naming it.
  }];
  let dependentDialects = [
    "::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect"
  ];
}

def DecomposeConvolutionsPass
    : Pass<"rewind-decompose-convolutions", "::mlir::func::FuncOp"> {
  let summary = "Turns convolutions into loops over kernel offsets around "
                "ops that vectorize";
  let description = [{
    A linalg op whose inputs are indexed by sums of loop dimensions (a
    convolution or pooling window: `s * oh + d * kh`), named or generic, does
    not vectorize. For each such index the dimension with the largest range
    stays and the others (the kernel offsets) become `scf.for` loops around
    the op restricted to strided slices of its operands: a projected-
    permutation op, for a convolution a contraction over channels that
    vectorizes as outer products. Only ops whose reductions are sums,
    products, max or min are rewritten, since the order of their terms
    changes.
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect"
  ];
}

def LayoutContractionsPass
    : Pass<"rewind-layout-contractions", "::mlir::func::FuncOp"> {
  let summary = "Transposes an operand of a contraction so that the "
                "output's contiguous dimension is contiguous in an input";
  let description = [{
    A contraction vectorizes as a sum of outer products when the output's
    last (contiguous) dimension is also the last dimension of an input (a
    matmul: C(m, n) += A(m, k) B(k, n)). When it is not (C(m, n) += A(m, k)
    B(n, k), as in the data adjoint of a convolution), an input that holds
    that dimension elsewhere and is reused across the other loops is copied
    transposed (`linalg.transpose`, once) so that it does.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

def FuseElementwisePass : Pass<"rewind-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses elementwise producers into the linalg ops that read "
                "each of their elements once";
  let description = [{
    MLIR's elementwise fusion (`linalg-fuse-elementwise-ops`), with one more
    condition: the consumer reads each element of the fused operand once
    (its indexing map is a permutation of all the consumer's loops). A
    producer whose elements a consumer reads many times (a scaled gradient
    read by a contraction once per output channel) would otherwise be
    recomputed as often, and the consumer would no longer be a pure
    contraction that vectorizes as outer products.

    The pass first fuses each block's clusters of elementwise ops in one
    sweep from the last op to the first, building each payload op once; a
    producer joins when all its uses are in the cluster and read the same
    element at each point. MLIR's pattern then fuses what is left (producers
    in other blocks, consumers with reductions). The pattern alone copies the
    growing payload at every step of a chain, quadratic in its length: 22 s
    of a 1000-step recorded program's compilation, 0.2 s with the sweep.

    Ops that only move elements (`linalg.broadcast`, `linalg.transpose`,
    `linalg.copy`, and generic ops whose payload yields an input) are read
    through: the ops of a cluster without reduction loops read the moved
    tensor where it comes from, whatever the mover's other uses, so a
    broadcast scalar (`0.001 * x` recorded from Python) is not written out
    at full size to be read once.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::affine::AffineDialect"
  ];
}

#endif // REWIND_TRANSFORMS_PASSES_TD
