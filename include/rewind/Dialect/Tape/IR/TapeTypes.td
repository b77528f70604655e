//===- TapeTypes.td - Tape dialect types -------------------*- tablegen -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_IR_TAPETYPES_TD
#define REWIND_DIALECT_TAPE_IR_TAPETYPES_TD

include "rewind/Dialect/Tape/IR/TapeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def Tape_StackType : TypeDef<Tape_Dialect, "Stack"> {
  let mnemonic = "stack";
  let summary = "A last-in first-out store of values of one type";
  let description = [{
    A `!tape.stack<T>` holds values of type `T` saved by the forward sweep
    (`tape.push`) and read back in reverse order by the reverse sweep
    (`tape.pop`). `T` is a scalar (integer, index or float) type or a ranked
    tensor of such scalars.

    ```mlir
    %s = tape.stack_create capacity %n : !tape.stack<f64>
    ```
  }];
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
  let genVerifyDecl = 1;
}

#endif // REWIND_DIALECT_TAPE_IR_TAPETYPES_TD
