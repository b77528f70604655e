//===- TapeOps.td - Tape dialect operations ----------------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_IR_TAPEOPS_TD
#define REWIND_DIALECT_TAPE_IR_TAPEOPS_TD

include "rewind/Dialect/Tape/IR/TapeBase.td"
include "rewind/Dialect/Tape/IR/TapeTypes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"

//===----------------------------------------------------------------------===//
// Derivative requests
//===----------------------------------------------------------------------===//

class Tape_DerivativeOp<string mnemonic, list<Trait> traits = []>
    : Tape_Op<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<SymbolUserOpInterface>])> {
  code commonExtraDecl = [{
    /// The function whose derivative is requested.
    ::mlir::func::FuncOp getCalleeFunc(::mlir::SymbolTableCollection &table);
    /// The argument positions to differentiate with respect to, sorted.
    ::llvm::SmallVector<unsigned> getWrtPositions();
  }];
}

def Tape_GradOp : Tape_DerivativeOp<"grad"> {
  let summary = "Gradient of a scalar function with respect to some arguments";
  let description = [{
    Computes the gradient of the scalar-valued function `callee` at the given
    arguments, with respect to the arguments listed in `wrt` (all
    floating-point arguments when `wrt` is absent). There is one result per
    differentiated argument, of that argument's type.

    The callee must return exactly one floating-point scalar. Arguments that
    cannot influence the result are reported by `rewind-reverse-mode` (see
    "Never a silent zero gradient" in `docs/Rationale.md`).

    ```mlir
    func.func @f(%x: f64, %y: f64) -> f64 {
      %0 = arith.mulf %x, %y : f64
      return %0 : f64
    }
    %dx, %dy = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
    %dy2 = tape.grad @f(%a, %b) wrt [1] : (f64, f64) -> f64
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args,
                       OptionalAttr<DenseI64ArrayAttr>:$wrt);
  let results = (outs Variadic<AnyType>:$gradients);
  let assemblyFormat = [{
    $callee `(` $args `)` (`wrt` $wrt^)? attr-dict `:` functional-type($args, results)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def Tape_ValueAndGradOp : Tape_DerivativeOp<"value_and_grad"> {
  let summary = "Value and gradient of a scalar function";
  let description = [{
    Like `tape.grad`, but the first result is the function's value and the
    remaining results are the gradients, one per differentiated argument.

    ```mlir
    %v, %dx = tape.value_and_grad @f(%a, %b) wrt [0] : (f64, f64) -> (f64, f64)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args,
                       OptionalAttr<DenseI64ArrayAttr>:$wrt);
  let results = (outs AnyType:$value, Variadic<AnyType>:$gradients);
  let assemblyFormat = [{
    $callee `(` $args `)` (`wrt` $wrt^)? attr-dict `:` functional-type($args, results)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def Tape_VjpOp : Tape_DerivativeOp<"vjp", [AttrSizedOperandSegments]> {
  let summary = "Vector-Jacobian product of a function";
  let description = [{
    Computes `seed^T * J` where `J` is the Jacobian of `callee` at the given
    arguments: the derivative of `sum_i <seed_i, result_i>` with respect to
    the arguments listed in `wrt` (all floating-point arguments when absent).
    There is one seed per floating-point result of the callee, of that
    result's type; results of other types take no seed.

    ```mlir
    func.func @g(%x: f64) -> (f64, f64) { ... }
    %dx = tape.vjp @g(%a) seeds(%s0, %s1) : (f64), (f64, f64) -> f64
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args,
                       Variadic<AnyType>:$seeds,
                       OptionalAttr<DenseI64ArrayAttr>:$wrt);
  let results = (outs Variadic<AnyType>:$gradients);
  let assemblyFormat = [{
    $callee `(` $args `)` `seeds` `(` $seeds `)` (`wrt` $wrt^)? attr-dict
    `:` `(` type($args) `)` `,` `(` type($seeds) `)` `->` type($gradients)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def Tape_JvpOp : Tape_DerivativeOp<"jvp", [AttrSizedOperandSegments]> {
  let summary = "Jacobian-vector product of a function (forward mode)";
  let description = [{
    Computes the results of `callee` at the given arguments and `J * t`,
    their derivative along the tangents `t`: one tangent per argument listed
    in `wrt` (all floating-point arguments when absent), of that argument's
    type; the other arguments are held constant. The results are the
    callee's results followed by one tangent per floating-point result, of
    that result's type.

    `rewind-forward-mode` replaces it with a call of a generated function
    that computes each value together with its tangent, in one sweep and
    without a tape.

    ```mlir
    func.func @g(%x: f64, %n: index) -> (f64, f64) { ... }
    %y0, %y1, %t0, %t1 = tape.jvp @g(%a, %n) tangents(%da)
        : (f64, index), (f64) -> (f64, f64, f64, f64)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$args,
                       Variadic<AnyType>:$tangents,
                       OptionalAttr<DenseI64ArrayAttr>:$wrt);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $callee `(` $args `)` `tangents` `(` $tangents `)` (`wrt` $wrt^)? attr-dict
    `:` `(` type($args) `)` `,` `(` type($tangents) `)` `->` type($results)
  }];
  let extraClassDeclaration = commonExtraDecl;
}

def Tape_StopGradientOp : Tape_Op<"stop_gradient",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "The identity, through which no derivative flows";
  let description = [{
    Returns its operand; derivatives with respect to it are zero, and the
    explanation of a zero gradient names this op. `rewind-reverse-mode`
    removes it once every derivative request in the module is answered.

    ```mlir
    %c = tape.stop_gradient %x : tensor<3xf64>
    ```
  }];
  let arguments = (ins AnyType:$input);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// The tape
//===----------------------------------------------------------------------===//

def Tape_StackCreateOp : Tape_Op<"stack_create",
    [MemoryEffects<[MemAlloc<DefaultResource>, MemWrite<DefaultResource>]>]> {
  let summary = "Creates an empty stack";
  let description = [{
    Creates an empty `!tape.stack<T>`. The optional `capacity` is an upper
    bound on the number of values that will ever be pushed; when it is given,
    `rewind-lower-tape` allocates one buffer of that size and pushes never
    reallocate. Without it the stack grows geometrically.

    ```mlir
    %s = tape.stack_create capacity %n : !tape.stack<f64>
    %w = tape.stack_create : !tape.stack<i1>
    ```
  }];
  let arguments = (ins Optional<Index>:$capacity);
  let results = (outs Tape_StackType:$stack);
  let assemblyFormat = "(`capacity` $capacity^)? attr-dict `:` qualified(type($stack))";
}

def Tape_PushOp : Tape_Op<"push",
    [MemoryEffects<[MemRead<DefaultResource>, MemWrite<DefaultResource>]>]> {
  let summary = "Saves a value on a stack";
  let description = [{
    Pushes `value` on top of `stack`. Pushing past a `capacity` given at
    creation is undefined behaviour; `rewind-reverse-mode` only gives a
    capacity that bounds every execution.

    On a stack of tensors, bufferization turns the tensor operand into a
    memref of the same shape, whose contents are copied onto the stack.

    ```mlir
    tape.push %s, %x : !tape.stack<f64>, f64
    tape.push %t, %v : !tape.stack<tensor<4xf32>>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Tape_StackType:$stack, AnyType:$value);
  let assemblyFormat = [{
    $stack `,` $value attr-dict `:` qualified(type($stack)) `,` type($value)
  }];
  let hasVerifier = 1;
}

def Tape_PopOp : Tape_Op<"pop",
    [MemoryEffects<[MemRead<DefaultResource>, MemWrite<DefaultResource>]>,
     TypesMatchWith<"result type matches the stack's element type", "stack",
                    "value", "::llvm::cast<StackType>($_self).getElementType()">]> {
  let summary = "Takes the most recently pushed value off a stack";
  let description = [{
    Removes and returns the value on top of `stack`. Popping an empty stack is
    undefined behaviour. A tensor with dynamic dimensions takes their sizes
    as operands (they are saved on stacks of their own).

    ```mlir
    %x = tape.pop %s : !tape.stack<f64>
    %v = tape.pop %t (%n) : !tape.stack<tensor<?xf32>>
    ```

    Canonicalization removes a stack none of whose popped values is used
    (its pushes, pops, creation and destruction): a value the reverse sweep
    asked for and then did not need (an operand a linalg.generic's adjoint
    body does not read) costs no tape.
  }];
  let arguments = (ins Tape_StackType:$stack, Variadic<Index>:$dynamicSizes);
  let results = (outs AnyType:$value);
  let assemblyFormat = [{
    $stack (`(` $dynamicSizes^ `)`)? attr-dict `:` qualified(type($stack))
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Tape_PopIntoOp : Tape_Op<"pop_into",
    [MemoryEffects<[MemRead<DefaultResource>, MemWrite<DefaultResource>]>]> {
  let summary = "Takes the top tensor off a stack into a buffer";
  let description = [{
    The bufferized form of `tape.pop` on a stack of tensors: copies the top
    element into `buffer`, which has the element's shape, and removes it.

    ```mlir
    tape.pop_into %t, %buffer : !tape.stack<tensor<4xf32>>, memref<4xf32>
    ```
  }];
  let arguments = (ins Tape_StackType:$stack, AnyMemRef:$buffer);
  let assemblyFormat = [{
    $stack `,` $buffer attr-dict `:` qualified(type($stack)) `,` type($buffer)
  }];
  let hasVerifier = 1;
}

def Tape_StackDestroyOp : Tape_Op<"stack_destroy",
    [MemoryEffects<[MemFree<DefaultResource>]>]> {
  let summary = "Releases a stack and its storage";
  let description = [{
    Frees the storage of `stack`. The stack must not be used afterwards.

    ```mlir
    tape.stack_destroy %s : !tape.stack<f64>
    ```
  }];
  let arguments = (ins Tape_StackType:$stack);
  let assemblyFormat = "$stack attr-dict `:` qualified(type($stack))";
}

//===----------------------------------------------------------------------===//
// Parallel loops
//===----------------------------------------------------------------------===//

def Tape_ThreadCountOp : Tape_Op<"thread_count", [Pure]> {
  let summary = "The number of threads the compiled code runs parallel loops on";
  let description = [{
    The reverse of a parallel loop (`scf.forall`, `scf.parallel`) splits
    its iterations into this many chunks, each reversed on its own thread
    into a private copy of the adjoints that iterations share, the copies
    summed in chunk order afterwards: results depend on the thread count,
    not on scheduling. `rewind-resolve-thread-count` replaces it by the
    lowering's `threads` option (1 when code runs on one thread).

    ```mlir
    %chunks = tape.thread_count : index
    ```
  }];
  let results = (outs Index:$count);
  let assemblyFormat = "attr-dict `:` type($count)";
}

//===----------------------------------------------------------------------===//
// Checkpointing under a memory budget
//===----------------------------------------------------------------------===//

def Tape_LiveBytesOp : Tape_Op<"live_bytes",
    [MemoryEffects<[MemRead<DefaultResource>]>]> {
  let summary = "The bytes the tape holds now";
  let description = [{
    Returns the bytes of every tape buffer alive on this thread (what
    `rewind-run --measure` reports the peak of). `rewind-reverse-mode`
    measures the tape of a loop's first iteration as the difference of two
    of these, to plan the rest of the loop (`tape.checkpoint_plan`).

    ```mlir
    %bytes = tape.live_bytes : index
    ```
  }];
  let results = (outs Index:$bytes);
  let assemblyFormat = "attr-dict `:` type($bytes)";
}

def Tape_CheckpointPlanOp : Tape_Op<"checkpoint_plan",
    [MemoryEffects<[MemRead<DefaultResource>]>]> {
  let summary = "Chooses at run time how to checkpoint a loop within a budget";
  let description = [{
    Returns the number of segments to checkpoint a loop of `iterations`
    iterations with, each saving `iteration_bytes` on the tape and whose
    loop-carried values take `snapshot_bytes`, so that the whole tape
    (`tape.live_bytes` now, plus the loop's) stays within `budget` bytes; 0
    when the loop's whole tape fits (it is not checkpointed). Every
    segment count recomputes each iteration once; of the counts that fit,
    the one needing least memory. `levels` is how many more times a
    segment may be split in turn (by the plan of the loop inside the
    segment function): when no single level fits, the segments are sized
    for that many levels, ((n b / s)^(1/(levels+2)) of them).

    ```mlir
    %segments = tape.checkpoint_plan %n iterations, %b bytes each, %s per snapshot
        {budget = 65536 : i64, levels = 2 : i64}
    ```
  }];
  let arguments = (ins Index:$iterations, Index:$iterationBytes,
                       Index:$snapshotBytes, I64Attr:$budget, I64Attr:$levels);
  let results = (outs Index:$segments);
  let assemblyFormat = [{
    $iterations `iterations` `,` $iterationBytes `bytes` `each` `,`
    $snapshotBytes `per` `snapshot` attr-dict
  }];
  let hasVerifier = 1;
}

def Tape_BinomialSplitOp : Tape_Op<"binomial_split", [Pure]> {
  let summary = "Where binomial checkpointing cuts a range of iterations";
  let description = [{
    For `iterations` >= 2 iterations to reverse with `snapshots` >= 2
    snapshots, the number of iterations to run from the first snapshot
    before taking the next, so that the number of iterations recomputed is
    the least possible (Griewank's binomial schedule, as in revolve): with
    r the least repetition count such that C(snapshots + r, r) >=
    iterations, the rest after the cut fits C(snapshots - 1 + r, r)
    iterations with one snapshot less, the part before it
    C(snapshots + r - 1, r - 1) with the same snapshots.

    ```mlir
    %m = tape.binomial_split %n iterations, %c snapshots
    ```
  }];
  let arguments = (ins Index:$iterations, Index:$snapshots);
  let results = (outs Index:$first);
  let assemblyFormat = [{
    $iterations `iterations` `,` $snapshots `snapshots` attr-dict
  }];
}

def Tape_RecomputedOp : Tape_Op<"recomputed",
    [MemoryEffects<[MemWrite<DefaultResource>]>]> {
  let summary = "Counts loop iterations run again by a checkpointed loop";
  let description = [{
    Adds `iterations` to the run-time count of recomputed iterations
    (`recomputed N iterations` in `rewind-run --measure`). The segment
    functions of a checkpointed loop hold one; `rewind-reverse-mode` keeps
    it only in their pullbacks, where the segment runs again.

    ```mlir
    tape.recomputed %k
    ```
  }];
  let arguments = (ins Index:$iterations);
  let assemblyFormat = "$iterations attr-dict";
}

#endif // REWIND_DIALECT_TAPE_IR_TAPEOPS_TD
