//===- ReverseModeOpInterface.cpp - Reverse-mode rules --------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/ReverseModeOpInterface.h"

#include "rewind/AD/Activity.h"
#include "rewind/AD/AdjointBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "rewind/AD/ReverseModeOpInterface.cpp.inc"

using namespace mlir;

namespace {
/// Keeps the ops still to prepare: those a rewrite creates are added, those
/// it erases removed.
struct PreparationWorklist : public RewriterBase::Listener {
  SmallVector<Operation *> pending, created;
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint) override {
    created.push_back(op);
  }
  void notifyOperationErased(Operation *op) override {
    llvm::erase(created, op);
    llvm::erase(pending, op);
  }
};
} // namespace

LogicalResult rw::ad::prepareForDifferentiation(func::FuncOp func,
                                                ArrayRef<unsigned> wrt) {
  ActivityAnalysis activity(func, wrt);
  PreparationWorklist worklist;
  func.walk([&](ReverseModeOpInterface op) {
    if (!activity.isInactive(op))
      worklist.pending.push_back(op);
  });
  IRRewriter rewriter(func.getContext(), &worklist);
  while (!worklist.pending.empty()) {
    auto op = cast<ReverseModeOpInterface>(worklist.pending.front());
    worklist.pending.erase(worklist.pending.begin());
    rewriter.setInsertionPoint(op);
    if (failed(op.prepareForReverse(rewriter)))
      return failure();
    for (Operation *created : worklist.created)
      created->walk([&](ReverseModeOpInterface inner) {
        if (!llvm::is_contained(worklist.pending, inner.getOperation()))
          worklist.pending.push_back(inner);
      });
    worklist.created.clear();
  }
  return success();
}


