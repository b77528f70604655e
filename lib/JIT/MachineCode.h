//===- MachineCode.h - From the LLVM dialect to code in memory --*- C++ -*-===//
//
// Part of the Rewind project.
//
// The last steps of compilation, shared by fresh compilations and code
// found in the on-disk cache: a lowered module becomes one object file
// (LLVM IR, optimized, then machine code), and an object file is linked
// into the process. Both paths load code the same way, so a cached object
// behaves exactly like a fresh one.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_LIB_JIT_MACHINECODE_H
#define REWIND_LIB_JIT_MACHINECODE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
namespace orc {
class LLJIT;
} // namespace orc
} // namespace llvm

namespace rw::jit {

/// A target machine for `cpu` (empty: the host CPU and its features).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
targetMachine(llvm::StringRef cpu);

/// Loads the libraries compiled code may call (libm through the process,
/// MLIR's C runner utilities), once per process.
void loadRuntimeLibraries();

/// Translates the lowered `module` to LLVM IR for `machine`, gives each
/// C-interface function named in `entries` a packed entry point
/// (`void name_packed(void **args)`: the arguments' addresses, then the
/// result's), and optimizes the whole as -O2 does.
llvm::Expected<std::unique_ptr<llvm::Module>>
optimizedLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                    llvm::TargetMachine &machine,
                    llvm::ArrayRef<std::string> entries);

/// The object file of optimizedLLVMModule().
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
compileToObject(mlir::ModuleOp module, llvm::TargetMachine &machine,
                llvm::ArrayRef<std::string> entries);

/// An object file linked into the process: its symbols resolve to Rewind's
/// run-time functions, then to the process and its libraries.
class LinkedCode {
public:
  using PackedFunction = void (*)(void **);

  ~LinkedCode();
  static llvm::Expected<std::unique_ptr<LinkedCode>>
  link(std::unique_ptr<llvm::MemoryBuffer> object);
  /// The packed entry point optimizedLLVMModule() made for `entry`.
  llvm::Expected<PackedFunction> entryPoint(llvm::StringRef entry);

private:
  LinkedCode() = default;
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

} // namespace rw::jit

#endif // REWIND_LIB_JIT_MACHINECODE_H
