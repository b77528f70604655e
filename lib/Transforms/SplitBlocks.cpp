//===- SplitBlocks.cpp - Bound the length of a function's blocks ----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace rw {
#define GEN_PASS_DEF_SPLITBLOCKSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct SplitBlocksPass
    : public rw::impl::SplitBlocksPassBase<SplitBlocksPass> {
  using SplitBlocksPassBase::SplitBlocksPassBase;
  void runOnOperation() override {
    if (maxBlockSize == 0)
      return;
    OpBuilder b(&getContext());
    for (Block &block : llvm::make_early_inc_range(getOperation().getBody())) {
      SmallVector<Operation *> splits;
      size_t count = 0;
      for (Operation &op : block.without_terminator())
        if (++count % maxBlockSize == 0)
          splits.push_back(op.getNextNode());
      // From the end: each split moves one run of operations.
      for (Operation *at : llvm::reverse(splits)) {
        Block *before = at->getBlock();
        Block *after = before->splitBlock(at);
        b.setInsertionPointToEnd(before);
        cf::BranchOp::create(b, at->getLoc(), after);
      }
    }
  }
};
} // namespace
