//===- Runtime.h - What compiled code calls, and how it is called -*- C++ -*-===//
//
// Part of the Rewind project.
//
// Compiled code allocates every buffer (tensors, the tape) through
// _mlir_memref_to_llvm_alloc/_free, which Rewind resolves to this counting
// allocator, and reports run-time errors (a size that overflows, an
// allocation that fails, a tape over its limit) through the functions of
// rewind/Runtime/RuntimeABI.h. Both are per thread: compiled code runs on its
// caller's thread.
//
// Every call into compiled code goes through callCompiled. A run-time error
// ends the call where it happens (a longjmp back to callCompiled: compiled
// code holds no resources but its buffers, and the runtime knows them all),
// frees every buffer the call allocated and returns the error as a value.
// The host process never aborts.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_JIT_RUNTIME_H
#define REWIND_JIT_RUNTIME_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rw::jit {

struct HeapStats {
  /// Bytes allocated by compiled code on this thread and not freed yet.
  int64_t liveBytes = 0;
  /// The largest liveBytes since the last resetHeapPeak().
  int64_t peakBytes = 0;
  /// Of liveBytes, the bytes of tape buffers, and their peak.
  int64_t tapeBytes = 0;
  int64_t peakTapeBytes = 0;
  /// Bytes served from buffers kept by an arena rather than newly allocated.
  int64_t reusedBytes = 0;
  /// Loop iterations run again by the reverse sweeps of checkpointed loops.
  int64_t recomputedIterations = 0;
};

HeapStats heapStats();
/// Starts a new peak measurement from the current live bytes.
void resetHeapPeak();

/// The allocator compiled code uses (16-byte aligned at least); null when
/// the memory is not available.
void *allocate(size_t size, size_t alignment = 16);
void release(void *pointer);
/// Hands a block from allocate() over to the host: it leaves this thread's
/// accounting (and the blocks a failing call frees). Returns the pointer
/// the host frees it with, by std::free, from any thread.
void *detach(void *pointer);

/// Buffers of at least kArenaMinBytes that compiled code frees during a call
/// (tensors, the tape), kept for the next call instead of going back to the
/// system: a program run again on inputs of the same sizes allocates the
/// same buffers, and fresh pages cost a page fault each (a 50 MB tensor is
/// 12,000 faults, more than the arithmetic on it). What an arena keeps is
/// sized by its last kArenaCalls calls: a block none of them used is freed
/// when a call ends (calls that alternate, a gradient then a Hessian-vector
/// product, each keep the other's blocks). Small blocks (up to 4 KB: the
/// tape stacks of a recursion's calls) are kept too, by size class, up to
/// 1 MB per arena. An arena serves one call at a time.
struct Arena;
constexpr size_t kArenaMinBytes = 64 * 1024;
constexpr uint64_t kArenaCalls = 4;

/// The arenas of one compiled entry: one per call running at the same time,
/// so calls from several threads never share one. Thread-safe; frees every
/// kept block when destroyed (no call may be running then).
class ArenaPool {
public:
  ArenaPool() = default;
  ArenaPool(const ArenaPool &) = delete;
  ArenaPool &operator=(const ArenaPool &) = delete;
  ~ArenaPool();

  /// An arena for one call (and for freeing what its results do not keep).
  Arena *acquire();
  /// Returns `arena` once its call is over, keeping what that call used.
  void giveBack(Arena *arena);

private:
  std::mutex mutex;
  std::vector<Arena *> idle;
};

/// Limits of one call into compiled code.
struct CallLimits {
  /// The most bytes the tape (the values saved for the reverse sweep) may
  /// hold at once; 0: no limit.
  uint64_t maxTapeBytes = 0;
  /// Where to store, for code compiled with `explainNonfinite`, the first
  /// op whose result was NaN or infinite during the call ("'math.log' at
  /// f.mlir:3:8, from operands -1"; empty when none was); null: not wanted.
  std::string *nonfinite = nullptr;
};

/// Calls `function` (a packed `_mlir_ciface_` wrapper) on `args`. A run-time
/// error raised by compiled code ends the call: every buffer allocated
/// during it is freed and the error is returned. `sites` describes the
/// source locations the errors name (the module's site table). Large
/// buffers come from `arena` when one is given.
llvm::Error callCompiled(void (*function)(void **), void **args,
                         const CallLimits &limits,
                         llvm::ArrayRef<std::string> sites,
                         Arena *arena = nullptr);

/// The number of segments to checkpoint a loop of `iterations` iterations
/// with (tape.checkpoint_plan), each iteration saving `iterationBytes` on
/// the tape, its loop-carried values `snapshotBytes`, when the tape may grow
/// by `available` bytes and a segment may be split `levels` more times; 0:
/// the loop's whole tape fits (or checkpointing cannot make it smaller).
int64_t planCheckpoints(int64_t available, int64_t levels, int64_t iterations,
                        int64_t iterationBytes, int64_t snapshotBytes);

/// Binomial checkpointing: the iterations to run before the next snapshot
/// (tape.binomial_split) for `iterations` >= 2 and `snapshots` >= 2.
int64_t binomialSplit(int64_t iterations, int64_t snapshots);

/// The runtime functions compiled code may call, by symbol name.
llvm::ArrayRef<std::pair<llvm::StringRef, void *>> runtimeSymbols();

} // namespace rw::jit

#endif // REWIND_JIT_RUNTIME_H
