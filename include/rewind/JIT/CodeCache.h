//===- CodeCache.h - Compiled code kept on disk between processes -*- C++ -*-===//
//
// Part of the Rewind project.
//
// Compiling a gradient takes from a tenth of a second to seconds; a second
// process asking for the same program should not pay it again. The code
// cache keeps each compilation's object file in a directory, under a key
// made of everything the code depends on: the program (with its source
// locations), the request, the target CPU and its features, and the build
// of Rewind itself. A process that finds its key links the stored object,
// skipping lowering and LLVM, the expensive phases; if the program had
// warnings, it is differentiated again, which reports them again.
//
// Entries are written atomically (a temporary file renamed into place), so
// processes sharing a directory never read a partial entry, and the
// directory is pruned with LLVM's cache policy (the ThinLTO cache's syntax:
// "prune_after=720h:cache_size_bytes=512m").
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_JIT_CODECACHE_H
#define REWIND_JIT_CODECACHE_H

#include "llvm/Support/CachePruning.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rw::jit {

/// One compilation as stored: its object file, the source sites its
/// run-time errors name, and whether compiling it reported nothing
/// (warnings are not stored: a program with some is differentiated again,
/// which reports them again).
struct CachedCode {
  std::unique_ptr<llvm::MemoryBuffer> object;
  std::vector<std::string> sites;
  bool quiet = false;
};

class CodeCache {
public:
  /// The default pruning policy: entries unused for 30 days go, and the
  /// directory stays under 512 MB (least recently used first).
  static constexpr const char *kDefaultPolicy =
      "prune_interval=10m:prune_after=720h:cache_size_bytes=512m";

  /// A cache in `directory` (created when the first entry is stored),
  /// pruned by `policy` (LLVM's cache policy syntax; empty: the default).
  static llvm::Expected<CodeCache> open(llvm::StringRef directory,
                                        llvm::StringRef policy = "");

  /// The cache the environment asks for: in REWIND_CACHE_DIR (default: the
  /// user's cache directory, ~/.cache/rewind), pruned by
  /// REWIND_CACHE_POLICY; none when REWIND_CACHE is "off" (or "0",
  /// "false"). A `directory` given here is used, cache on, instead. An
  /// error names a policy that does not parse.
  static llvm::Expected<std::optional<CodeCache>>
  fromEnvironment(llvm::StringRef directory = "");

  /// A key for the strings `parts` (a digest; order and boundaries count),
  /// including the identity of the Rewind build that computes it.
  static std::string key(llvm::ArrayRef<std::string> parts);

  /// The entry stored under `key`, if there is a readable one.
  std::optional<CachedCode> find(llvm::StringRef key) const;
  /// Stores `code` under `key` and prunes the directory.
  llvm::Error store(llvm::StringRef key, const CachedCode &code) const;

  const std::string &directory() const { return dir; }

private:
  CodeCache(std::string dir, llvm::CachePruningPolicy policy)
      : dir(std::move(dir)), policy(policy) {}
  std::string pathOf(llvm::StringRef key) const;

  std::string dir;
  llvm::CachePruningPolicy policy;
};

} // namespace rw::jit

#endif // REWIND_JIT_CODECACHE_H
