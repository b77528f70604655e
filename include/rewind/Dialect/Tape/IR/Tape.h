//===- Tape.h - Tape dialect ------------------------------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_IR_TAPE_H
#define REWIND_DIALECT_TAPE_IR_TAPE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "rewind/Dialect/Tape/IR/TapeDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "rewind/Dialect/Tape/IR/TapeTypes.h.inc"

#define GET_OP_CLASSES
#include "rewind/Dialect/Tape/IR/TapeOps.h.inc"

namespace rw::tape {
/// True for the types that carry derivatives: floats and shaped types (tensors,
/// vectors) of floats.
bool isDifferentiableType(mlir::Type type);

/// The function named by `fn`'s tape.custom_vjp (or tape.custom_jvp)
/// attribute, if it has one.
mlir::func::FuncOp customPullback(mlir::func::FuncOp fn);
mlir::func::FuncOp customTangent(mlir::func::FuncOp fn);
} // namespace rw::tape

#endif // REWIND_DIALECT_TAPE_IR_TAPE_H
