//===- DecomposeConvolutions.cpp - Convolutions as loops of contractions --===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/LinalgUtils.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace rw {
#define GEN_PASS_DEF_DECOMPOSECONVOLUTIONSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

namespace {
/// The loop dimensions to turn into loops: in each index that sums several
/// dimensions, all but the one with the largest range. Nothing when an index
/// is not linear.
static std::optional<SmallVector<bool>> kernelDims(LinalgOp op) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  auto range = [&](unsigned d) {
    return ShapedType::isDynamic(ranges[d]) ? std::numeric_limits<int64_t>::max()
                                            : ranges[d];
  };
  SmallVector<bool> loopOver(numLoops, false);
  for (OpOperand *input : op.getDpsInputOperands()) {
    for (AffineExpr expr : op.getMatchingIndexingMap(input).getResults()) {
      std::optional<SmallVector<unsigned>> dims =
          rw::linearDims(expr, numLoops);
      if (!dims)
        return std::nullopt;
      if (dims->size() < 2)
        continue;
      unsigned kept = *llvm::max_element(
          *dims, [&](unsigned a, unsigned b) { return range(a) < range(b); });
      for (unsigned d : *dims)
        if (d != kept)
          loopOver[d] = true;
    }
  }
  return loopOver;
}

struct DecomposeConvolutionsPass
    : public rw::impl::DecomposeConvolutionsPassBase<
          DecomposeConvolutionsPass> {
  void runOnOperation() override {
    SmallVector<LinalgOp> convolutions;
    getOperation().walk([&](LinalgOp op) {
      if (op.hasPureTensorSemantics() &&
          llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *input) {
            return !op.getMatchingIndexingMap(input).isProjectedPermutation();
          }))
        convolutions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (LinalgOp op : convolutions) {
      // The order of the terms changes: only for reductions that allow it.
      if (!llvm::all_of(llvm::seq(op.getNumDpsInits()), [&](unsigned j) {
            return rw::classifyOutput(op, j).has_value();
          }))
        continue;
      std::optional<SmallVector<bool>> loopOver = kernelDims(op);
      if (!loopOver)
        continue;
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<GenericOp> generalized = generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      FailureOr<SmallVector<Value>> results =
          rw::loopOverDims(rewriter, generic, *loopOver);
      if (succeeded(results))
        rewriter.replaceOp(generic, *results);
    }
  }
};
} // namespace
