//===- Passes.td - Automatic differentiation passes --------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_PASSES_TD
#define REWIND_AD_PASSES_TD

include "mlir/Pass/PassBase.td"

def ReverseModePass : Pass<"rewind-reverse-mode", "::mlir::ModuleOp"> {
  let summary = "Replaces derivative requests with generated pullback functions";
  let description = [{
    For every `tape.grad`, `tape.value_and_grad` and `tape.vjp` in the module,
    generates a pullback function for the callee (its forward sweep followed by
    its reverse sweep) and replaces the request with a call to it. Callees of
    `func.call` inside a differentiated function are differentiated too.

    Only *active* values (those that depend on a differentiated argument and
    influence a result) get adjoints. Values of nested regions that the reverse
    sweep needs are saved with `tape.push` and read back with `tape.pop`.

    For each requested argument that cannot influence the result, a warning
    names the function, the argument and the reason: it is unused, it does not
    reach the result, or every path to the result goes through a
    non-differentiable operation (named, with its location). With
    `unconnected=error` the warning becomes an error and the pass fails.

    Operations with active results and no derivative rule are errors that name
    the operation. Then the `tape.jvp` requests `rewind-forward-mode` left
    (forward over reverse) are answered. Once every request is answered,
    `tape.stop_gradient` is the identity and the pass removes it; adjoint
    `linalg.generic` ops lose the inputs their bodies do not read, and the
    tape the stacks that saved them.

    With `tape-budget=B` (bytes), every `scf.while` and every `scf.for` with
    a constant step at the top of a function body, whose body computes
    floating-point values, gets `tape.budget = B` unless it has
    `tape.snapshots` or `tape.budget` of its own. A `for` loop's first
    iteration measures its tape, and the rest is taped whole or
    checkpointed, whichever keeps the tape within `B` bytes at the least
    recomputation; a `while` loop runs in segments of doubling length, each
    recomputed in the reverse sweep (see docs/memory.md).
  }];
  let options = [
    Option<"unconnected", "unconnected", "std::string", /*default=*/"\"zero\"",
           "What to do for a requested argument whose gradient is always zero: "
           "'zero' (return zeros and warn) or 'error'">,
    Option<"tapeBudget", "tape-budget", "int64_t", /*default=*/"0",
           "Keep the tape within this many bytes by checkpointing loops as "
           "their run-time sizes need (0: no budget)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::rw::tape::TapeDialect", "::mlir::affine::AffineDialect"
  ];
}

def ForwardModePass : Pass<"rewind-forward-mode", "::mlir::ModuleOp"> {
  let summary = "Replaces tape.jvp requests with generated forward-mode functions";
  let description = [{
    For every `tape.jvp`, generates `@__rewind_jvp_<callee>_wrt_<i>...`,
    a copy of the callee that computes every floating-point value together
    with its tangent (its derivative along the given argument tangents), and
    replaces the request with a call to it. Called functions get forward-mode
    functions of their own. Each op through which a tangent flows uses its
    forward-mode rule (`ForwardModeOpInterface`, attached next to the
    reverse-mode rules in `lib/AD/Rules/`); an op without one is an error that
    names it. No tape: forward mode needs none.

    Runs before `rewind-reverse-mode`, so a reverse-mode request may
    differentiate a forward-mode function (reverse over forward: Hessian-
    vector products). A request whose callee holds a reverse-mode request
    (or calls a function that does) is left for `rewind-reverse-mode`, which
    answers it after that request (forward over reverse).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::rw::tape::TapeDialect"
  ];
}

#endif // REWIND_AD_PASSES_TD
