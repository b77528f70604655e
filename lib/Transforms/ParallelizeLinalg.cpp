//===- ParallelizeLinalg.cpp - Linalg ops on OpenMP threads ---------------===//
//
// Part of the Rewind project.
//
// Splits a parallel dimension of each linalg op on buffers into one chunk
// per thread and runs the chunks as an OpenMP worksharing loop; turns the
// user's scf.parallel and scf.forall loops into worksharing loops too. The
// LLVM OpenMP runtime runs them (the JIT loads it).
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <numeric>

namespace rw {
#define GEN_PASS_DEF_PARALLELIZELINALGPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

/// True when `op` already runs inside a parallel loop (no nested regions).
static bool inParallelRegion(Operation *op) {
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
    if (isa<omp::ParallelOp, scf::ParallelOp, scf::ForallOp>(p))
      return true;
  return false;
}

/// The outermost parallel loop dimension of `op` that every output's
/// indexing map (a projected permutation) uses, so that its iterations write
/// disjoint elements, and whose size is not known to be 1.
static std::optional<unsigned> splitDimension(LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  for (unsigned d = 0, e = op.getNumLoops(); d < e; ++d) {
    if (iterators[d] != utils::IteratorType::parallel || sizes[d] == 1)
      continue;
    if (llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
          AffineMap map = op.getMatchingIndexingMap(&init);
          return map.isProjectedPermutation() && map.isFunctionOfDim(d);
        }))
      return d;
  }
  return std::nullopt;
}

/// Replaces `loop` (no reductions) by an OpenMP parallel region of `threads`
/// threads, run only when `runInParallel` holds (if given), around a
/// worksharing loop with the same iterations and body.
static void toWorksharingLoop(RewriterBase &rewriter, scf::ParallelOp loop,
                              Value runInParallel, unsigned threads) {
  Location loc = loop.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(loop);
  omp::ParallelOperands parallelClauses;
  parallelClauses.ifExpr = runInParallel;
  parallelClauses.numThreads = arith::ConstantOp::create(
      rewriter, loc, rewriter.getI32IntegerAttr(threads));
  auto parallel = omp::ParallelOp::create(rewriter, loc, parallelClauses);
  rewriter.createBlock(&parallel.getRegion());
  auto wsloop = omp::WsloopOp::create(rewriter, loc, omp::WsloopOperands{});
  omp::TerminatorOp::create(rewriter, loc);
  rewriter.createBlock(&wsloop.getRegion());
  omp::LoopNestOperands bounds;
  bounds.loopLowerBounds.assign(loop.getLowerBound().begin(),
                                loop.getLowerBound().end());
  bounds.loopUpperBounds.assign(loop.getUpperBound().begin(),
                                loop.getUpperBound().end());
  bounds.loopSteps.assign(loop.getStep().begin(), loop.getStep().end());
  auto nest = omp::LoopNestOp::create(rewriter, loc, bounds);
  rewriter.inlineRegionBefore(loop.getRegion(), nest.getRegion(),
                              nest.getRegion().begin());
  Operation *reduce = nest.getRegion().front().getTerminator();
  rewriter.setInsertionPoint(reduce);
  omp::YieldOp::create(rewriter, loc, ValueRange());
  rewriter.eraseOp(reduce);
  rewriter.eraseOp(loop);
}

namespace {
struct ParallelizeLinalgPass
    : public rw::impl::ParallelizeLinalgPassBase<ParallelizeLinalgPass> {
  using Base::Base;

  /// Splits dimension `d` of `op` into `threads` chunks run in parallel when
  /// the op's iteration count reaches minWork.
  LogicalResult split(IRRewriter &rewriter, LinalgOp op, unsigned d) {
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
    Value work = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Range &range : ranges)
      work = arith::MulIOp::create(
          rewriter, loc, work,
          getValueOrCreateConstantIndexOp(rewriter, loc, range.size));
    Value enough = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sge, work,
        arith::ConstantIndexOp::create(rewriter, loc, minWork));
    // (Folded: a static size gives a constant chunk, and the chunk loop
    // constant bounds.)
    Value size = getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].size);
    Value chunk = rewriter.createOrFold<arith::MaxUIOp>(
        loc,
        rewriter.createOrFold<arith::CeilDivUIOp>(
            loc, size, arith::ConstantIndexOp::create(rewriter, loc, threads)),
        arith::ConstantIndexOp::create(rewriter, loc, 1));
    LinalgTilingOptions options;
    options.setLoopType(LinalgTilingLoopType::ParallelLoops)
        .setTileSizeComputationFunction([&](OpBuilder &b, Operation *) {
          Value zero = arith::ConstantIndexOp::create(b, loc, 0);
          SmallVector<Value, 4> tiles(op.getNumLoops(), zero);
          tiles[d] = chunk;
          return tiles;
        });
    FailureOr<TiledLinalgOp> tiled = tileLinalgOp(rewriter, op, options);
    if (failed(tiled) || tiled->loops.size() != 1)
      return failure();
    rewriter.eraseOp(op);
    auto loop = cast<scf::ParallelOp>(tiled->loops.front());
    // A chunk's size min(chunk, size - start) is the chunk when it divides a
    // static size: the tile keeps static shapes.
    RewritePatternSet patterns(&getContext());
    scf::populateSCFForLoopCanonicalizationPatterns(patterns);
    (void)applyPatternsGreedily(loop.getRegion(), std::move(patterns));
    toWorksharingLoop(rewriter, loop, enough, threads);
    return success();
  }

  void runOnOperation() override {
    if (threads <= 1)
      return;
    IRRewriter rewriter(&getContext());
    // The user's parallel loops first (their bodies stay serial).
    SmallVector<Operation *> loops;
    getOperation().walk([&](Operation *op) {
      if (isa<scf::ParallelOp, scf::ForallOp>(op) && !inParallelRegion(op))
        loops.push_back(op);
    });
    for (Operation *op : loops) {
      scf::ParallelOp loop = dyn_cast<scf::ParallelOp>(op);
      if (auto forall = dyn_cast<scf::ForallOp>(op)) {
        rewriter.setInsertionPoint(forall);
        if (failed(scf::forallToParallelLoop(rewriter, forall, &loop)))
          continue;
      }
      if (loop.getNumReductions() == 0)
        toWorksharingLoop(rewriter, loop, Value(), threads);
    }
    SmallVector<LinalgOp> ops;
    getOperation().walk([&](LinalgOp op) {
      if (op.hasPureBufferSemantics() && !inParallelRegion(op))
        ops.push_back(op);
    });
    for (LinalgOp op : ops) {
      SmallVector<int64_t> sizes = op.getStaticLoopRanges();
      if (!ShapedType::isDynamicShape(sizes) &&
          std::accumulate(sizes.begin(), sizes.end(), int64_t(1),
                          std::multiplies<int64_t>()) < minWork)
        continue;
      if (std::optional<unsigned> d = splitDimension(op))
        (void)split(rewriter, op, *d);
    }
  }
};
} // namespace
