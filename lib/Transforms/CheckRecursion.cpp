//===- CheckRecursion.cpp - Check the stack in recursive functions --------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "llvm/ADT/SetVector.h"

namespace rw {
#define GEN_PASS_DEF_CHECKRECURSIONPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct CheckRecursionPass
    : public rw::impl::CheckRecursionPassBase<CheckRecursionPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The functions each function calls directly.
    llvm::DenseMap<func::FuncOp, llvm::SetVector<func::FuncOp>> callees;
    SymbolTable symbols(module);
    module.walk([&](func::CallOp call) {
      auto caller = call->getParentOfType<func::FuncOp>();
      if (auto callee = symbols.lookup<func::FuncOp>(call.getCallee()))
        if (!callee.isExternal())
          callees[caller].insert(callee);
    });
    for (func::FuncOp function : module.getOps<func::FuncOp>())
      if (!function.isExternal() && reachesItself(function, callees))
        insertCheck(module, function);
  }

  static bool reachesItself(
      func::FuncOp start,
      llvm::DenseMap<func::FuncOp, llvm::SetVector<func::FuncOp>> &callees) {
    llvm::SmallPtrSet<Operation *, 8> seen;
    SmallVector<func::FuncOp> worklist(callees[start].begin(),
                                       callees[start].end());
    while (!worklist.empty()) {
      func::FuncOp f = worklist.pop_back_val();
      if (f == start)
        return true;
      if (seen.insert(f).second)
        llvm::append_range(worklist, callees[f]);
    }
    return false;
  }

  static void insertCheck(ModuleOp module, func::FuncOp function) {
    Location loc = function.getLoc();
    OpBuilder b = OpBuilder::atBlockBegin(&function.getBody().front());
    int64_t site = rw::runtime::addSite(
        module, "stack overflow: the recursion through the function at " +
                    rw::runtime::describeLocation(loc) + " is too deep");
    // The address of a local: where this call's frame is on the stack.
    Value local = memref::AllocaOp::create(
        b, loc, MemRefType::get({}, b.getI8Type()));
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, local);
    rw::runtime::callRuntime(
        b, loc, module, rw::runtime::kCheckStack,
        {arith::ConstantIntOp::create(b, loc, site, 64), address},
        /*hasResult=*/false);
  }
};
} // namespace
