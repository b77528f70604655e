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
    the operation. Once every request is answered, `tape.stop_gradient` is the
    identity and the pass removes it.
  }];
  let options = [
    Option<"unconnected", "unconnected", "std::string", /*default=*/"\"zero\"",
           "What to do for a requested argument whose gradient is always zero: "
           "'zero' (return zeros and warn) or 'error'">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::rw::tape::TapeDialect", "::mlir::affine::AffineDialect"
  ];
}

#endif // REWIND_AD_PASSES_TD
