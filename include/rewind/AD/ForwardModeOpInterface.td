//===- ForwardModeOpInterface.td - Forward-mode rules ------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_FORWARDMODEOPINTERFACE_TD
#define REWIND_AD_FORWARDMODEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def ForwardModeOpInterface : OpInterface<"ForwardModeOpInterface"> {
  let cppNamespace = "::rw::ad";
  let description = [{
    The forward-mode derivative rule of an operation: how its results'
    tangents follow from its operands' tangents. Like the reverse-mode rules,
    they are external models attached in `lib/AD/Rules/<Dialect>.cpp`, next
    to the reverse rule of the same op; rules of scalar ops are written once
    for both modes (a scalar op's local derivative is its own transpose).

    The forward-mode pass copies a function op by op, and calls the rule of
    each op through which a tangent flows (an operand, or a value its
    regions read, has one); other ops are copied as they are.
  }];

  let methods = [
    InterfaceMethod<[{
        Emits this operation's computation (usually its copy,
        `ctx.clonePrimal(op)`) and its results' tangents (`ctx.setTangent`)
        at the builder's insertion point, reading operands through
        `ctx.primal` and `ctx.tangent` (null: zero). An op with regions
        builds its own copy, carrying tangents alongside values. Returns
        failure after emitting a diagnostic.
      }],
      "::llvm::LogicalResult", "buildTangent",
      (ins "::rw::ad::TangentBuilder &":$ctx)>,
  ];
}

#endif // REWIND_AD_FORWARDMODEOPINTERFACE_TD
