//===- InitRewind.h - Register everything Rewind uses -----------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_INITREWIND_H
#define REWIND_INITREWIND_H

#include "mlir/IR/DialectRegistry.h"

namespace rw {
/// All upstream dialects and extensions, the tape dialect, and every
/// derivative rule.
void registerAllDialects(mlir::DialectRegistry &registry);
/// All upstream passes, Rewind's passes and its named pipelines. Idempotent.
void registerAllPasses();
} // namespace rw

#endif // REWIND_INITREWIND_H
