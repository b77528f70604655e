//===- Runtime.h - Heap accounting for compiled code ------------*- C++ -*-===//
//
// Part of the Rewind project.
//
// Compiled code allocates every buffer (tensors, the tape) through
// _mlir_memref_to_llvm_alloc/_free, which Rewind resolves to this counting
// allocator. The counts are per thread: compiled code runs on its caller's
// thread.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_JIT_RUNTIME_H
#define REWIND_JIT_RUNTIME_H

#include <cstddef>
#include <cstdint>

namespace rw::jit {

struct HeapStats {
  /// Bytes allocated by compiled code on this thread and not freed yet.
  int64_t liveBytes = 0;
  /// The largest liveBytes since the last resetHeapPeak().
  int64_t peakBytes = 0;
};

HeapStats heapStats();
/// Starts a new peak measurement from the current live bytes.
void resetHeapPeak();

/// The allocator compiled code uses (16-byte aligned at least).
void *allocate(size_t size, size_t alignment = 16);
void release(void *pointer);

} // namespace rw::jit

#endif // REWIND_JIT_RUNTIME_H
