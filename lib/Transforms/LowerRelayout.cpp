//===- LowerRelayout.cpp - linalg.pack and linalg.unpack to tensor ops ----===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/LinalgUtils.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace rw {
#define GEN_PASS_DEF_LOWERRELAYOUTPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct LowerRelayoutPass
    : public rw::impl::LowerRelayoutPassBase<LowerRelayoutPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PackOp, linalg::UnPackOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops)
      if (failed(rw::lowerRelayout(rewriter, op)))
        return signalPassFailure();
  }
};
} // namespace
