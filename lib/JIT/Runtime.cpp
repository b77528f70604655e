//===- Runtime.cpp - Heap accounting for compiled code --------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Runtime.h"

#include <algorithm>
#include <cstdlib>

using namespace rw::jit;

namespace {
/// Stored right before each block handed out.
struct Header {
  void *base;
  size_t size;
};
thread_local HeapStats stats;
} // namespace

HeapStats rw::jit::heapStats() { return stats; }

void rw::jit::resetHeapPeak() { stats.peakBytes = stats.liveBytes; }

void *rw::jit::allocate(size_t size, size_t alignment) {
  alignment = std::max<size_t>(alignment, 16);
  char *base =
      static_cast<char *>(std::malloc(size + alignment + sizeof(Header)));
  if (!base)
    return nullptr;
  uintptr_t start = reinterpret_cast<uintptr_t>(base + sizeof(Header));
  uintptr_t aligned = (start + alignment - 1) & ~(uintptr_t(alignment) - 1);
  Header *header = reinterpret_cast<Header *>(aligned) - 1;
  header->base = base;
  header->size = size;
  stats.liveBytes += size;
  stats.peakBytes = std::max(stats.peakBytes, stats.liveBytes);
  return reinterpret_cast<void *>(aligned);
}

void rw::jit::release(void *pointer) {
  if (!pointer)
    return;
  Header *header = static_cast<Header *>(pointer) - 1;
  stats.liveBytes -= header->size;
  std::free(header->base);
}
