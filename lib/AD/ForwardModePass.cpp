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

namespace {
struct ForwardModePass
    : public rw::ad::impl::ForwardModePassBase<ForwardModePass> {
  void runOnOperation() override {
    SmallVector<tape::JvpOp> requests;
    getOperation().walk([&](tape::JvpOp op) { requests.push_back(op); });
    JvpGenerator generator(getOperation());
    SymbolTableCollection table;
    bool ok = true;
    for (tape::JvpOp request : requests) {
      FailureOr<func::FuncOp> jvp = generator.getOrCreate(
          request.getCalleeFunc(table), request.getWrtPositions());
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
    if (!ok)
      signalPassFailure();
  }
};
} // namespace
