//===- Runtime.cpp - What compiled code calls, and how it is called -------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Runtime.h"
#include "rewind/Runtime/RuntimeABI.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <pthread.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace rw::jit;

namespace {
struct ThreadBlocks;

/// Stored right before each block handed out. The live blocks of a thread
/// form a list, so a call that fails can free what it allocated.
struct Header {
  void *base;
  /// The bytes asked for, and the bytes the block can hold.
  size_t size, capacity;
  Header *prev, *next;
  /// Allocation order on this thread.
  uint64_t serial;
  /// The thread whose list holds the block.
  ThreadBlocks *owner;
  /// The arena the block returns to when freed (null: to the system), and
  /// its last call that used the block.
  rw::jit::Arena *arena;
  uint64_t lastUse;
};

/// One call into compiled code on this thread.
struct Call {
  std::jmp_buf exit;
  const CallLimits *limits;
  llvm::ArrayRef<std::string> sites;
  std::string error;
  /// Blocks allocated from this serial on belong to the call.
  uint64_t firstSerial;
  int64_t tapeBytesAtStart;
  /// The tape site whose buffer is being allocated, for an out-of-memory
  /// message that names it; -1 otherwise.
  int64_t tapeSite = -1;
  /// The first report of a NaN or an infinity (rewind-explain-nonfinite).
  std::string nonfinite;
  rw::jit::Arena *arena;
  Call *outer;
};

/// A thread's live blocks and counters. The threads of a parallel loop
/// (OpenMP) may free blocks another one allocated (a private copy made by
/// one thread, freed after the loop by the thread that called the code), so
/// the list and the counters it updates are guarded by a mutex of their own:
/// uncontended, except when such a block is freed.
struct ThreadBlocks {
  std::mutex mutex;
  Header *live = nullptr;
  HeapStats stats;
};
thread_local ThreadBlocks blocks;
thread_local HeapStats &stats = blocks.stats;
thread_local uint64_t nextSerial = 0;
thread_local Call *currentCall = nullptr;

constexpr int64_t kMaxBytes = std::numeric_limits<int64_t>::max();

/// The lowest stack address compiled code may reach on this thread: its
/// stack's end, plus room for the deepest frames and for the runtime's own
/// work when it reports the error.
uintptr_t stackLimit() {
  static constexpr size_t kReserve = 256 * 1024;
  thread_local uintptr_t limit = [] {
    pthread_attr_t attributes;
    void *low = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
      pthread_attr_getstack(&attributes, &low, &size);
      pthread_attr_destroy(&attributes);
    }
    return size > 2 * kReserve ? (uintptr_t)low + kReserve : (uintptr_t)0;
  }();
  return limit;
}

std::string siteName(int64_t site) {
  if (currentCall && site >= 0 && (size_t)site < currentCall->sites.size())
    return currentCall->sites[site];
  return "compiled code";
}

/// Ends the current call with the error `describe()` returns. Nothing with
/// a destructor may be alive in the frames this unwinds: the message is
/// built and stored before the jump.
template <typename Describe>
[[noreturn]] void fail(Describe describe) {
  if (!currentCall) {
    // Compiled code called outside callCompiled: nobody to return to.
    std::fprintf(stderr, "rewind: run-time error: %s\n", describe().c_str());
    std::abort();
  }
  currentCall->error = describe();
  std::longjmp(currentCall->exit, 1);
}
} // namespace

HeapStats rw::jit::heapStats() { return stats; }

void rw::jit::resetHeapPeak() {
  stats.peakBytes = stats.liveBytes;
  stats.peakTapeBytes = stats.tapeBytes;
}

/// Blocks of at most kSmallBytes (a recursion's tape stacks, a loop's small
/// tensors) come in size classes of kSmallStep bytes, all aligned to
/// kSmallAlignment, and freed ones wait on one list per class: taking one is
/// a pop, where malloc and free cost more than a small call's own work. An
/// arena keeps at most kSmallKeptBytes of them.
constexpr size_t kSmallStep = 64, kSmallBytes = 4096, kSmallAlignment = 64;
constexpr size_t kSmallKeptBytes = 1 << 20;

struct rw::jit::Arena {
  /// Free blocks kept for reuse.
  std::vector<Header *> kept;
  /// Free small blocks, a list (through Header::next) per size class.
  std::array<Header *, kSmallBytes / kSmallStep> small{};
  size_t smallKeptBytes = 0;
  /// Calls begun with this arena.
  uint64_t calls = 0;

  ~Arena() {
    for (Header *header : kept)
      std::free(header->base);
    for (Header *header : small)
      while (header) {
        Header *next = header->next;
        std::free(header->base);
        header = next;
      }
  }

  static bool isSmall(size_t size, size_t alignment) {
    return size <= kSmallBytes && alignment <= kSmallAlignment;
  }
  /// The capacity of the size class of `size` bytes.
  static size_t smallCapacity(size_t size) {
    return std::max<size_t>(1, (size + kSmallStep - 1) / kSmallStep) *
           kSmallStep;
  }
  Header *takeSmall(size_t capacity) {
    Header *&head = small[capacity / kSmallStep - 1];
    Header *header = head;
    if (header) {
      head = header->next;
      smallKeptBytes -= capacity;
    }
    return header;
  }

  /// Keeps a freed block for reuse, or frees it.
  void keep(Header *header) {
    if (header->capacity > kSmallBytes) {
      kept.push_back(header);
      return;
    }
    if (smallKeptBytes + header->capacity > kSmallKeptBytes) {
      std::free(header->base);
      return;
    }
    Header *&head = small[header->capacity / kSmallStep - 1];
    header->next = head;
    head = header;
    smallKeptBytes += header->capacity;
  }

  /// The smallest kept block that holds `size` bytes at `alignment` without
  /// wasting more than half of it; null when none does.
  Header *take(size_t size, size_t alignment) {
    auto best = kept.end();
    for (auto it = kept.begin(); it != kept.end(); ++it) {
      Header *header = *it;
      if (header->capacity >= size && header->capacity / 2 <= size &&
          reinterpret_cast<uintptr_t>(header + 1) % alignment == 0 &&
          (best == kept.end() || header->capacity < (*best)->capacity))
        best = it;
    }
    if (best == kept.end())
      return nullptr;
    Header *header = *best;
    *best = kept.back();
    kept.pop_back();
    return header;
  }

  /// Frees the kept blocks that none of the last kArenaCalls calls used.
  void trim() {
    llvm::erase_if(kept, [&](Header *header) {
      if (calls - header->lastUse < kArenaCalls)
        return false;
      std::free(header->base);
      return true;
    });
  }
};

rw::jit::ArenaPool::~ArenaPool() {
  for (Arena *arena : idle)
    delete arena;
}

rw::jit::Arena *rw::jit::ArenaPool::acquire() {
  std::lock_guard<std::mutex> lock(mutex);
  if (idle.empty())
    return new Arena;
  Arena *arena = idle.back();
  idle.pop_back();
  return arena;
}

void rw::jit::ArenaPool::giveBack(Arena *arena) {
  arena->trim();
  std::lock_guard<std::mutex> lock(mutex);
  idle.push_back(arena);
}

namespace {
/// Puts `header`'s block at the head of this thread's live blocks.
void *track(Header *header, size_t size) {
  std::lock_guard<std::mutex> lock(blocks.mutex);
  header->size = size;
  header->prev = nullptr;
  header->next = blocks.live;
  header->serial = nextSerial++;
  header->owner = &blocks;
  if (blocks.live)
    blocks.live->prev = header;
  blocks.live = header;
  stats.liveBytes += size;
  stats.peakBytes = std::max(stats.peakBytes, stats.liveBytes);
  return header + 1;
}

/// Blocks of at least this size are backed by huge pages where the system
/// has them on request (Linux's transparent huge pages in `madvise` mode):
/// a fresh 80 MB tensor is 40 faults instead of 20,000, and each fault of a
/// virtual machine is expensive (k-means' first Hessian-vector product
/// spent more time faulting in its n x k tensors than computing them).
constexpr size_t kHugePageBytes = 2 << 20;
constexpr size_t kHugeBlockBytes = 2 * kHugePageBytes;

/// `bytes` from the system (freed by std::free).
char *systemAllocate(size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= kHugeBlockBytes) {
    size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void *block = std::aligned_alloc(kHugePageBytes, rounded);
    if (block)
      (void)madvise(block, rounded, MADV_HUGEPAGE);
    return static_cast<char *>(block);
  }
#endif
  return static_cast<char *>(std::malloc(bytes));
}

/// allocate(), from `arena`'s kept blocks when it has one that fits.
void *allocateIn(rw::jit::Arena *arena, size_t size, size_t alignment) {
  alignment = std::max<size_t>(alignment, 16);
  if (size > (size_t)kMaxBytes - alignment - sizeof(Header))
    return nullptr;
  size_t capacity = size;
  Header *reused = nullptr;
  if (arena && rw::jit::Arena::isSmall(size, alignment)) {
    capacity = rw::jit::Arena::smallCapacity(size);
    alignment = kSmallAlignment;
    reused = arena->takeSmall(capacity);
  } else if (arena && size >= rw::jit::kArenaMinBytes) {
    reused = arena->take(size, alignment);
  } else {
    arena = nullptr;
  }
  if (reused) {
    reused->lastUse = arena->calls;
    stats.reusedBytes += size;
    return track(reused, size);
  }
  char *base = systemAllocate(capacity + alignment + sizeof(Header));
  if (!base)
    return nullptr;
  uintptr_t start = reinterpret_cast<uintptr_t>(base + sizeof(Header));
  uintptr_t aligned = (start + alignment - 1) & ~(uintptr_t(alignment) - 1);
  Header *header = reinterpret_cast<Header *>(aligned) - 1;
  header->base = base;
  header->capacity = capacity;
  header->arena = arena;
  header->lastUse = arena ? arena->calls : 0;
  return track(header, size);
}

/// Removes a block from the live blocks of the thread that allocated it.
Header *untrack(void *pointer) {
  Header *header = static_cast<Header *>(pointer) - 1;
  ThreadBlocks &owner = *header->owner;
  std::lock_guard<std::mutex> lock(owner.mutex);
  if (header->prev)
    header->prev->next = header->next;
  else
    owner.live = header->next;
  if (header->next)
    header->next->prev = header->prev;
  owner.stats.liveBytes -= header->size;
  return header;
}
} // namespace

void *rw::jit::allocate(size_t size, size_t alignment) {
  return allocateIn(nullptr, size, alignment);
}

void *rw::jit::detach(void *pointer) { return untrack(pointer)->base; }

void rw::jit::release(void *pointer) {
  if (!pointer)
    return;
  bool own = (static_cast<Header *>(pointer) - 1)->owner == &blocks;
  Header *header = untrack(pointer);
  // The arena belongs to the owner's call: another thread may not touch it.
  if (header->arena && own)
    header->arena->keep(header);
  else
    std::free(header->base);
}

llvm::Error rw::jit::callCompiled(void (*function)(void **), void **args,
                                  const CallLimits &limits,
                                  llvm::ArrayRef<std::string> sites,
                                  Arena *arena) {
  Call call;
  call.arena = arena;
  if (arena)
    ++arena->calls;
  call.limits = &limits;
  call.sites = sites;
  call.firstSerial = nextSerial;
  call.tapeBytesAtStart = stats.tapeBytes;
  call.outer = currentCall;
  currentCall = &call;
  if (setjmp(call.exit) == 0) {
    function(args);
    currentCall = call.outer;
    if (limits.nonfinite)
      *limits.nonfinite = std::move(call.nonfinite);
    return llvm::Error::success();
  }
  // A run-time error: free what the call allocated.
  currentCall = call.outer;
  for (Header *block = blocks.live; block;) {
    Header *next = block->next;
    if (block->serial >= call.firstSerial)
      release(block + 1);
    block = next;
  }
  stats.tapeBytes = call.tapeBytesAtStart;
  return llvm::createStringError(call.error);
}

//===----------------------------------------------------------------------===//
// The functions compiled code calls
//===----------------------------------------------------------------------===//

namespace {
/// What compiled code allocates: as allocate(), but a failure ends the call.
void *allocateOrFail(size_t size, size_t alignment) {
  if (void *pointer = allocateIn(currentCall ? currentCall->arena : nullptr,
                                 size, alignment)) {
    if (currentCall)
      currentCall->tapeSite = -1;
    return pointer;
  }
  int64_t tapeSite = currentCall ? currentCall->tapeSite : -1;
  fail([&] {
    if (tapeSite >= 0)
      return "out of memory while saving " + siteName(tapeSite) + ": " +
             std::to_string(size) + " bytes";
    return "out of memory: compiled code could not allocate " +
           std::to_string(size) + " bytes";
  });
}

extern "C" {
void *rewindAlloc(size_t size) { return allocateOrFail(size, 16); }
void *rewindAlignedAlloc(size_t alignment, size_t size) {
  return allocateOrFail(size, alignment);
}
void rewindFree(void *pointer) { release(pointer); }

int64_t rewindTapeCapacity(int64_t site, int64_t capacity, int64_t needed,
                           int64_t elementBytes) {
  int64_t neededBytes;
  if (needed < 0 ||
      __builtin_mul_overflow(needed, elementBytes, &neededBytes))
    fail([&] {
      return siteName(site) + " would need more than 2^63 bytes (" +
             (needed < 0 ? std::string("more than 2^63")
                         : std::to_string(needed)) +
             " elements of " + std::to_string(elementBytes) + " bytes)";
    });
  int64_t oldBytes = capacity * elementBytes;
  int64_t others = stats.tapeBytes - oldBytes;
  uint64_t limit = currentCall ? currentCall->limits->maxTapeBytes : 0;
  if (limit && (uint64_t)(others + neededBytes) > limit)
    fail([&] {
      return "the tape exceeds its limit of " + std::to_string(limit) +
             " bytes while saving " + siteName(site) + ": it needs " +
             std::to_string(others + neededBytes) + " bytes";
    });
  // Grow geometrically (within the limit), so that pushes cost O(1).
  int64_t grown = needed, doubled;
  if (capacity > 0 && !__builtin_mul_overflow(capacity, 2, &doubled) &&
      doubled <= kMaxBytes / elementBytes) {
    grown = std::max(doubled, needed);
    if (limit)
      grown = std::min<int64_t>(grown, (limit - others) / elementBytes);
  }
  stats.tapeBytes = others + grown * elementBytes;
  stats.peakTapeBytes = std::max(stats.peakTapeBytes, stats.tapeBytes);
  if (currentCall)
    currentCall->tapeSite = site;
  return grown;
}

void rewindTapeRelease(int64_t, int64_t capacity, int64_t elementBytes) {
  stats.tapeBytes -= capacity * elementBytes;
}

void rewindCheckStack(int64_t site, int64_t address) {
  if ((uintptr_t)address < stackLimit())
    fail([&] { return siteName(site); });
}

int64_t rewindStackLimit() { return (int64_t)stackLimit(); }

void rewindCheckFailed(int64_t site) {
  fail([&] { return siteName(site); });
}

void rewindNonfinite(int64_t site, int64_t count, int64_t a, int64_t b,
                     int64_t c) {
  if (!currentCall || !currentCall->nonfinite.empty())
    return;
  std::string report = siteName(site);
  if (count > 0) {
    report += ", from operands";
    int64_t bits[] = {a, b, c};
    for (int64_t i = 0; i < std::min<int64_t>(count, 3); ++i) {
      double value;
      std::memcpy(&value, &bits[i], sizeof value);
      char text[32];
      std::snprintf(text, sizeof text, " %.17g", value);
      report += text;
    }
  }
  currentCall->nonfinite = std::move(report);
}

int64_t rewindTapeBytes() { return stats.tapeBytes; }

int64_t rewindCheckpointPlan(int64_t budget, int64_t levels,
                             int64_t iterations, int64_t iterationBytes,
                             int64_t snapshotBytes) {
  uint64_t limit = currentCall ? currentCall->limits->maxTapeBytes : 0;
  if (limit && limit < (uint64_t)budget)
    budget = (int64_t)limit;
  int64_t available = std::max<int64_t>(budget - stats.tapeBytes, 0);
  return planCheckpoints(available, levels, iterations, iterationBytes,
                         snapshotBytes);
}

int64_t rewindBinomialSplit(int64_t iterations, int64_t snapshots) {
  return binomialSplit(iterations, snapshots);
}

void rewindRecomputed(int64_t iterations) {
  stats.recomputedIterations += iterations;
}

int64_t rewindBufferSize(int64_t site, int64_t bytes, int64_t dimension) {
  int64_t product;
  if (dimension < 0)
    fail([&] {
      return "negative size " + std::to_string(dimension) + " for " +
             siteName(site);
    });
  if (__builtin_mul_overflow(bytes, dimension, &product))
    fail([&] { return siteName(site) + " would need more than 2^63 bytes"; });
  return product;
}
}

const std::pair<llvm::StringRef, void *> kSymbols[] = {
    // finalize-memref-to-llvm{use-generic-functions}
    {"_mlir_memref_to_llvm_alloc", reinterpret_cast<void *>(&rewindAlloc)},
    {"_mlir_memref_to_llvm_aligned_alloc",
     reinterpret_cast<void *>(&rewindAlignedAlloc)},
    {"_mlir_memref_to_llvm_free", reinterpret_cast<void *>(&rewindFree)},
    // rewind/Runtime/RuntimeABI.h
    {rw::runtime::kTapeCapacity, reinterpret_cast<void *>(&rewindTapeCapacity)},
    {rw::runtime::kTapeRelease, reinterpret_cast<void *>(&rewindTapeRelease)},
    {rw::runtime::kBufferSize, reinterpret_cast<void *>(&rewindBufferSize)},
    {rw::runtime::kTapeBytes, reinterpret_cast<void *>(&rewindTapeBytes)},
    {rw::runtime::kCheckpointPlan,
     reinterpret_cast<void *>(&rewindCheckpointPlan)},
    {rw::runtime::kRecomputed, reinterpret_cast<void *>(&rewindRecomputed)},
    {rw::runtime::kBinomialSplit,
     reinterpret_cast<void *>(&rewindBinomialSplit)},
    {rw::runtime::kCheckFailed, reinterpret_cast<void *>(&rewindCheckFailed)},
    {rw::runtime::kCheckStack, reinterpret_cast<void *>(&rewindCheckStack)},
    {rw::runtime::kStackLimit, reinterpret_cast<void *>(&rewindStackLimit)},
    {rw::runtime::kNonfinite, reinterpret_cast<void *>(&rewindNonfinite)},
};
} // namespace

llvm::ArrayRef<std::pair<llvm::StringRef, void *>> rw::jit::runtimeSymbols() {
  return kSymbols;
}

/// Segments of `iterations` iterations each saving `iterationBytes`: with no
/// further level, the count that needs least memory (c snapshots of
/// `snapshotBytes` plus one segment's tape: c = sqrt(n b / s)); with L
/// levels below, (n b / s)^(1/(L+2)), each level splitting its segment
/// alike. The fewest levels whose estimated memory fits 7/8 of `available`
/// win (every level recomputes each iteration once more); when none fits,
/// the most levels allowed.
int64_t rw::jit::planCheckpoints(int64_t available, int64_t levels,
                                 int64_t iterations, int64_t iterationBytes,
                                 int64_t snapshotBytes) {
  if (iterations <= 1 || iterationBytes <= 0 ||
      iterations <= available / iterationBytes)
    return 0;
  double n = iterations, b = iterationBytes,
         s = std::max<int64_t>(snapshotBytes, 1);
  auto segmentsFor = [&](double count, int64_t below) {
    return std::clamp(std::ceil(std::pow(count * b / s, 1.0 / (below + 2))),
                      1.0, count);
  };
  // Estimated peak of a plan with `below` levels under this one: the
  // snapshots of every level, the innermost segment's tape, and the first
  // iteration each level tapes to measure it.
  auto memory = [&](int64_t below) {
    double count = n, bytes = 0;
    for (int64_t level = 0; level <= below; ++level) {
      double c = segmentsFor(count, below - level);
      bytes += c * s + b;
      count = std::ceil(count / c);
    }
    return bytes + count * b;
  };
  // An eighth of the budget is left for what the estimate leaves out (the
  // slack of tape buffers that grow by doubling, the adjoints' stacks).
  double usable = available * 0.875;
  int64_t below = 0;
  while (below < levels && memory(below) > usable)
    ++below;
  int64_t segments = (int64_t)segmentsFor(n, below);
  return segments > 1 ? segments : 0;
}

/// C(c + r, r), the most iterations c snapshots reverse with r repetitions,
/// saturating at `cap`.
static int64_t binomialSteps(int64_t c, int64_t r, int64_t cap) {
  // C(c + r, r) = prod_{k=1..r} (c + k) / k, exact at every step.
  __int128 value = 1;
  for (int64_t k = 1; k <= r; ++k) {
    value = value * (c + k) / k;
    if (value > cap)
      return cap;
  }
  return (int64_t)value;
}

int64_t rw::jit::binomialSplit(int64_t iterations, int64_t snapshots) {
  if (iterations < 2 || snapshots < 2)
    return std::max<int64_t>(iterations, 0);
  int64_t r = 0;
  while (binomialSteps(snapshots, r, iterations) < iterations)
    ++r;
  int64_t rest = binomialSteps(snapshots - 1, r, iterations);
  return std::clamp<int64_t>(iterations - rest, 1, iterations - 1);
}
