//===- ResolveThreadCount.cpp - tape.thread_count to a constant -----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Dialect/Tape/Transforms/Passes.h"

namespace rw::tape {
#define GEN_PASS_DEF_RESOLVETHREADCOUNTPASS
#include "rewind/Dialect/Tape/Transforms/Passes.h.inc"
} // namespace rw::tape

using namespace mlir;
using namespace rw::tape;

namespace {
struct ResolveThreadCountPass
    : public rw::tape::impl::ResolveThreadCountPassBase<
          ResolveThreadCountPass> {
  using Base::Base;
  void runOnOperation() override {
    if (threads < 1) {
      getOperation()->emitError("rewind-resolve-thread-count: threads must "
                                "be at least 1");
      return signalPassFailure();
    }
    getOperation()->walk([&](ThreadCountOp op) {
      OpBuilder b(op);
      op.replaceAllUsesWith(
          arith::ConstantIndexOp::create(b, op.getLoc(), threads).getResult());
      op.erase();
    });
  }
};
} // namespace
