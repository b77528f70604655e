//===- Session.cpp - Compile-once cache of compiled programs --------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/InitRewind.h"
#include "rewind/JIT/Compiler.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <thread>

using namespace mlir;
using namespace rw::jit;

unsigned EntryRequest::resolvedThreads() const {
  return threads ? threads : std::max(1u, std::thread::hardware_concurrency());
}

std::string EntryRequest::fingerprint() const {
  std::string key = entry + "|" + (gradient ? "grad|" : "|") +
                    (vjp ? "vjp|" : "|") + unconnected + "|" +
                    (vectorize ? "vec|" : "|") + (runtimeChecks ? "checks|" : "|") +
                    (explainNonfinite ? "nonfinite|" : "|") +
                    targetCPU + "|" + std::to_string(vectorBits) +
                    (fpContract ? "|fma|" : "||");
  for (unsigned i : wrt)
    key += std::to_string(i) + ",";
  key += std::string(jvp ? "|jvp" : "|") + (hvp ? "|hvp|" : "||");
  for (unsigned i : jvpWrt)
    key += std::to_string(i) + ",";
  key += "|budget" + std::to_string(tapeBudget);
  key += "|threads" + std::to_string(resolvedThreads());
  return key;
}

/// One program: compiled by the first caller, shared with the others.
struct Session::Slot {
  std::mutex mutex;
  bool done = false;
  std::shared_ptr<const CompiledEntry> entry;
  std::string error;
};

/// `file:line:col: message` for a diagnostic.
static std::string describe(Diagnostic &diag) {
  std::string text;
  if (auto file = diag.getLocation()->findInstanceOf<FileLineColLoc>())
    text = (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()) + ": ")
               .str();
  return text + diag.str();
}

llvm::Expected<std::shared_ptr<const CompiledEntry>>
Session::compile(llvm::StringRef source, const EntryRequest &request,
                 llvm::StringRef bufferName) {
  std::shared_ptr<Slot> slot;
  std::optional<CodeCache> codeCache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    codeCache = disk;
    std::shared_ptr<Slot> &found =
        cache[request.fingerprint() + "\n" + source.str()];
    if (found)
      ++hits;
    else
      found = std::make_shared<Slot>();
    slot = found;
  }
  std::lock_guard<std::mutex> lock(slot->mutex);
  if (!slot->done) {
    slot->done = true;
    DialectRegistry registry;
    rw::registerAllDialects(registry);
    auto context = std::make_unique<MLIRContext>(
        registry, MLIRContext::Threading::DISABLED);
    std::vector<std::string> errors, warnings;
    ScopedDiagnosticHandler handler(context.get(), [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        errors.push_back(describe(diag));
      else if (diag.getSeverity() == DiagnosticSeverity::Warning)
        warnings.push_back(describe(diag));
      return success();
    });
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(source, bufferName),
        llvm::SMLoc());
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, context.get());
    if (module) {
      auto compiled = CompiledEntry::compile(
          std::move(module), request, codeCache ? &*codeCache : nullptr);
      if (compiled) {
        if ((*compiled)->cacheUse() == CompiledEntry::CacheUse::Hit) {
          std::lock_guard<std::mutex> lock(mutex);
          ++diskHits;
        }
        (*compiled)->warningTexts = std::move(warnings);
        (*compiled)->ownedContext = std::move(context);
        slot->entry = std::move(*compiled);
      } else {
        std::string message = llvm::toString(compiled.takeError());
        slot->error = errors.empty() ? message : errors.front();
      }
    } else {
      slot->error = errors.empty() ? "cannot parse the program" : errors.front();
    }
  }
  if (!slot->entry)
    return llvm::createStringError(slot->error);
  return slot->entry;
}

size_t Session::compilations() const {
  std::lock_guard<std::mutex> lock(mutex);
  return cache.size();
}

size_t Session::cacheHits() const {
  std::lock_guard<std::mutex> lock(mutex);
  return hits;
}

size_t Session::codeCacheHits() const {
  std::lock_guard<std::mutex> lock(mutex);
  return diskHits;
}

void Session::setCodeCache(std::optional<CodeCache> codeCache) {
  std::lock_guard<std::mutex> lock(mutex);
  disk = std::move(codeCache);
}

std::optional<CodeCache> Session::codeCache() const {
  std::lock_guard<std::mutex> lock(mutex);
  return disk;
}

Session &Session::global() {
  // Never destroyed: compiled code and its LLVM state must not be torn down
  // after LLVM's own static objects at exit.
  static Session *session = [] {
    auto *session = new Session();
    auto codeCache = CodeCache::fromEnvironment();
    if (codeCache)
      session->setCodeCache(std::move(*codeCache));
    else
      llvm::errs() << "rewind: warning: the code cache is off: "
                   << llvm::toString(codeCache.takeError()) << "\n";
    return session;
  }();
  return *session;
}
