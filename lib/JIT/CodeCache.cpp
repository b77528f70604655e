//===- CodeCache.cpp - Compiled code kept on disk between processes -------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/CodeCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"

#include <chrono>
#include <dlfcn.h>

using namespace rw::jit;

/// The first line of every entry; a new format gets a new number.
static constexpr llvm::StringLiteral kMagic = "rewind-code 1\n";

llvm::Expected<CodeCache> CodeCache::open(llvm::StringRef directory,
                                          llvm::StringRef policy) {
  auto parsed =
      llvm::parseCachePruningPolicy(policy.empty() ? kDefaultPolicy : policy);
  if (!parsed)
    return llvm::createStringError("bad code cache policy '" + policy +
                                   "': " + llvm::toString(parsed.takeError()));
  llvm::SmallString<256> absolute(directory);
  if (std::error_code error = llvm::sys::fs::make_absolute(absolute))
    return llvm::createStringError("bad code cache directory '" + directory +
                                   "': " + error.message());
  return CodeCache(std::string(absolute), *parsed);
}

llvm::Expected<std::optional<CodeCache>>
CodeCache::fromEnvironment(llvm::StringRef directory) {
  auto variable = [](const char *name) {
    return llvm::sys::Process::GetEnv(name).value_or("");
  };
  std::string enabled = llvm::StringRef(variable("REWIND_CACHE")).lower();
  if (directory.empty() &&
      (enabled == "off" || enabled == "0" || enabled == "false"))
    return std::nullopt;
  llvm::SmallString<256> path(directory);
  if (path.empty())
    path = variable("REWIND_CACHE_DIR");
  if (path.empty()) {
    if (!llvm::sys::path::cache_directory(path))
      return std::nullopt;
    llvm::sys::path::append(path, "rewind");
  }
  auto cache = open(path, variable("REWIND_CACHE_POLICY"));
  if (!cache)
    return llvm::createStringError("REWIND_CACHE_POLICY: " +
                                   llvm::toString(cache.takeError()));
  return std::optional<CodeCache>(std::move(*cache));
}

/// The file holding this code (the executable or shared library Rewind is
/// linked into), its size and modification time: a rebuilt Rewind never
/// reads entries of another build.
static std::string buildIdentity() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&buildIdentity), &info) ||
      !info.dli_fname)
    return "unknown build";
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(info.dli_fname, status))
    return info.dli_fname;
  return (llvm::Twine(info.dli_fname) + " " + llvm::Twine(status.getSize()) +
          " " +
          llvm::Twine(std::chrono::duration_cast<std::chrono::nanoseconds>(
                          status.getLastModificationTime().time_since_epoch())
                          .count()))
      .str();
}

std::string CodeCache::key(llvm::ArrayRef<std::string> parts) {
  static const std::string build = buildIdentity();
  llvm::SHA256 hash;
  auto add = [&](llvm::StringRef part) {
    hash.update(std::to_string(part.size()) + ":");
    hash.update(part);
  };
  add(kMagic);
  add(LLVM_VERSION_STRING);
  add(build);
  for (const std::string &part : parts)
    add(part);
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

std::string CodeCache::pathOf(llvm::StringRef key) const {
  // pruneCache() manages the files named llvmcache-*.
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, "llvmcache-" + key);
  return std::string(path);
}

std::optional<CachedCode> CodeCache::find(llvm::StringRef key) const {
  std::string path = pathOf(key);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return std::nullopt;
  llvm::StringRef contents = (*file)->getBuffer();
  if (!contents.consume_front(kMagic))
    return std::nullopt;
  auto [header, object] = contents.split('\n');
  auto metadata = llvm::json::parse(header);
  if (!metadata) {
    llvm::consumeError(metadata.takeError());
    return std::nullopt;
  }
  const llvm::json::Array *sites =
      metadata->getAsObject() ? metadata->getAsObject()->getArray("sites")
                              : nullptr;
  if (!sites || object.empty())
    return std::nullopt;
  CachedCode code;
  code.quiet = metadata->getAsObject()->getBoolean("quiet").value_or(false);
  for (const llvm::json::Value &site : *sites) {
    auto text = site.getAsString();
    if (!text)
      return std::nullopt;
    code.sites.push_back(text->str());
  }
  code.object = llvm::MemoryBuffer::getMemBufferCopy(object, path);
  // Recently used entries are the last to be pruned.
  int fd;
  if (!llvm::sys::fs::openFileForWrite(path, fd, llvm::sys::fs::CD_OpenExisting,
                                       llvm::sys::fs::OF_Append)) {
    auto now = std::chrono::system_clock::now();
    (void)llvm::sys::fs::setLastAccessAndModificationTime(fd, now, now);
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  return code;
}

llvm::Error CodeCache::store(llvm::StringRef key,
                             const CachedCode &code) const {
  if (std::error_code error = llvm::sys::fs::create_directories(dir))
    return llvm::createStringError("cannot create the code cache directory '" +
                                   dir + "': " + error.message());
  llvm::SmallString<256> model(dir);
  llvm::sys::path::append(model, "rewind-%%%%%%%%.tmp");
  auto temporary = llvm::sys::fs::TempFile::create(model);
  if (!temporary)
    return temporary.takeError();
  {
    llvm::raw_fd_ostream os(temporary->FD, /*shouldClose=*/false);
    llvm::json::Array sites;
    for (const std::string &site : code.sites)
      sites.push_back(site);
    os << kMagic
       << llvm::json::Value(llvm::json::Object{{"sites", std::move(sites)},
                                               {"quiet", code.quiet}})
       << "\n"
       << code.object->getBuffer();
    os.flush();
    if (os.has_error()) {
      std::error_code error = os.error();
      os.clear_error();
      llvm::consumeError(temporary->discard());
      return llvm::createStringError("cannot write to the code cache: " +
                                     error.message());
    }
  }
  // Renamed into place whole: readers see the old entry or the new one.
  if (llvm::Error error = temporary->keep(pathOf(key)))
    return error;
  llvm::pruneCache(dir, policy);
  return llvm::Error::success();
}
