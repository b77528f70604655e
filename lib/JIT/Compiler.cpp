//===- Compiler.cpp - Compile and run a function and its gradient ---------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Compiler.h"
#include "MachineCode.h"
#include "rewind/JIT/CodeCache.h"
#include "rewind/JIT/Runtime.h"
#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/InitRewind.h"
#include "rewind/Pipelines/Pipelines.h"
#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/VectorTarget.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <set>

using namespace mlir;
using namespace rw;
using namespace rw::jit;

static constexpr llvm::StringLiteral kPrimalWrapper = "__rewind_primal";
static constexpr llvm::StringLiteral kGradientWrapper = "__rewind_value_and_grad";
static constexpr llvm::StringLiteral kVjpWrapper = "__rewind_vjp";
static constexpr llvm::StringLiteral kJvpWrapper = "__rewind_jvp";
static constexpr llvm::StringLiteral kHvpWrapper = "__rewind_hvp";
/// (args..., tangents...) -> the tangent of the result: what the Hessian-
/// vector product differentiates.
static constexpr llvm::StringLiteral kHvpTangent = "__rewind_hvp_tangent";

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

/// The C-interface function the LLVM lowering makes for wrapper `name`.
static std::string cInterface(StringRef name) {
  return ("_mlir_ciface_" + name).str();
}

std::vector<std::string> CompiledEntry::cInterfaces() const {
  std::vector<std::string> names{cInterface(kPrimalWrapper)};
  if (hasGradient)
    names.push_back(cInterface(kGradientWrapper));
  if (hasVjp)
    names.push_back(cInterface(kVjpWrapper));
  if (hasJvp)
    names.push_back(cInterface(kJvpWrapper));
  if (hasHvp)
    names.push_back(cInterface(kHvpWrapper));
  return names;
}

CompiledEntry::~CompiledEntry() = default;

/// The vector registers of the CPU `machine` generates code for.
static VectorTarget vectorTarget(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  return vectorTargetFromFeatures([&](llvm::StringRef feature) {
    return info->checkFeatures(("+" + feature).str());
  });
}

/// A function of the program named like a C library function (`@cbrt`,
/// `@exp`, `@malloc`) would take the place of the library's in the JIT (math
/// lowers to libm calls, buffers to malloc): a `@cbrt` calling `math.cbrt`
/// would call itself forever. Every function with a body gets a name of
/// Rewind's own; the wrappers, the JIT's entry points, keep theirs, and
/// declarations keep naming what a library provides. The program's
/// functions become private: those the wrappers inlined (the entry itself,
/// usually) are not compiled again (a third of GMM's compile time).
static void renameProgramFunctions(ModuleOp module) {
  SymbolTable symbols(module);
  for (auto fn : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!fn.isExternal() && !fn.getSymName().starts_with("__rewind_")) {
      (void)symbols.rename(fn, ("__rewind_fn_" + fn.getSymName()).str());
      fn.setPrivate();
    }
}

/// Every function the lowered module declares but does not define must be
/// provided by Rewind, the process or the runtime library (libm's erf, ...).
static llvm::Error checkExternalSymbols(ModuleOp module) {
  loadRuntimeLibraries();
  for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
    if (fn.isExternal() &&
        !llvm::any_of(runtimeSymbols(),
                      [&](auto &entry) { return entry.first == fn.getName(); }) &&
        !llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(fn.getName().str()))
      return makeError("@" + fn.getName() +
                       " is declared but not defined, and no library "
                       "provides a symbol '" + fn.getName() + "'");
  return llvm::Error::success();
}

/// Adds `func.func @name(args) -> results attributes {llvm.emit_c_interface}`
/// whose body `buildBody` fills, returning the values to return.
static void addWrapper(
    ModuleOp module, StringRef name, FunctionType type,
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
        buildBody) {
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  Location loc = b.getUnknownLoc();
  auto wrapper = func::FuncOp::create(b, loc, name, type);
  wrapper->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  // The host's buffers: compiled code must not write into them.
  for (auto [i, input] : llvm::enumerate(type.getInputs()))
    if (isa<TensorType>(input))
      wrapper.setArgAttr(i, "bufferization.writable", b.getBoolAttr(false));
  Block *body = wrapper.addEntryBlock();
  b.setInsertionPointToStart(body);
  SmallVector<Value> results = buildBody(b, loc, body->getArguments());
  func::ReturnOp::create(b, loc, results);
}

/// The sorted argument positions to differentiate: `request.wrt`, checked,
/// or every floating-point argument.
static llvm::Expected<std::vector<unsigned>>
resolveWrt(FunctionType type, const EntryRequest &request) {
  std::vector<unsigned> positions;
  if (request.wrt.empty()) {
    for (auto [i, t] : llvm::enumerate(type.getInputs()))
      if (tape::isDifferentiableType(t))
        positions.push_back(i);
    return positions;
  }
  std::set<unsigned> sorted(request.wrt.begin(), request.wrt.end());
  for (unsigned i : sorted) {
    if (i >= type.getNumInputs())
      return makeError("argument #" + llvm::Twine(i) + " does not exist: @" +
                       request.entry + " has " +
                       llvm::Twine(type.getNumInputs()) + " arguments");
    if (!tape::isDifferentiableType(type.getInput(i))) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "cannot differentiate with respect to argument #" << i << " of @"
         << request.entry << ": its type " << type.getInput(i)
         << " is not floating-point";
      return makeError(text);
    }
    positions.push_back(i);
  }
  return positions;
}

llvm::Expected<std::unique_ptr<CompiledEntry>>
CompiledEntry::compile(OwningOpRef<ModuleOp> module,
                       const EntryRequest &request, const CodeCache *cache) {
  rw::registerAllPasses();
  // The program as given, with its locations (they name run-time errors'
  // sites): part of the code cache's key.
  std::string programText;
  if (cache) {
    llvm::raw_string_ostream os(programText);
    module->print(os, OpPrintingFlags().enableDebugInfo());
  }
  module->getContext()->loadDialect<func::FuncDialect, tape::TapeDialect>();
  auto entry = module->lookupSymbol<func::FuncOp>(request.entry);
  if (!entry)
    return makeError("no function named '@" + request.entry + "'");
  if (entry.isExternal())
    return makeError("@" + request.entry + " has no body");

  std::unique_ptr<CompiledEntry> compiled(new CompiledEntry());
  FunctionType type = entry.getFunctionType();
  compiled->argTypes.assign(type.getInputs().begin(), type.getInputs().end());
  compiled->resTypes.assign(type.getResults().begin(), type.getResults().end());
  // Every argument and result crosses the host boundary: a scalar or a
  // ranked tensor of an element type the host side knows.
  auto checkBoundaryType = [&](Type t, StringRef role) -> llvm::Error {
    auto tensor = dyn_cast<RankedTensorType>(t);
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "@" << request.entry << " " << role << " of type " << t;
    if (!tensor && !t.isIntOrIndexOrFloat())
      return makeError(os.str() + "; only scalars and ranked tensors can "
                                  "cross to and from the host");
    auto kind = elementKindOf(tensor ? tensor.getElementType() : t);
    if (!kind)
      return makeError(os.str() + ": " + llvm::toString(kind.takeError()));
    return llvm::Error::success();
  };
  for (Type t : compiled->argTypes)
    if (llvm::Error error = checkBoundaryType(t, "takes an argument"))
      return std::move(error);
  for (Type t : compiled->resTypes)
    if (llvm::Error error = checkBoundaryType(t, "returns a value"))
      return std::move(error);

  addWrapper(*module, kPrimalWrapper, type,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               auto call = func::CallOp::create(b, loc, entry, args);
               return SmallVector<Value>(call.getResults());
             });

  if (request.gradient || request.vjp) {
    auto wrt = resolveWrt(type, request);
    if (!wrt)
      return wrt.takeError();
    compiled->wrtPositions = std::move(*wrt);
  }

  if (request.gradient) {
    compiled->hasGradient = true;
    if (type.getNumResults() != 1 || !isa<FloatType>(type.getResult(0))) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "a gradient needs @" << request.entry
         << " to return one floating-point scalar, but it returns (";
      llvm::interleaveComma(type.getResults(), os);
      os << ")";
      return makeError(text);
    }
    SmallVector<Type> gradResults{type.getResult(0)};
    for (unsigned i : compiled->wrtPositions)
      gradResults.push_back(type.getInput(i));
    compiled->gradResTypes.assign(gradResults.begin(), gradResults.end());
    OpBuilder b(module->getContext());
    SmallVector<int64_t> wrt(compiled->wrtPositions.begin(),
                             compiled->wrtPositions.end());
    addWrapper(*module, kGradientWrapper,
               b.getFunctionType(type.getInputs(), gradResults),
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 auto op = tape::ValueAndGradOp::create(
                     b, loc, TypeRange(gradResults),
                     FlatSymbolRefAttr::get(entry.getSymNameAttr()), args,
                     b.getDenseI64ArrayAttr(wrt));
                 return SmallVector<Value>(op->getResults());
               });
  }

  if (request.vjp) {
    compiled->hasVjp = true;
    for (Type t : type.getResults())
      if (tape::isDifferentiableType(t))
        compiled->vjpSeedTypes.push_back(t);
    SmallVector<Type> inputs(type.getInputs());
    llvm::append_range(inputs, compiled->vjpSeedTypes);
    SmallVector<Type> gradients;
    for (unsigned i : compiled->wrtPositions)
      gradients.push_back(type.getInput(i));
    compiled->vjpResultTypes.assign(gradients.begin(), gradients.end());
    OpBuilder b(module->getContext());
    SmallVector<int64_t> wrt(compiled->wrtPositions.begin(),
                             compiled->wrtPositions.end());
    unsigned numArgs = type.getNumInputs();
    addWrapper(*module, kVjpWrapper, b.getFunctionType(inputs, gradients),
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 auto op = tape::VjpOp::create(
                     b, loc, TypeRange(gradients),
                     FlatSymbolRefAttr::get(entry.getSymNameAttr()),
                     args.take_front(numArgs), args.drop_front(numArgs),
                     b.getDenseI64ArrayAttr(wrt));
                 return SmallVector<Value>(op->getResults());
               });
  }

  if (request.jvp || request.hvp) {
    std::set<unsigned> sorted(request.jvpWrt.begin(), request.jvpWrt.end());
    for (unsigned i : sorted) {
      if (i >= type.getNumInputs())
        return makeError("a tangent for argument #" + llvm::Twine(i) + " of @" +
                         request.entry + ", which takes " +
                         llvm::Twine(type.getNumInputs()) + " argument(s)");
      if (!tape::isDifferentiableType(type.getInput(i))) {
        std::string text;
        llvm::raw_string_ostream os(text);
        os << "argument #" << i << " of @" << request.entry << " has type "
           << type.getInput(i) << ": only floating-point arguments take a "
           << "tangent";
        return makeError(text);
      }
      compiled->jvpPositions.push_back(i);
    }
  }
  // tape.jvp of the entry on (args..., tangents...).
  SmallVector<int64_t> jvpWrt(compiled->jvpPositions.begin(),
                              compiled->jvpPositions.end());
  SmallVector<Type> jvpInputs(type.getInputs());
  for (unsigned i : compiled->jvpPositions)
    jvpInputs.push_back(type.getInput(i));
  SmallVector<Type> jvpResults(type.getResults());
  for (Type t : type.getResults())
    if (tape::isDifferentiableType(t))
      jvpResults.push_back(t);
  unsigned numArgs = type.getNumInputs();
  auto buildJvp = [&](OpBuilder &b, Location loc, ValueRange args) {
    return tape::JvpOp::create(b, loc, jvpResults,
                               FlatSymbolRefAttr::get(entry.getSymNameAttr()),
                               args.take_front(numArgs),
                               args.drop_front(numArgs),
                               b.getDenseI64ArrayAttr(jvpWrt));
  };
  if (request.jvp) {
    compiled->hasJvp = true;
    compiled->jvpResultTypes.assign(jvpResults.begin(), jvpResults.end());
    OpBuilder b(module->getContext());
    addWrapper(*module, kJvpWrapper, b.getFunctionType(jvpInputs, jvpResults),
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 return SmallVector<Value>(buildJvp(b, loc, args)->getResults());
               });
  }
  if (request.hvp) {
    if (!request.gradient)
      return makeError("a Hessian-vector product needs the gradient too");
    compiled->hasHvp = true;
    OpBuilder b(module->getContext());
    // The directional derivative <grad f, v>, a function of the arguments
    // and v; its gradient with respect to the arguments is H v.
    addWrapper(*module, kHvpTangent,
               b.getFunctionType(jvpInputs, type.getResult(0)),
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 return SmallVector<Value>{
                     buildJvp(b, loc, args)->getResults().back()};
               });
    auto tangentFn = module->lookupSymbol<func::FuncOp>(kHvpTangent);
    tangentFn->removeAttr("llvm.emit_c_interface");
    tangentFn.setPrivate();
    // Its gradient with respect to v is the gradient of f (at the
    // arguments with tangents): one sweep gives both.
    SmallVector<Type> hvps;
    for (unsigned i : compiled->wrtPositions)
      hvps.push_back(type.getInput(i));
    for (unsigned i : compiled->jvpPositions)
      hvps.push_back(type.getInput(i));
    SmallVector<int64_t> wrt(compiled->wrtPositions.begin(),
                             compiled->wrtPositions.end());
    for (unsigned k = 0; k < compiled->jvpPositions.size(); ++k)
      wrt.push_back(numArgs + k);
    addWrapper(*module, kHvpWrapper, b.getFunctionType(jvpInputs, hvps),
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 auto op = tape::GradOp::create(
                     b, loc, TypeRange(hvps),
                     FlatSymbolRefAttr::get(tangentFn.getSymNameAttr()), args,
                     b.getDenseI64ArrayAttr(wrt));
                 return SmallVector<Value>(op->getResults());
               });
  }

  auto phaseStart = std::chrono::steady_clock::now();
  // Milliseconds since the last call (or the first phase's start).
  auto phase = [&phaseStart] {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - phaseStart)
                    .count();
    phaseStart = now;
    return ms;
  };
  // One target machine sizes the vector code and generates it.
  auto machine = targetMachine(request.targetCPU);
  if (!machine)
    return machine.takeError();
  compiled->targetCPU = request.targetCPU;
  std::string key;
  std::optional<CachedCode> found;
  if (cache) {
    key = CodeCache::key({programText, request.fingerprint(),
                          (*machine)->getTargetTriple().str(),
                          (*machine)->getTargetCPU().str(),
                          (*machine)->getTargetFeatureString().str()});
    compiled->cacheUsed = CacheUse::Miss;
    found = cache->find(key);
  }
  // Links the code found in the cache; false if it does not link (a damaged
  // entry, compiled again and replaced).
  auto linkFound = [&]() {
    compiled->sites = std::move(found->sites);
    if (llvm::Error error = compiled->link(std::move(found->object))) {
      llvm::consumeError(std::move(error));
      compiled->sites.clear();
      found.reset();
      return false;
    }
    compiled->cacheUsed = CacheUse::Hit;
    compiled->times.llvm = phase();
    return true;
  };
  // Code of a program the reverse-mode pass had nothing to say about is
  // ready as it is; otherwise the pass runs again, to say it again.
  if (found && found->quiet && linkFound())
    return compiled;

  PassManager differentiate(module->getContext());
  DifferentiateOptions options;
  options.unconnected = request.unconnected;
  options.tapeBudget = request.tapeBudget;
  buildDifferentiatePipeline(differentiate, options);
  unsigned diagnostics = 0;
  {
    ScopedDiagnosticHandler counter(module->getContext(), [&](Diagnostic &) {
      ++diagnostics;
      return failure(); // and on to the caller's handler
    });
    if (failed(differentiate.run(*module)))
      return makeError("differentiation failed");
  }
  {
    llvm::raw_string_ostream os(compiled->differentiatedText);
    module->print(os);
  }
  compiled->times.differentiate = phase();
  if (found && linkFound())
    return compiled;

  renameProgramFunctions(*module);
  PassManager lower(module->getContext());
  LowerToLLVMOptions lowerOptions;
  lowerOptions.vectorize = request.vectorize;
  VectorTarget vectors = vectorTarget(**machine);
  lowerOptions.vectorBits = request.vectorBits ? request.vectorBits
                                               : vectors.bits;
  lowerOptions.vectorRegisters = vectors.registers;
  lowerOptions.fpContract = request.fpContract;
  lowerOptions.runtimeChecks = request.runtimeChecks;
  lowerOptions.explainNonfinite = request.explainNonfinite;
  lowerOptions.threads = request.resolvedThreads();
  buildLowerToLLVMPipeline(lower, lowerOptions);
  if (failed(lower.run(*module)))
    return makeError("lowering to LLVM failed");
  compiled->times.lower = phase();

  if (llvm::Error error = checkExternalSymbols(*module))
    return std::move(error);
  if (auto sites = (*module)->getAttrOfType<ArrayAttr>(rw::runtime::kSitesAttr))
    for (auto site : sites.getAsValueRange<StringAttr>())
      compiled->sites.push_back(site.str());
  auto object = compileToObject(*module, **machine, compiled->cInterfaces());
  if (!object)
    return object.takeError();
  if (cache) {
    CachedCode entry{llvm::MemoryBuffer::getMemBufferCopy(
                         (*object)->getBuffer(), (*object)->getBufferIdentifier()),
                     compiled->sites, /*quiet=*/diagnostics == 0};
    if (llvm::Error error = cache->store(key, entry))
      compiled->cacheStoreError = llvm::toString(std::move(error));
  }
  if (llvm::Error error = compiled->link(std::move(*object)))
    return std::move(error);
  compiled->times.llvm = phase();
  compiled->llvmModule = std::move(module);
  return compiled;
}

llvm::Error CompiledEntry::link(std::unique_ptr<llvm::MemoryBuffer> object) {
  auto linked = LinkedCode::link(std::move(object));
  if (!linked)
    return linked.takeError();
  code = std::move(*linked);
  // Generate the machine code now rather than on the first call.
  auto lookup = [&](StringRef name, bool wanted,
                    PackedFunction &function) -> llvm::Error {
    if (!wanted)
      return llvm::Error::success();
    auto found = code->entryPoint(cInterface(name));
    if (!found)
      return found.takeError();
    function = *found;
    return llvm::Error::success();
  };
  if (llvm::Error error = lookup(kPrimalWrapper, true, primalFunction))
    return error;
  if (llvm::Error error =
          lookup(kGradientWrapper, hasGradient, gradientFunction))
    return error;
  if (llvm::Error error = lookup(kVjpWrapper, hasVjp, vjpFunction))
    return error;
  if (llvm::Error error = lookup(kJvpWrapper, hasJvp, jvpFunction))
    return error;
  return lookup(kHvpWrapper, hasHvp, hvpFunction);
}

//===----------------------------------------------------------------------===//
// Calling compiled code through its C interface
//===----------------------------------------------------------------------===//

namespace {
/// Layout of a value in the C interface: a scalar, or a memref descriptor
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Slot {
  size_t size, align;
};

Slot slotOf(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return {8 * (3 + 2 * (size_t)shaped.getRank()), 8};
  // Checked when the entry was compiled.
  size_t size = elementSize(llvm::cantFail(elementKindOf(type)));
  return {size, size};
}

/// Argument and result buffers for one call. Contiguous tensor arguments are
/// passed as they are: the wrappers declare their tensor arguments
/// `bufferization.writable = false`, so compiled code never writes into
/// them (bufferization copies where a write needs it). Strided ones are
/// copied into contiguous buffers first.
class CallFrame {
public:
  CallFrame(ArrayRef<Type> argTypes, ArrayRef<ArrayView> args,
            ArrayRef<Type> resultTypes)
      : resultTypes(resultTypes) {
    bool viaPointer =
        resultTypes.size() > 1 ||
        (resultTypes.size() == 1 && isa<ShapedType>(resultTypes[0]));
    size_t offset = 0;
    for (Type t : resultTypes) {
      Slot slot = slotOf(t);
      offset = llvm::alignTo(offset, slot.align);
      resultOffsets.push_back(offset);
      offset += slot.size;
    }
    resultStorage.assign(offset / 8 + 1, 0);
    resultPointer = resultStorage.data();

    scalars.assign(args.size(), 0);
    descriptors.resize(args.size());
    descriptorPointers.assign(args.size(), nullptr);
    if (viaPointer)
      packed.push_back(&resultPointer);
    for (auto [i, arg] : llvm::enumerate(args)) {
      if (!arg.isTensor) {
        std::memcpy(&scalars[i], arg.data, elementSize(arg.kind));
        packed.push_back(&scalars[i]);
        continue;
      }
      std::vector<int64_t> strides(arg.shape.size(), 1);
      for (int64_t k = (int64_t)arg.shape.size() - 2; k >= 0; --k)
        strides[k] = strides[k + 1] * arg.shape[k + 1];
      void *data = const_cast<void *>(arg.data);
      if (!arg.strides.empty() && arg.strides != strides) {
        // (Moving a HostValue keeps its data where it is.)
        copies.push_back(HostValue::copyOf(arg));
        data = copies.back().data();
      }
      inputBuffers.insert(data);
      std::vector<int64_t> &d = descriptors[i];
      d = {(int64_t)(intptr_t)data, (int64_t)(intptr_t)data, 0};
      d.insert(d.end(), arg.shape.begin(), arg.shape.end());
      d.insert(d.end(), strides.begin(), strides.end());
      descriptorPointers[i] = d.data();
      packed.push_back(&descriptorPointers[i]);
    }
    if (resultTypes.size() == 1 && !viaPointer)
      packed.push_back(resultPointer);
  }

  MutableArrayRef<void *> packedArguments() { return packed; }

  /// Reads the results back, freeing buffers the compiled code allocated.
  llvm::Expected<std::vector<HostValue>> takeResults() {
    std::vector<HostValue> results;
    // The call's buffers that became results, and those results copied.
    std::set<void *> adopted, copied;
    auto *base = reinterpret_cast<uint8_t *>(resultStorage.data());
    for (auto [type, offset] : llvm::zip(resultTypes, resultOffsets)) {
      uint8_t *at = base + offset;
      auto shaped = dyn_cast<ShapedType>(type);
      if (!shaped) {
        auto kind = elementKindOf(type);
        if (!kind)
          return kind.takeError();
        HostValue value(*kind, {}, /*isTensor=*/false);
        std::memcpy(value.data(), at, elementSize(*kind));
        results.push_back(std::move(value));
        continue;
      }
      auto kind = elementKindOf(shaped.getElementType());
      if (!kind)
        return kind.takeError();
      int64_t rank = shaped.getRank();
      int64_t fields[3];
      std::memcpy(fields, at, sizeof(fields));
      std::vector<int64_t> sizes(rank), strides(rank);
      if (rank) {
        std::memcpy(sizes.data(), at + 24, 8 * rank);
        std::memcpy(strides.data(), at + 24 + 8 * rank, 8 * rank);
      }
      auto *data = reinterpret_cast<uint8_t *>((intptr_t)fields[1]) +
                   fields[2] * elementSize(*kind);
      void *allocated = reinterpret_cast<void *>((intptr_t)fields[0]);
      // A buffer the call allocated becomes the result's storage as it is
      // (the first result it holds, when row-major); others are copied.
      bool rowMajor = true;
      for (int64_t k = rank - 1, expected = 1; k >= 0; --k) {
        if (sizes[k] != 1 && strides[k] != expected)
          rowMajor = false;
        expected *= sizes[k];
      }
      bool ours = allocated && !inputBuffers.count(allocated);
      if (ours && rowMajor && adopted.insert(allocated).second) {
        results.push_back(
            HostValue::adopt(*kind, sizes, detach(allocated), data));
        continue;
      }
      results.push_back(
          HostValue::copyOf(ArrayView{*kind, data, sizes, strides}));
      if (ours)
        copied.insert(allocated);
    }
    for (void *allocated : copied)
      if (!adopted.count(allocated))
        release(allocated);
    return results;
  }

private:
  ArrayRef<Type> resultTypes;
  std::vector<size_t> resultOffsets;
  std::vector<uint64_t> resultStorage;
  void *resultPointer;
  std::vector<uint64_t> scalars;
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<void *> descriptorPointers;
  /// Argument data (the caller's or our copies): results aliasing them are
  /// not freed.
  std::set<void *> inputBuffers;
  std::vector<HostValue> copies;
  std::vector<void *> packed;
};
} // namespace

/// Views of owned values (no copy).
static std::vector<ArrayView> viewsOf(ArrayRef<HostValue> values) {
  std::vector<ArrayView> views;
  for (const HostValue &v : values)
    views.push_back(v.view());
  return views;
}

llvm::Expected<std::vector<HostValue>>
CompiledEntry::invoke(PackedFunction function, ArrayRef<Type> types,
                      ArrayRef<ArrayView> args, ArrayRef<Type> resultTypes,
                      const CallLimits &limits) const {
  Arena *arena = arenas.acquire();
  auto done = llvm::make_scope_exit([&] { arenas.giveBack(arena); });
  CallFrame frame(types, args, resultTypes);
  if (llvm::Error error = callCompiled(
          function, frame.packedArguments().data(), limits, sites, arena))
    return std::move(error);
  return frame.takeResults();
}

llvm::Error CompiledEntry::checkArguments(ArrayRef<ArrayView> args) const {
  if (args.size() != argTypes.size())
    return makeError("expected " + llvm::Twine(argTypes.size()) +
                     " arguments, got " + llvm::Twine(args.size()));
  for (auto [i, type, arg] : llvm::enumerate(argTypes, args)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    Type elementType = tensor ? tensor.getElementType() : type;
    auto kind = elementKindOf(elementType);
    if (!kind)
      return kind.takeError();
    bool shapeOk = tensor ? arg.isTensor &&
                                (int64_t)arg.shape.size() == tensor.getRank()
                          : !arg.isTensor && arg.shape.empty();
    if (shapeOk && tensor)
      for (auto [want, got] : llvm::zip(tensor.getShape(), arg.shape))
        shapeOk &= ShapedType::isDynamic(want) || want == got;
    int64_t elements = 1;
    for (int64_t d : arg.shape)
      elements *= d;
    if (*kind != arg.kind || !shapeOk || (!arg.data && elements != 0)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "argument #" << i << " does not match its type " << type;
      return makeError(text);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<HostValue>>
CompiledEntry::evaluate(ArrayRef<ArrayView> args,
                        const CallLimits &limits) const {
  if (llvm::Error error = checkArguments(args))
    return std::move(error);
  return invoke(primalFunction, argTypes, args, resTypes, limits);
}

llvm::Expected<ValueAndGradient>
CompiledEntry::valueAndGradient(ArrayRef<ArrayView> args,
                                const CallLimits &limits) const {
  if (!hasGradient)
    return makeError("this entry was compiled without a gradient");
  if (llvm::Error error = checkArguments(args))
    return std::move(error);
  auto results =
      invoke(gradientFunction, argTypes, args, gradResTypes, limits);
  if (!results)
    return results.takeError();
  ValueAndGradient out;
  out.value = std::move((*results)[0]);
  out.gradients.resize(argTypes.size());
  for (auto [k, position] : llvm::enumerate(wrtPositions))
    out.gradients[position] = std::move((*results)[k + 1]);
  return out;
}

llvm::Expected<std::vector<std::optional<HostValue>>>
CompiledEntry::vjp(ArrayRef<ArrayView> args, ArrayRef<ArrayView> seeds,
                   const CallLimits &limits) const {
  if (!hasVjp)
    return makeError("this entry was compiled without a vector-Jacobian "
                     "product");
  if (llvm::Error error = checkArguments(args))
    return std::move(error);
  if (seeds.size() != vjpSeedTypes.size())
    return makeError("expected " + llvm::Twine(vjpSeedTypes.size()) +
                     " seeds (one per floating-point result), got " +
                     llvm::Twine(seeds.size()));
  SmallVector<Type> types(argTypes.begin(), argTypes.end());
  llvm::append_range(types, vjpSeedTypes);
  std::vector<ArrayView> all(args.begin(), args.end());
  all.insert(all.end(), seeds.begin(), seeds.end());
  auto results = invoke(vjpFunction, types, all, vjpResultTypes, limits);
  if (!results)
    return results.takeError();
  std::vector<std::optional<HostValue>> gradients(argTypes.size());
  for (auto [k, position] : llvm::enumerate(wrtPositions))
    gradients[position] = std::move((*results)[k]);
  return gradients;
}

llvm::Expected<std::vector<HostValue>>
CompiledEntry::invokeWithTangents(PackedFunction function,
                                  ArrayRef<ArrayView> args,
                                  ArrayRef<ArrayView> tangents,
                                  ArrayRef<Type> resultTypes,
                                  const CallLimits &limits) const {
  if (llvm::Error error = checkArguments(args))
    return std::move(error);
  if (tangents.size() != jvpPositions.size())
    return makeError("expected " + llvm::Twine(jvpPositions.size()) +
                     " tangents (one per argument with a tangent), got " +
                     llvm::Twine(tangents.size()));
  SmallVector<Type> types(argTypes.begin(), argTypes.end());
  for (unsigned i : jvpPositions)
    types.push_back(argTypes[i]);
  std::vector<ArrayView> all(args.begin(), args.end());
  all.insert(all.end(), tangents.begin(), tangents.end());
  return invoke(function, types, all, resultTypes, limits);
}

llvm::Expected<ValueAndTangent>
CompiledEntry::jvp(ArrayRef<ArrayView> args, ArrayRef<ArrayView> tangents,
                   const CallLimits &limits) const {
  if (!hasJvp)
    return makeError("this entry was compiled without a Jacobian-vector "
                     "product");
  auto results =
      invokeWithTangents(jvpFunction, args, tangents, jvpResultTypes, limits);
  if (!results)
    return results.takeError();
  ValueAndTangent out;
  unsigned next = resTypes.size();
  for (auto [i, t] : llvm::enumerate(resTypes)) {
    out.values.push_back(std::move((*results)[i]));
    out.tangents.emplace_back();
    if (tape::isDifferentiableType(t))
      out.tangents.back() = std::move((*results)[next++]);
  }
  return out;
}

llvm::Expected<GradientAndHvp>
CompiledEntry::gradientAndHvp(ArrayRef<ArrayView> args,
                              ArrayRef<ArrayView> tangents,
                              const CallLimits &limits) const {
  if (!hasHvp)
    return makeError("this entry was compiled without a Hessian-vector "
                     "product");
  SmallVector<Type> hvpTypes;
  for (unsigned i : wrtPositions)
    hvpTypes.push_back(argTypes[i]);
  for (unsigned i : jvpPositions)
    hvpTypes.push_back(argTypes[i]);
  auto results =
      invokeWithTangents(hvpFunction, args, tangents, hvpTypes, limits);
  if (!results)
    return results.takeError();
  GradientAndHvp out;
  out.gradients.resize(argTypes.size());
  out.hvps.resize(argTypes.size());
  for (auto [k, position] : llvm::enumerate(wrtPositions))
    out.hvps[position] = std::move((*results)[k]);
  for (auto [k, position] : llvm::enumerate(jvpPositions))
    out.gradients[position] = std::move((*results)[wrtPositions.size() + k]);
  return out;
}

llvm::Expected<std::vector<std::optional<HostValue>>>
CompiledEntry::hvp(ArrayRef<ArrayView> args, ArrayRef<ArrayView> tangents,
                   const CallLimits &limits) const {
  auto both = gradientAndHvp(args, tangents, limits);
  if (!both)
    return both.takeError();
  return std::move(both->hvps);
}

llvm::Expected<ValueAndTangent>
CompiledEntry::jvp(ArrayRef<HostValue> args, ArrayRef<HostValue> tangents,
                   const CallLimits &limits) const {
  return jvp(viewsOf(args), viewsOf(tangents), limits);
}

llvm::Expected<std::vector<std::optional<HostValue>>>
CompiledEntry::hvp(ArrayRef<HostValue> args, ArrayRef<HostValue> tangents,
                   const CallLimits &limits) const {
  return hvp(viewsOf(args), viewsOf(tangents), limits);
}

llvm::Expected<GradientAndHvp>
CompiledEntry::gradientAndHvp(ArrayRef<HostValue> args,
                              ArrayRef<HostValue> tangents,
                              const CallLimits &limits) const {
  return gradientAndHvp(viewsOf(args), viewsOf(tangents), limits);
}

llvm::Expected<std::vector<HostValue>>
CompiledEntry::evaluate(ArrayRef<HostValue> args,
                        const CallLimits &limits) const {
  return evaluate(viewsOf(args), limits);
}

llvm::Expected<ValueAndGradient>
CompiledEntry::valueAndGradient(ArrayRef<HostValue> args,
                                const CallLimits &limits) const {
  return valueAndGradient(viewsOf(args), limits);
}

llvm::Expected<std::vector<std::optional<HostValue>>>
CompiledEntry::vjp(ArrayRef<HostValue> args, ArrayRef<HostValue> seeds,
                   const CallLimits &limits) const {
  return vjp(viewsOf(args), viewsOf(seeds), limits);
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

/// The optimized LLVM IR of `module` as text, or its host assembly.
static llvm::Expected<std::string> emit(ModuleOp module, llvm::StringRef cpu,
                                       ArrayRef<std::string> entries,
                                       bool assembly) {
  auto machine = targetMachine(cpu);
  if (!machine)
    return machine.takeError();
  llvm::LLVMContext context;
  auto translated = optimizedLLVMModule(module, context, **machine, entries);
  if (!translated)
    return translated.takeError();
  llvm::SmallString<0> text;
  llvm::raw_svector_ostream os(text);
  if (!assembly) {
    (*translated)->print(os, nullptr);
    return std::string(text.str());
  }
  llvm::legacy::PassManager pm;
  if ((*machine)->addPassesToEmitFile(pm, os, nullptr,
                                      llvm::CodeGenFileType::AssemblyFile))
    return makeError("the host target cannot emit assembly");
  pm.run(**translated);
  return std::string(text.str());
}

llvm::Error CompiledEntry::checkLowered() const {
  if (!llvmModule)
    return makeError("this entry's code came from the code cache, which "
                     "keeps no IR: compile it with the cache off to see it");
  return llvm::Error::success();
}

llvm::Expected<std::string> CompiledEntry::emitLLVMIR() const {
  if (llvm::Error error = checkLowered())
    return std::move(error);
  return emit(*llvmModule, targetCPU, cInterfaces(), /*assembly=*/false);
}

llvm::Expected<std::string> CompiledEntry::emitAssembly() const {
  if (llvm::Error error = checkLowered())
    return std::move(error);
  return emit(*llvmModule, targetCPU, cInterfaces(), /*assembly=*/true);
}

//===----------------------------------------------------------------------===//
// Finite differences
//===----------------------------------------------------------------------===//

/// A central-difference step for a value of float kind `kind`: about the
/// cube root of its precision, so truncation and rounding errors balance.
static double differenceStep(ElementKind kind, double x) {
  double step = kind == ElementKind::F64   ? 1e-6
                : kind == ElementKind::F32 ? 1e-3
                : kind == ElementKind::F16 ? 1.0 / 32
                                           : 1.0 / 8; // bf16
  return step * std::max(1.0, std::fabs(x));
}

llvm::Expected<GradientCheck>
rw::jit::checkGradient(const CompiledEntry &compiled,
                           ArrayRef<HostValue> args,
                           ArrayRef<std::optional<HostValue>> gradients,
                           const CallLimits &limits) {
  std::vector<HostValue> probe(args.begin(), args.end());
  auto scalarAt = [&]() -> llvm::Expected<double> {
    auto results = compiled.evaluate(probe, limits);
    if (!results)
      return results.takeError();
    return (*results)[0].get(0);
  };
  GradientCheck check;
  for (unsigned position : compiled.wrt()) {
    HostValue &x = probe[position];
    for (int64_t i = 0, n = x.numElements(); i < n; ++i) {
      double x0 = x.get(i);
      double h = differenceStep(x.kind(), x0);
      x.set(i, x0 + h);
      double hi = x.get(i);
      auto up = scalarAt();
      if (!up)
        return up.takeError();
      x.set(i, x0 - h);
      double lo = x.get(i);
      auto down = scalarAt();
      if (!down)
        return down.takeError();
      x.set(i, x0);
      double fd = (*up - *down) / (hi - lo);
      double g = gradients[position]->get(i);
      if (!std::isfinite(g) || !std::isfinite(fd)) {
        if (check.nonFinite.empty()) {
          std::string where = "argument #" + std::to_string(position);
          if (x.isTensor()) {
            where += " at [";
            int64_t rest = i;
            std::vector<int64_t> index(x.shape().size());
            for (int64_t d = (int64_t)index.size() - 1; d >= 0; --d) {
              index[d] = rest % x.shape()[d];
              rest /= x.shape()[d];
            }
            for (auto [k, v] : llvm::enumerate(index))
              where += (k ? ", " : "") + std::to_string(v);
            where += "]";
          }
          auto show = [](double v) { // as rewind-run prints numbers
            HostValue number(ElementKind::F64, {}, /*isTensor=*/false);
            number.set(0, v);
            std::string text;
            llvm::raw_string_ostream os(text);
            number.printJSON(os);
            return text;
          };
          check.nonFinite = "the derivative with respect to " + where +
                            " is " + show(g) + " by reverse mode and " +
                            show(fd) + " by finite differences";
        }
        check.maxRelativeError = INFINITY;
        continue;
      }
      double error = std::fabs(g - fd) /
                     std::max({1.0, std::fabs(g), std::fabs(fd)});
      check.maxRelativeError = std::max(check.maxRelativeError, error);
    }
  }
  return check;
}

/// Compares `derivatives` (per output, empty for none) with the central
/// differences of `outputsAt` along the tangents, added into `check`.
static llvm::Error checkDirectional(
    const CompiledEntry &compiled, ArrayRef<HostValue> args,
    ArrayRef<HostValue> tangents, ArrayRef<std::optional<HostValue>> derivatives,
    llvm::function_ref<llvm::Expected<std::vector<std::optional<HostValue>>>(
        ArrayRef<HostValue>)>
        outputsAt,
    StringRef what, GradientCheck &check) {
  // One step for the whole direction: the f64 step relative to the largest
  // argument element, over the largest tangent element.
  double scale = 1, largest = 0;
  ElementKind kind = ElementKind::F64;
  for (auto [k, position] : llvm::enumerate(compiled.jvpWrt())) {
    const HostValue &x = args[position];
    kind = x.kind();
    for (int64_t i = 0, n = x.numElements(); i < n; ++i) {
      scale = std::max(scale, std::fabs(x.get(i)));
      largest = std::max(largest, std::fabs(tangents[k].get(i)));
    }
  }
  if (largest == 0)
    largest = 1;
  double h = differenceStep(kind, scale) / largest;
  auto shifted = [&](double sign) {
    std::vector<HostValue> probe(args.begin(), args.end());
    for (auto [k, position] : llvm::enumerate(compiled.jvpWrt()))
      for (int64_t i = 0, n = probe[position].numElements(); i < n; ++i)
        probe[position].set(i, probe[position].get(i) +
                                   sign * h * tangents[k].get(i));
    return outputsAt(probe);
  };
  auto up = shifted(1), down = shifted(-1);
  if (!up)
    return up.takeError();
  if (!down)
    return down.takeError();
  for (auto [j, derivative] : llvm::enumerate(derivatives)) {
    if (!derivative)
      continue;
    for (int64_t i = 0, n = derivative->numElements(); i < n; ++i) {
      double fd = ((*(*up)[j]).get(i) - (*(*down)[j]).get(i)) / (2 * h);
      double d = derivative->get(i);
      if (!std::isfinite(d) || !std::isfinite(fd)) {
        if (check.nonFinite.empty())
          check.nonFinite =
              llvm::formatv("{0} #{1} element {2} is {3} but {4} by finite "
                            "differences",
                            what, j, i, d, fd)
                  .str();
        check.maxRelativeError = INFINITY;
        continue;
      }
      double error =
          std::fabs(d - fd) / std::max({1.0, std::fabs(d), std::fabs(fd)});
      check.maxRelativeError = std::max(check.maxRelativeError, error);
    }
  }
  return llvm::Error::success();
}

llvm::Expected<GradientCheck>
rw::jit::checkTangent(const CompiledEntry &compiled, ArrayRef<HostValue> args,
                      ArrayRef<HostValue> tangents,
                      ArrayRef<std::optional<HostValue>> results,
                      const CallLimits &limits) {
  GradientCheck check;
  auto values = [&](ArrayRef<HostValue> probe)
      -> llvm::Expected<std::vector<std::optional<HostValue>>> {
    auto evaluated = compiled.evaluate(probe, limits);
    if (!evaluated)
      return evaluated.takeError();
    return std::vector<std::optional<HostValue>>(
        std::make_move_iterator(evaluated->begin()),
        std::make_move_iterator(evaluated->end()));
  };
  if (llvm::Error error = checkDirectional(compiled, args, tangents, results,
                                           values, "the tangent of result",
                                           check))
    return std::move(error);
  return check;
}

llvm::Expected<GradientCheck> rw::jit::checkHessianVector(
    const CompiledEntry &compiled, ArrayRef<HostValue> args,
    ArrayRef<HostValue> tangents, ArrayRef<std::optional<HostValue>> products,
    const CallLimits &limits) {
  GradientCheck check;
  auto gradients = [&](ArrayRef<HostValue> probe)
      -> llvm::Expected<std::vector<std::optional<HostValue>>> {
    auto evaluated = compiled.valueAndGradient(probe, limits);
    if (!evaluated)
      return evaluated.takeError();
    return std::move(evaluated->gradients);
  };
  if (llvm::Error error =
          checkDirectional(compiled, args, tangents, products, gradients,
                           "the Hessian-vector product for argument", check))
    return std::move(error);
  return check;
}
