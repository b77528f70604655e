//===- TapeBase.td - Tape dialect definition ---------------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_IR_TAPEBASE_TD
#define REWIND_DIALECT_TAPE_IR_TAPEBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Tape_Dialect : Dialect {
  let name = "tape";
  let cppNamespace = "::rw::tape";
  let summary = "Requests for derivatives and the tape of the reverse sweep";
  let description = [{
    The `tape` dialect has two halves.

    *Derivative requests* (`tape.grad`, `tape.value_and_grad`, `tape.vjp`) ask
    for the reverse-mode derivative of a `func.func` at given arguments. The
    `rewind-reverse-mode` pass replaces each request with a call to a generated
    pullback function. `tape.jvp` asks for the forward-mode derivative (a
    Jacobian-vector product), answered by `rewind-forward-mode`.

    *Custom rules*: `func.func @f(...) attributes {tape.custom_vjp = @f_vjp}`
    gives `@f` its own pullback, `(args..., a cotangent per floating-point
    result) -> (a gradient per floating-point argument)`, and
    `tape.custom_jvp = @f_jvp` its own tangent function, `(args..., a tangent
    per floating-point argument) -> (results..., a tangent per floating-point
    result)`: derivatives of `@f` (requested, or through calls) use them
    instead of differentiating its body. The verifier checks both
    signatures. An argument whose gradient the pullback returns as a
    constant zero is cut there: the warning for a gradient that is always
    zero names the rule.

    *Checkpointing*: `tape.snapshots = c : i64` on an `scf.for` makes reverse
    mode save the loop-carried values at the start of at most `c` segments
    of the loop and recompute each segment's iterations in the reverse
    sweep, instead of taping every iteration; `tape.binomial = c : i64`
    keeps at most `c` snapshots, with the fewest recomputations they allow
    (revolve's binomial schedule). `tape.budget = B : i64` on
    an `scf.for` or `scf.while` (set on every loop at the top of a function
    by `rewind-reverse-mode{tape-budget=B}`) chooses at run time whether and
    how to checkpoint it so that the tape stays within `B` bytes (a while
    loop in segments of doubling length); `tape.checkpoint_levels = L` beside it bounds
    how many times a segment may be split again (2 by default).

    *The tape* (`!tape.stack<T>`, `tape.stack_create`, `tape.push`, `tape.pop`,
    `tape.stack_destroy`) holds the primal values that the reverse sweep needs
    and that are produced inside structured control flow. The
    `rewind-lower-tape` pass turns each stack into a buffer: one allocation sized
    by the number of pushes when it is known before the first push, a growable
    buffer otherwise.
  }];
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The function attributes that name a custom derivative.
    static constexpr ::llvm::StringLiteral kCustomVjp = "tape.custom_vjp";
    static constexpr ::llvm::StringLiteral kCustomJvp = "tape.custom_jvp";
    /// On an scf.for or scf.while: checkpoint it with at most this many
    /// snapshots (periodic; a while loop counts its iterations first).
    static constexpr ::llvm::StringLiteral kSnapshots = "tape.snapshots";
    /// On an scf.for or scf.while: binomial checkpointing with at most this
    /// many snapshots (the fewest recomputations they allow; a while loop
    /// counts its iterations first).
    static constexpr ::llvm::StringLiteral kBinomial = "tape.binomial";
    /// On an scf.for: checkpoint it as its run-time sizes need to keep the
    /// tape within this many bytes.
    static constexpr ::llvm::StringLiteral kBudget = "tape.budget";
    /// With kBudget: how many times a segment may be split again (default 2).
    static constexpr ::llvm::StringLiteral kCheckpointLevels =
        "tape.checkpoint_levels";
  }];
}

class Tape_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tape_Dialect, mnemonic, traits>;

#endif // REWIND_DIALECT_TAPE_IR_TAPEBASE_TD
