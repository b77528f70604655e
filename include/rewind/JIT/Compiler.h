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

#include "rewind/JIT/CodeCache.h"
#include "rewind/JIT/HostValue.h"
#include "rewind/JIT/Runtime.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace rw::jit {
class LinkedCode;

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
  /// Check indices and sizes that come from run-time values (a failed check
  /// is an error value, never an access outside a buffer). Off only for
  /// comparison.
  bool runtimeChecks = true;
  /// The CPU to generate code for (an LLVM CPU name such as "haswell");
  /// empty: the host CPU. Code for another CPU can be emitted, and run when
  /// the host has its features.
  std::string targetCPU;
  /// OpenMP threads that run the parallel dimensions of linalg ops and
  /// parallel loops (rewind-parallelize-linalg); 0: one per hardware
  /// thread of the host; 1: serial code. Deterministic for a thread count;
  /// across counts, equal to rounding (docs/parallel.md).
  unsigned threads = 0;
  /// The vector register width the linalg ops are tiled for; 0: the target
  /// CPU's (its register count sizes the accumulator blocks either way).
  unsigned vectorBits = 0;
  /// Let a * b + c become one fused multiply-add (rounded once; see
  /// rewind-allow-contraction). Off: IEEE results bit for bit.
  bool fpContract = true;
  /// Also compile the vector-Jacobian product (any results; one seed per
  /// floating-point result).
  bool vjp = false;
  /// Also compile the Jacobian-vector product (forward mode): tangents for
  /// the arguments in `jvpWrt` (sorted floating-point positions; the others
  /// are held constant), one tangent per floating-point result.
  bool jvp = false;
  std::vector<unsigned> jvpWrt;
  /// Also compile the Hessian-vector product of the (scalar) result (needs
  /// gradient): tangents for the arguments in `jvpWrt`, H v for each
  /// differentiated argument (`wrt`). Reverse over forward mode.
  bool hvp = false;
  /// Test every floating-point value the compiled code computes, primal and
  /// adjoint, and report the first NaN or infinity of a call
  /// (CallLimits::nonfinite): the op, its location, its operands. Slower;
  /// for debugging.
  bool explainNonfinite = false;
  /// Keep the gradient's tape within this many bytes, checkpointing loops
  /// as their run-time sizes need (see docs/memory.md); 0: no budget.
  int64_t tapeBudget = 0;

  /// A key that identifies the request in caches.
  std::string fingerprint() const;
  /// `threads`, with 0 resolved to the host's hardware threads.
  unsigned resolvedThreads() const;
};

struct ValueAndGradient {
  HostValue value;
  /// One entry per argument; empty for arguments not differentiated.
  std::vector<std::optional<HostValue>> gradients;
};

/// The results of a Jacobian-vector product.
struct ValueAndTangent {
  std::vector<HostValue> values;
  /// One entry per result; empty for results that are not floating-point.
  std::vector<std::optional<HostValue>> tangents;
};

/// The results of CompiledEntry::gradientAndHvp, one entry per argument.
struct GradientAndHvp {
  /// The gradient, for the arguments that take tangents.
  std::vector<std::optional<HostValue>> gradients;
  /// H v, for the differentiated arguments.
  std::vector<std::optional<HostValue>> hvps;
};

class CompiledEntry {
public:
  ~CompiledEntry();

  /// Differentiates (if asked), lowers and JIT-compiles `module` for
  /// `request`. Diagnostics (warnings included) go to the module context's
  /// handler; the error says what failed. With a `cache`, code compiled
  /// before (by any process) for the same program, request, CPU and build is
  /// linked instead of compiled again (the program is still differentiated,
  /// so its diagnostics are the same), and new code is stored.
  static llvm::Expected<std::unique_ptr<CompiledEntry>>
  compile(mlir::OwningOpRef<mlir::ModuleOp> module,
          const EntryRequest &request, const CodeCache *cache = nullptr);

  llvm::ArrayRef<mlir::Type> argumentTypes() const { return argTypes; }
  llvm::ArrayRef<mlir::Type> resultTypes() const { return resTypes; }
  /// The differentiated arguments, sorted.
  llvm::ArrayRef<unsigned> wrt() const { return wrtPositions; }

  /// Runs the entry function on caller-owned buffers. Contiguous arrays are
  /// read in place (compiled code never writes into them); strided ones are
  /// copied first. A run-time error of the compiled code (out of memory, a
  /// size that overflows, a limit in `limits`) is returned as the error.
  llvm::Expected<std::vector<HostValue>>
  evaluate(llvm::ArrayRef<ArrayView> args,
           const CallLimits &limits = {}) const;
  /// Runs the value-and-gradient function (compiled with gradient=true).
  llvm::Expected<ValueAndGradient>
  valueAndGradient(llvm::ArrayRef<ArrayView> args,
                   const CallLimits &limits = {}) const;
  /// Runs the vector-Jacobian product (compiled with vjp=true): the gradient
  /// of sum_i <seeds[i], result_i> for each differentiated argument (empty
  /// for the others).
  llvm::Expected<std::vector<std::optional<HostValue>>>
  vjp(llvm::ArrayRef<ArrayView> args, llvm::ArrayRef<ArrayView> seeds,
      const CallLimits &limits = {}) const;

  /// The same on owned values.
  llvm::Expected<std::vector<HostValue>>
  evaluate(llvm::ArrayRef<HostValue> args,
           const CallLimits &limits = {}) const;
  llvm::Expected<ValueAndGradient>
  valueAndGradient(llvm::ArrayRef<HostValue> args,
                   const CallLimits &limits = {}) const;
  llvm::Expected<std::vector<std::optional<HostValue>>>
  vjp(llvm::ArrayRef<HostValue> args, llvm::ArrayRef<HostValue> seeds,
      const CallLimits &limits = {}) const;
  /// Runs the Jacobian-vector product (compiled with jvp=true): one tangent
  /// per argument in jvpWrt(), in that order.
  llvm::Expected<ValueAndTangent> jvp(llvm::ArrayRef<ArrayView> args,
                                      llvm::ArrayRef<ArrayView> tangents,
                                      const CallLimits &limits = {}) const;
  llvm::Expected<ValueAndTangent> jvp(llvm::ArrayRef<HostValue> args,
                                      llvm::ArrayRef<HostValue> tangents,
                                      const CallLimits &limits = {}) const;
  /// Runs the Hessian-vector product (compiled with hvp=true): tangents as
  /// for jvp(); H v for each differentiated argument (empty for the
  /// others).
  llvm::Expected<std::vector<std::optional<HostValue>>>
  hvp(llvm::ArrayRef<ArrayView> args, llvm::ArrayRef<ArrayView> tangents,
      const CallLimits &limits = {}) const;
  llvm::Expected<std::vector<std::optional<HostValue>>>
  hvp(llvm::ArrayRef<HostValue> args, llvm::ArrayRef<HostValue> tangents,
      const CallLimits &limits = {}) const;
  /// The same call's by-product too: the gradient of the result with
  /// respect to each argument that takes a tangent (empty for the others).
  llvm::Expected<GradientAndHvp>
  gradientAndHvp(llvm::ArrayRef<ArrayView> args,
                 llvm::ArrayRef<ArrayView> tangents,
                 const CallLimits &limits = {}) const;
  llvm::Expected<GradientAndHvp>
  gradientAndHvp(llvm::ArrayRef<HostValue> args,
                 llvm::ArrayRef<HostValue> tangents,
                 const CallLimits &limits = {}) const;
  /// The arguments jvp() and hvp() take tangents for, sorted.
  llvm::ArrayRef<unsigned> jvpWrt() const { return jvpPositions; }

  /// The types of the seeds vjp() takes.
  llvm::ArrayRef<mlir::Type> seedTypes() const { return vjpSeedTypes; }

  /// Warnings the compiler reported (e.g. a gradient that is always zero,
  /// and why), as `file:line:col: message`; filled when compiled by a
  /// Session.
  llvm::ArrayRef<std::string> warnings() const { return warningTexts; }

  /// How long each phase of compile() took, in milliseconds.
  struct CompileTimes {
    /// The reverse-mode pass and its cleanup.
    double differentiate = 0;
    /// MLIR lowering: bufferization, vectorization, to the LLVM dialect.
    double lower = 0;
    /// Translation to LLVM IR, LLVM's optimizations and machine code.
    double llvm = 0;
  };
  const CompileTimes &compileTimes() const { return times; }

  /// Whether the code came from the code cache (lower time is then 0, llvm
  /// time the time to link the stored code, and differentiate time 0 too
  /// unless the program has warnings to report again).
  enum class CacheUse { Off, Miss, Hit };
  CacheUse cacheUse() const { return cacheUsed; }
  /// Why new code could not be stored in the cache (empty: it was, or there
  /// is no cache). The code works either way.
  const std::string &cacheError() const { return cacheStoreError; }

  /// The module after differentiation, before lowering (MLIR text; empty
  /// when the code came from the code cache without differentiating).
  const std::string &differentiatedIR() const { return differentiatedText; }
  /// The optimized LLVM IR, or the host assembly, of the whole module.
  llvm::Expected<std::string> emitLLVMIR() const;
  llvm::Expected<std::string> emitAssembly() const;

private:
  using PackedFunction = void (*)(void **);

  CompiledEntry() = default;
  /// The C-interface functions compiled: the primal's, then the gradient's
  /// and the vector-Jacobian product's if requested.
  std::vector<std::string> cInterfaces() const;
  llvm::Error checkArguments(llvm::ArrayRef<ArrayView> args) const;
  /// Links `object` and finds the wrappers' entry points in it.
  llvm::Error link(std::unique_ptr<llvm::MemoryBuffer> object);
  /// An error unless the lowered module is here (not from the cache).
  llvm::Error checkLowered() const;
  llvm::Expected<std::vector<HostValue>>
  invoke(PackedFunction function, llvm::ArrayRef<mlir::Type> types,
         llvm::ArrayRef<ArrayView> args, llvm::ArrayRef<mlir::Type> resultTypes,
         const CallLimits &limits) const;
  /// invoke() on the arguments, then one tangent per argument in jvpWrt().
  llvm::Expected<std::vector<HostValue>>
  invokeWithTangents(PackedFunction function, llvm::ArrayRef<ArrayView> args,
                     llvm::ArrayRef<ArrayView> tangents,
                     llvm::ArrayRef<mlir::Type> resultTypes,
                     const CallLimits &limits) const;

  /// Owned when the entry was compiled from text (Session); declared first
  /// so it outlives the module.
  std::unique_ptr<mlir::MLIRContext> ownedContext;
  mlir::OwningOpRef<mlir::ModuleOp> llvmModule;
  std::unique_ptr<LinkedCode> code;
  std::vector<mlir::Type> argTypes, resTypes, gradResTypes;
  std::vector<mlir::Type> vjpSeedTypes, vjpResultTypes;
  std::vector<mlir::Type> jvpResultTypes;
  std::vector<unsigned> wrtPositions, jvpPositions;
  std::string differentiatedText;
  std::vector<std::string> warningTexts;
  std::string targetCPU;
  /// The compiled wrappers, and the sites their run-time errors name.
  PackedFunction primalFunction = nullptr, gradientFunction = nullptr,
                 vjpFunction = nullptr, jvpFunction = nullptr,
                 hvpFunction = nullptr;
  std::vector<std::string> sites;
  bool hasGradient = false, hasVjp = false, hasJvp = false, hasHvp = false;
  CompileTimes times;
  CacheUse cacheUsed = CacheUse::Off;
  std::string cacheStoreError;
  /// Large buffers kept from one call to the next (per concurrent call).
  mutable ArenaPool arenas;

  friend class Session;
};

/// Compiles MLIR text into CompiledEntry handles, once per distinct program
/// and request: a training loop that compiles the same program every step
/// reuses the first compilation. Thread-safe; concurrent requests for the
/// same program wait for one compilation. Compiled entries are immutable and
/// may be called from several threads at once.
class Session {
public:
  /// Compiles (or finds) `source` for `request`. Errors carry the compiler's
  /// diagnostics (with their `file:line:col` under `bufferName`).
  llvm::Expected<std::shared_ptr<const CompiledEntry>>
  compile(llvm::StringRef source, const EntryRequest &request,
          llvm::StringRef bufferName = "<rewind>");

  /// Distinct programs compiled so far, and calls answered from the cache.
  size_t compilations() const;
  size_t cacheHits() const;
  /// Of the compilations, those whose code came from the code cache.
  size_t codeCacheHits() const;

  /// Keeps compiled code in `codeCache` (none: only in memory). Applies to
  /// later compilations.
  void setCodeCache(std::optional<CodeCache> codeCache);
  std::optional<CodeCache> codeCache() const;

  /// The process-wide session, with the code cache the environment asks for
  /// (CodeCache::fromEnvironment()).
  static Session &global();

private:
  struct Slot;
  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<Slot>> cache;
  size_t hits = 0, diskHits = 0;
  std::optional<CodeCache> disk;
};

/// What checkGradient found.
struct GradientCheck {
  /// The largest |g - fd| / max(1, |g|, |fd|) over all elements; infinite
  /// when some gradient or finite difference is not finite.
  double maxRelativeError = 0;
  /// The first element whose gradient or finite difference is NaN or
  /// infinite, and both values; empty when all are finite.
  std::string nonFinite;
};

/// Central finite differences of the entry's (scalar) result with respect to
/// the arguments in `wrt`, compared with `gradients`.
llvm::Expected<GradientCheck>
checkGradient(const CompiledEntry &compiled, llvm::ArrayRef<HostValue> args,
              llvm::ArrayRef<std::optional<HostValue>> gradients,
              const CallLimits &limits = {});

/// Central finite differences along the tangents (one per argument in
/// compiled.jvpWrt(), the others held constant) of every floating-point
/// result, compared with `tangents` (ValueAndTangent::tangents).
llvm::Expected<GradientCheck>
checkTangent(const CompiledEntry &compiled, llvm::ArrayRef<HostValue> args,
             llvm::ArrayRef<HostValue> tangents,
             llvm::ArrayRef<std::optional<HostValue>> results,
             const CallLimits &limits = {});

/// Central finite differences of the gradient along the tangents, compared
/// with the Hessian-vector products `products` (one per argument, empty for
/// those not differentiated).
llvm::Expected<GradientCheck>
checkHessianVector(const CompiledEntry &compiled,
                   llvm::ArrayRef<HostValue> args,
                   llvm::ArrayRef<HostValue> tangents,
                   llvm::ArrayRef<std::optional<HostValue>> products,
                   const CallLimits &limits = {});

} // namespace rw::jit

#endif // REWIND_JIT_COMPILER_H
