//===- BufferizableOpInterfaceImpl.h - Bufferizing tape ops -----*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DIALECT_TAPE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
#define REWIND_DIALECT_TAPE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rw::tape {
void registerBufferizableOpInterfaceExternalModels(
    mlir::DialectRegistry &registry);
} // namespace rw::tape

#endif // REWIND_DIALECT_TAPE_TRANSFORMS_BUFFERIZABLEOPINTERFACEIMPL_H
