//===- Compiler.h - Compile and run a function and its gradient -*- C++ -*-===//
//
// Part of the Rewind project.
//
// The host-side entry point: takes a module holding a forward program,
// differentiates and lowers it, JIT-compiles it for the host CPU, and calls
// it on HostValues. Arguments are copied into buffers the compiled code may
// write to, so the caller's inputs are never modified.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_JIT_COMPILER_H
#define REWIND_JIT_COMPILER_H

#include "rewind/JIT/HostValue.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace rw::jit {

/// What to compile for one entry function.
struct EntryRequest {
  std::string entry;
  /// Also compile the value and gradient (the entry must return one float).
  bool gradient = false;
  /// Arguments to differentiate with respect to; empty: every float argument.
  std::vector<unsigned> wrt;
  /// Policy for arguments whose gradient is always zero: "zero" or "error".
  std::string unconnected = "zero";
  /// Tile and vectorize linalg ops (off: plain loops, for comparison).
  bool vectorize = true;
};

struct ValueAndGradient {
  HostValue value;
  /// One entry per argument; empty for arguments not differentiated.
  std::vector<std::optional<HostValue>> gradients;
};

class CompiledEntry {
public:
  ~CompiledEntry();

  /// Differentiates (if asked), lowers and JIT-compiles `module` for
  /// `request`. Diagnostics (warnings included) go to the module context's
  /// handler; the error says what failed.
  static llvm::Expected<std::unique_ptr<CompiledEntry>>
  compile(mlir::OwningOpRef<mlir::ModuleOp> module,
          const EntryRequest &request);

  llvm::ArrayRef<mlir::Type> argumentTypes() const { return argTypes; }
  llvm::ArrayRef<mlir::Type> resultTypes() const { return resTypes; }
  /// The differentiated arguments, sorted.
  llvm::ArrayRef<unsigned> wrt() const { return wrtPositions; }

  /// Runs the entry function.
  llvm::Expected<std::vector<HostValue>>
  evaluate(llvm::ArrayRef<HostValue> args) const;
  /// Runs the value-and-gradient function (compiled with gradient=true).
  llvm::Expected<ValueAndGradient>
  valueAndGradient(llvm::ArrayRef<HostValue> args) const;

  /// The module after differentiation, before lowering (MLIR text).
  const std::string &differentiatedIR() const { return differentiatedText; }
  /// The optimized LLVM IR, or the host assembly, of the whole module.
  llvm::Expected<std::string> emitLLVMIR() const;
  llvm::Expected<std::string> emitAssembly() const;

private:
  CompiledEntry() = default;
  llvm::Error checkArguments(llvm::ArrayRef<HostValue> args) const;

  mlir::OwningOpRef<mlir::ModuleOp> llvmModule;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::vector<mlir::Type> argTypes, resTypes, gradResTypes;
  std::vector<unsigned> wrtPositions;
  std::string differentiatedText;
  bool hasGradient = false;
};

/// Central finite differences of the entry's (scalar) result with respect to
/// the arguments in `wrt`, compared with `gradients`: the largest error
/// |g - fd| / max(1, |g|, |fd|) over all elements.
llvm::Expected<double>
checkGradient(const CompiledEntry &compiled, llvm::ArrayRef<HostValue> args,
              llvm::ArrayRef<std::optional<HostValue>> gradients);

} // namespace rw::jit

#endif // REWIND_JIT_COMPILER_H
