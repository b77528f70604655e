//===- MachineCode.cpp - From the LLVM dialect to code in memory ----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "MachineCode.h"
#include "rewind/JIT/Runtime.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ExecutionEngine/JITEventListener.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdlib>
#include <mutex>

using namespace rw::jit;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

/// LLVM's store merging (in the SelectionDAG combiner) compares the stores
/// of a basic block pairwise: a 400-step recorded program, one block after
/// LLVM merges its blocks, spent 8.5 of its 11 s of code generation there
/// (AMD EPYC Zen 5).
/// Rewind's code stores whole vectors and rarely has adjacent scalar stores
/// to merge (measured: no change on ADBench's GMM and LSTM), so it is off.
static void configureCodeGen() {
  auto &options = llvm::cl::getRegisteredOptions();
  auto found = options.find("combiner-store-merging");
  if (found != options.end())
    (void)found->second->addOccurrence(0, found->first, "false");
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
rw::jit::targetMachine(llvm::StringRef cpu) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    configureCodeGen();
  });
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  if (!cpu.empty()) {
    std::string error;
    const llvm::Target *target =
        llvm::TargetRegistry::lookupTarget(builder->getTargetTriple(), error);
    if (!target)
      return makeError(error);
    std::unique_ptr<llvm::MCSubtargetInfo> info(target->createMCSubtargetInfo(
        builder->getTargetTriple(), "", ""));
    if (!info || !info->isCPUStringValid(cpu))
      return makeError("unknown target CPU '" + cpu + "' (try haswell, " +
                       "skylake-avx512, znver3 or x86-64-v3)");
    builder->setCPU(cpu.str());
    builder->getFeatures() = llvm::SubtargetFeatures();
  }
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  return builder->createTargetMachine();
}

void rw::jit::loadRuntimeLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
    llvm::sys::DynamicLibrary::LoadLibraryPermanently(REWIND_C_RUNNER_UTILS);
    llvm::sys::DynamicLibrary::LoadLibraryPermanently(REWIND_OPENMP_RUNTIME);
  });
}

static std::string packedName(llvm::StringRef entry) {
  return (entry + "_packed").str();
}

/// Defines `void entry_packed(void **args)`, which loads each argument of
/// `entry` from the address args[i] and stores its result, if any, at
/// args[number of arguments].
static void addPackedEntryPoint(llvm::Function &entry) {
  llvm::Module &module = *entry.getParent();
  llvm::IRBuilder<> b(module.getContext());
  auto *type = llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy()},
                                       /*isVarArg=*/false);
  auto *packed =
      llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                             packedName(entry.getName()), module);
  b.SetInsertPoint(llvm::BasicBlock::Create(module.getContext(), "", packed));
  llvm::Value *addresses = packed->getArg(0);
  auto addressOf = [&](unsigned i) {
    return b.CreateLoad(b.getPtrTy(),
                        b.CreateConstGEP1_64(b.getPtrTy(), addresses, i));
  };
  llvm::SmallVector<llvm::Value *> args;
  for (llvm::Argument &arg : entry.args())
    args.push_back(b.CreateLoad(arg.getType(), addressOf(arg.getArgNo())));
  llvm::Value *result = b.CreateCall(&entry, args);
  if (!result->getType()->isVoidTy())
    b.CreateStore(result, addressOf(entry.arg_size()));
  b.CreateRetVoid();
}

llvm::Expected<std::unique_ptr<llvm::Module>>
rw::jit::optimizedLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                             llvm::TargetMachine &machine,
                             llvm::ArrayRef<std::string> entries) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return makeError("translation to LLVM IR failed");
  llvmModule->setDataLayout(machine.createDataLayout());
  llvmModule->setTargetTriple(machine.getTargetTriple());
  for (const std::string &entry : entries) {
    llvm::Function *function = llvmModule->getFunction(entry);
    if (!function || function->isDeclaration())
      return makeError("the compiled module has no function @" + entry);
    addPackedEntryPoint(*function);
  }
  if (llvm::Error error =
          mlir::makeOptimizingTransformer(2, 0, &machine)(llvmModule.get()))
    return std::move(error);
  return llvmModule;
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
rw::jit::compileToObject(mlir::ModuleOp module, llvm::TargetMachine &machine,
                         llvm::ArrayRef<std::string> entries) {
  llvm::LLVMContext context;
  auto llvmModule = optimizedLLVMModule(module, context, machine, entries);
  if (!llvmModule)
    return llvmModule.takeError();
  // LinkedCode runs no initializers; Rewind's lowering makes none.
  if ((*llvmModule)->getNamedGlobal("llvm.global_ctors"))
    return makeError("the compiled module has global constructors, which "
                     "the JIT does not run");
  llvm::orc::SimpleCompiler compiler(machine);
  return compiler(**llvmModule);
}

LinkedCode::~LinkedCode() = default;

llvm::Expected<std::unique_ptr<LinkedCode>>
LinkedCode::link(std::unique_ptr<llvm::MemoryBuffer> object) {
  loadRuntimeLibraries();
  // REWIND_PERF=1: compiled functions are visible to `perf record -k 1`
  // after `perf inject --jit` (docs/Rationale.md, "Profiling").
  llvm::JITEventListener *perf =
      std::getenv("REWIND_PERF")
          ? llvm::JITEventListener::createPerfJITEventListener()
          : nullptr;
  auto jit =
      llvm::orc::LLJITBuilder()
          .setObjectLinkingLayerCreator([perf](llvm::orc::ExecutionSession
                                                   &session) {
            auto layer = std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                session, [](const llvm::MemoryBuffer &) {
                  return std::make_unique<llvm::SectionMemoryManager>();
                });
            if (perf)
              layer->registerJITEventListener(*perf);
            return layer;
          })
          .create();
  if (!jit)
    return jit.takeError();
  llvm::orc::JITDylib &main = (*jit)->getMainJITDylib();
  llvm::orc::MangleAndInterner mangle(main.getExecutionSession(),
                                      (*jit)->getDataLayout());
  llvm::orc::SymbolMap runtime;
  for (auto &[name, address] : runtimeSymbols())
    runtime[mangle(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                             llvm::JITSymbolFlags::Exported};
  if (llvm::Error error = main.define(llvm::orc::absoluteSymbols(runtime)))
    return std::move(error);
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  if (llvm::Error error = (*jit)->addObjectFile(std::move(object)))
    return std::move(error);
  std::unique_ptr<LinkedCode> code(new LinkedCode());
  code->jit = std::move(*jit);
  return code;
}

llvm::Expected<LinkedCode::PackedFunction>
LinkedCode::entryPoint(llvm::StringRef entry) {
  auto address = jit->lookup(packedName(entry));
  if (!address)
    return address.takeError();
  return address->toPtr<PackedFunction>();
}
