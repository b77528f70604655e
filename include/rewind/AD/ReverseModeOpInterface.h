//===- ReverseModeOpInterface.h - Reverse-mode rules ------------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_REVERSEMODEOPINTERFACE_H
#define REWIND_AD_REVERSEMODEOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"

namespace rw::ad {
class AdjointBuilder;
} // namespace rw::ad

#include "rewind/AD/ReverseModeOpInterface.h.inc"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace rw::ad {
/// Lets every op of `func` prepare for differentiation
/// (ReverseModeOpInterface::prepareForReverse), the ops a preparation
/// creates included (linalg.softmax decomposes into ops that are prepared
/// in turn): named structured ops become linalg.generic, scf.index_switch a
/// chain of scf.if, an scf.while counts its iterations, ... Both modes
/// differentiate prepared copies of functions. Ops that are inactive for
/// derivatives with respect to the arguments at `wrt` stay as they are (an
/// argmin's reduction that no derivative flows through stays one op).
llvm::LogicalResult prepareForDifferentiation(mlir::func::FuncOp func,
                                              llvm::ArrayRef<unsigned> wrt);
} // namespace rw::ad

#endif // REWIND_AD_REVERSEMODEOPINTERFACE_H
