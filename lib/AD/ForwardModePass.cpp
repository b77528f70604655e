//===- ForwardModePass.cpp - Answers tape.jvp requests --------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/Passes.h"
#include "rewind/AD/TangentBuilder.h"

namespace rw::ad {
#define GEN_PASS_DEF_FORWARDMODEPASS
#include "rewind/AD/Passes.h.inc"
} // namespace rw::ad

using namespace mlir;
using namespace rw;
using namespace rw::ad;

bool rw::ad::reachesOp(func::FuncOp fn, function_ref<bool(Operation *)> match) {
  SymbolTableCollection table;
  llvm::SmallPtrSet<Operation *, 8> seen;
  std::function<bool(func::FuncOp)> reaches = [&](func::FuncOp f) {
    if (!f || !seen.insert(f).second)
      return false;
    return f
        .walk([&](Operation *op) {
          if (match(op))
            return WalkResult::interrupt();
          if (isa<SymbolUserOpInterface>(op))
            for (NamedAttribute attr : op->getAttrs())
              if (auto symbol = dyn_cast<FlatSymbolRefAttr>(attr.getValue()))
                if (reaches(
                        table.lookupNearestSymbolFrom<func::FuncOp>(op, symbol)))
                  return WalkResult::interrupt();
          return WalkResult::advance();
        })
        .wasInterrupted();
  };
  return reaches(fn);
}

LogicalResult rw::ad::lowerJvpRequests(ModuleOp module, bool deferNested) {
  SmallVector<tape::JvpOp> requests;
  module.walk([&](tape::JvpOp op) { requests.push_back(op); });
  JvpGenerator generator(module);
  SymbolTableCollection table;
  bool ok = true;
  for (tape::JvpOp request : requests) {
    func::FuncOp callee = request.getCalleeFunc(table);
    if (deferNested &&
        reachesOp(callee, llvm::IsaPred<tape::GradOp, tape::ValueAndGradOp,
                                        tape::VjpOp>))
      continue;
    FailureOr<func::FuncOp> jvp =
        generator.getOrCreate(callee, request.getWrtPositions());
    if (failed(jvp)) {
      ok = false;
      continue;
    }
    OpBuilder b(request);
    SmallVector<Value> operands(request.getArgs());
    llvm::append_range(operands, request.getTangents());
    auto call = func::CallOp::create(b, request.getLoc(), *jvp, operands);
    request.replaceAllUsesWith(call.getResults());
    request.erase();
  }
  // A tangent nobody reads (a linalg op's tangent output that feeds only
  // itself) is not computed.
  for (func::FuncOp fn : generator.functions())
    eraseUnusedDerivativeCode(fn);
  return success(ok);
}

namespace {
struct ForwardModePass
    : public rw::ad::impl::ForwardModePassBase<ForwardModePass> {
  void runOnOperation() override {
    if (failed(lowerJvpRequests(getOperation(), /*deferNested=*/true)))
      signalPassFailure();
  }
};
} // namespace
