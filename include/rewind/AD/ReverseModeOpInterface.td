//===- ReverseModeOpInterface.td - Reverse-mode rules ------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_REVERSEMODEOPINTERFACE_TD
#define REWIND_AD_REVERSEMODEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def ReverseModeOpInterface : OpInterface<"ReverseModeOpInterface"> {
  let cppNamespace = "::rw::ad";
  let description = [{
    The reverse-mode derivative rule of an operation. Rules for upstream
    dialects are attached as external models, one file per dialect under
    `lib/AD/Rules/`; the reverse-mode pass itself knows no operation by name.

    A rule reads the adjoints of the operation's results and the primal values
    it needs from the `AdjointBuilder`, and adds contributions to the
    adjoints of the operation's operands. Ops with regions (`scf.for`, ...)
    use the builder to differentiate their bodies.
  }];

  let methods = [
    InterfaceMethod<[{
        Called on every op of a function before it is differentiated, so an op
        can make its forward execution record what its reverse needs (for
        `scf.while`: its trip count, as an extra loop-carried counter). The op
        may replace itself through `rewriter`; the ops it creates are
        prepared in turn, so preparing must be idempotent (a prepared op
        leaves itself alone).
      }],
      "::llvm::LogicalResult", "prepareForReverse",
      (ins "::mlir::RewriterBase &":$rewriter), [{}],
      /*defaultImplementation=*/[{ return ::llvm::success(); }]>,
    InterfaceMethod<[{
        True when `prepareForReverse` always replaces this op by others with
        rules of their own (scf.index_switch by scf.if, linalg.softmax by
        structured ops, ...): both modes differentiate those, so the op
        needs no forward-mode rule.
      }],
      "bool", "isRewrittenForDifferentiation", (ins), [{}],
      /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        Emits the adjoint of this operation at the builder's insertion point:
        reads `ctx.adjoint(result)` and calls `ctx.accumulate(operand, ...)`.
        Returns failure after emitting a diagnostic.
      }],
      "::llvm::LogicalResult", "buildAdjoint",
      (ins "::rw::ad::AdjointBuilder &":$ctx)>,
    InterfaceMethod<[{
        True when the derivative of every result with respect to operand
        `operandIndex` is zero almost everywhere (both operands of
        `math.floor`, the sign operand of `math.copysign`, ...). Such an
        operand cuts the flow of derivatives, and the explanation of a zero
        gradient names the operation.
      }],
      "bool", "hasZeroDerivative", (ins "unsigned":$operandIndex), [{}],
      /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        True when the rule gives an operand a zero adjoint where the result
        does not depend on it (the operand a select or a max did not
        choose). Rules reversing the ops that compute such operands then
        keep zero adjoints zero where their local derivative is not finite
        (strong zeros: no NaN from 0 * inf in the branch not taken).
      }],
      "bool", "masksAdjoint", (ins), [{}],
      /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        For an operation with regions: an upper bound on how many times region
        `regionIndex` runs each time the operation runs, built at the
        builder's insertion point, or a null value when it is not known
        before the operation runs. `isAvailable` tells which primal values may
        be used at the insertion point.
      }],
      "::mlir::Value", "buildExecutionBound",
      (ins "::mlir::OpBuilder &":$builder, "unsigned":$regionIndex,
           "::llvm::function_ref<bool(::mlir::Value)>":$isAvailable), [{}],
      /*defaultImplementation=*/[{ return ::mlir::Value(); }]>,
  ];
}

#endif // REWIND_AD_REVERSEMODEOPINTERFACE_TD
