//===- InitRewind.cpp - Register everything Rewind uses -------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/InitRewind.h"
#include "rewind/AD/Passes.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Dialect/Tape/Transforms/BufferizableOpInterfaceImpl.h"
#include "rewind/Dialect/Tape/Transforms/Passes.h"
#include "rewind/Pipelines/Pipelines.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include <mutex>

void rw::registerAllDialects(mlir::DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<tape::TapeDialect>();
  ad::registerAllRules(registry);
  tape::registerBufferizableOpInterfaceExternalModels(registry);
}

void rw::registerAllPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    ad::registerADPasses();
    tape::registerTapePasses();
    registerRewindPasses();
    registerPipelines();
  });
}
