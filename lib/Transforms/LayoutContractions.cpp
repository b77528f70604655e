//===- LayoutContractions.cpp - Contiguous operands for contractions ------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace rw {
#define GEN_PASS_DEF_LAYOUTCONTRACTIONSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

namespace {
/// The loop dimension of the last result of `map`, if any.
static std::optional<unsigned> lastDim(AffineMap map) {
  if (map.getNumResults() == 0)
    return std::nullopt;
  if (auto dim = dyn_cast<AffineDimExpr>(map.getResults().back()))
    return dim.getPosition();
  return std::nullopt;
}

struct LayoutContractionsPass
    : public rw::impl::LayoutContractionsPassBase<LayoutContractionsPass> {
  void runOnOperation() override {
    SmallVector<LinalgOp> contractions;
    getOperation().walk([&](LinalgOp op) {
      if (op.hasPureTensorSemantics() && isaContractionOpInterface(op))
        contractions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (LinalgOp op : contractions)
      relayout(op, rewriter);
  }

  void relayout(LinalgOp op, RewriterBase &rewriter) {
    std::optional<unsigned> vectorDim =
        lastDim(op.getMatchingIndexingMap(op.getDpsInitOperand(0)));
    if (!vectorDim)
      return;
    OpOperand *candidate = nullptr;
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      if (lastDim(map) == vectorDim)
        return; // Already contiguous in this input.
      // An input that holds the dimension elsewhere and is reused across
      // some loop (it misses a dimension), so the copy pays for itself.
      if (!candidate && map.isFunctionOfDim(*vectorDim) &&
          map.getNumResults() < op.getNumLoops())
        candidate = input;
    }
    if (!candidate)
      return;
    AffineMap map = op.getMatchingIndexingMap(candidate);
    // Move the vector dimension's index last.
    SmallVector<int64_t> permutation;
    unsigned at = 0;
    for (auto [i, expr] : llvm::enumerate(map.getResults()))
      if (cast<AffineDimExpr>(expr).getPosition() == *vectorDim)
        at = i;
      else
        permutation.push_back(i);
    permutation.push_back(at);

    rewriter.setInsertionPoint(op);
    auto generic = dyn_cast<GenericOp>(op.getOperation());
    if (!generic) {
      FailureOr<GenericOp> generalized = generalizeNamedOp(rewriter, op);
      if (failed(generalized))
        return;
      generic = *generalized;
      candidate = &generic->getOpOperand(candidate->getOperandNumber());
    }
    rewriter.setInsertionPoint(generic);
    Location loc = generic.getLoc();
    Value source = candidate->get();
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, source);
    SmallVector<OpFoldResult> permutedSizes;
    SmallVector<AffineExpr> permutedExprs;
    for (int64_t i : permutation) {
      permutedSizes.push_back(sizes[i]);
      permutedExprs.push_back(map.getResult(i));
    }
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, permutedSizes,
        cast<ShapedType>(source.getType()).getElementType());
    Value transposed =
        TransposeOp::create(rewriter, loc, source, empty, permutation)
            .getResult()[0];
    SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
    maps[candidate->getOperandNumber()] = AffineMap::get(
        map.getNumDims(), 0, permutedExprs, rewriter.getContext());
    rewriter.modifyOpInPlace(generic, [&] {
      candidate->set(transposed);
      generic.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    });
  }
};
} // namespace
