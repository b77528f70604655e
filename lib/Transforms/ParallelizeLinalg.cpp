//===- ParallelizeLinalg.cpp - Linalg ops on OpenMP threads ---------------===//
//
// Part of the Rewind project.
//
// Splits a parallel dimension of each linalg op on buffers into one chunk
// per thread and runs the chunks as an OpenMP worksharing loop. An op
// without such a dimension that reduces (a sum over the points of a data
// set) is split along a reduction dimension instead: each thread reduces its
// chunk into a private copy of the outputs, and the copies are combined in
// chunk order, so results stay deterministic. Turns the user's scf.parallel
// and scf.forall loops into worksharing loops too. The LLVM OpenMP runtime
// runs them (the JIT loads it).
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/Matchers.h"
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

/// The op that folds accumulator `acc` and one other value into `folded`
/// (`acc + x`), when it is one op with a neutral element (to start private
/// copies from) and neither `acc` nor `folded` has another use.
static Operation *combinerOf(Value folded, Value acc) {
  Operation *combiner = folded.getDefiningOp();
  if (!combiner || combiner->getNumOperands() != 2 ||
      combiner->getNumResults() != 1 || !acc.hasOneUse() ||
      acc.getUses().begin()->getOwner() != combiner || !folded.hasOneUse() ||
      !arith::getNeutralElement(combiner))
    return nullptr;
  return combiner;
}

/// The combiner (combinerOf) of each output of `op` with its accumulator,
/// when every output has one in the body.
static std::optional<SmallVector<Operation *>> reductionCombiners(LinalgOp op) {
  Block *body = op.getBlock();
  Operation *yield = body->getTerminator();
  SmallVector<Operation *> combiners;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    Operation *combiner = combinerOf(
        yield->getOperand(init.getOperandNumber() - op.getNumDpsInputs()),
        op.getMatchingBlockArgument(&init));
    if (!combiner || combiner->getBlock() != body)
      return std::nullopt;
    combiners.push_back(combiner);
  }
  return combiners;
}

/// The reduction dimension of `op` to split among `threads` threads (no
/// output depends on it, and it has a chunk for each thread): the longest,
/// a dynamic one counting as longest, the outermost among equals.
static std::optional<unsigned> privatizedDimension(LinalgOp op,
                                                   unsigned threads) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  std::optional<unsigned> best;
  auto length = [&](unsigned d) {
    return ShapedType::isDynamic(sizes[d]) ? INT64_MAX : sizes[d];
  };
  for (unsigned d = 0, e = op.getNumLoops(); d < e; ++d) {
    if (iterators[d] != utils::IteratorType::reduction ||
        (!ShapedType::isDynamic(sizes[d]) && sizes[d] < threads) ||
        llvm::any_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
          return op.getMatchingIndexingMap(&init).isFunctionOfDim(d);
        }))
      continue;
    if (!best || length(d) > length(*best))
      best = d;
  }
  return best;
}

/// Whether splitting reduction dimension `r` of `op` (into private copies)
/// beats splitting its parallel dimension `d`: when `d` is too short to
/// keep every thread busy and `r` is longer (a few outputs reduced over
/// many points), or when `d` runs along the contiguous dimension of the
/// op's largest input and `r` along an outer one (y = x A: split by
/// columns, every thread would stream every row of A, part of each cache
/// line; split by rows, each streams its own block).
static bool preferReduction(LinalgOp op, unsigned d, unsigned r,
                            unsigned threads) {
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  if (!ShapedType::isDynamic(sizes[d]) && sizes[d] < 4 * int64_t(threads) &&
      (ShapedType::isDynamic(sizes[r]) || sizes[r] > sizes[d]))
    return true;
  OpOperand *largest = nullptr;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<ShapedType>(input->get().getType());
    if (type && type.getRank() >= 2 &&
        (!largest ||
         type.getRank() > cast<ShapedType>(largest->get().getType()).getRank()))
      largest = input;
  }
  if (!largest)
    return false;
  AffineMap map = op.getMatchingIndexingMap(largest);
  auto innermost = dyn_cast<AffineDimExpr>(map.getResults().back());
  return innermost && innermost.getPosition() == d &&
         llvm::any_of(map.getResults().drop_back(), [&](AffineExpr e) {
           auto dim = dyn_cast<AffineDimExpr>(e);
           return dim && dim.getPosition() == r;
         });
}

/// The combiner (combinerOf) of a reduction region's two arguments, when
/// the region is that one op.
static Operation *simpleCombiner(Region &region) {
  Block &block = region.front();
  if (!llvm::hasSingleElement(block.without_terminator()))
    return nullptr;
  Operation *combiner =
      combinerOf(block.getTerminator()->getOperand(0), block.getArgument(0));
  return combiner && llvm::is_contained(combiner->getOperands(),
                                        block.getArgument(1))
             ? combiner
             : nullptr;
}

/// Elements of `type` (an integer, index or float) in a 64-byte cache
/// line: a private copy padded to it shares no line with another thread's.
static int64_t elementsPerLine(Type type) {
  int64_t bytes = type.isIndex() ? 8 : type.getIntOrFloatBitWidth() / 8;
  return std::max<int64_t>(1, 64 / std::max<int64_t>(1, bytes));
}

/// Runs `op` where it is only when `condition` holds, and a copy of it
/// otherwise (no condition when it is the constant true); leaves the
/// insertion point before `op`.
static void onlyWhen(RewriterBase &rewriter, Operation *op, Value condition) {
  if (matchPattern(condition, m_One())) {
    rewriter.setInsertionPoint(op);
    return;
  }
  auto ifOp =
      scf::IfOp::create(rewriter, op->getLoc(), condition, /*withElse=*/true);
  rewriter.setInsertionPoint(ifOp.elseBlock()->getTerminator());
  rewriter.clone(*op);
  rewriter.moveOpBefore(op, ifOp.thenBlock()->getTerminator());
  rewriter.setInsertionPoint(op);
}

/// Replaces `loop` (no reductions) by an OpenMP parallel region of `threads`
/// threads around a worksharing loop with the same iterations and body.
static void toWorksharingLoop(RewriterBase &rewriter, scf::ParallelOp loop,
                              unsigned threads) {
  Location loc = loop.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(loop);
  omp::ParallelOperands parallelClauses;
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

/// The run-time checks (rewind-check-accesses) inside a user's parallel
/// loop must fail on the calling thread: a worker thread has no call to
/// end with the error. So they run first, serially: CheckHoister copies,
/// before the loop, the part of its body the checks' conditions need (index
/// arithmetic, loads of the function's arguments, the loops and branches
/// around the checks), and removes the checks from the loop, which then
/// runs on threads knowing that none fails. It fails, leaving the loop as
/// it is (to run serially), when a condition needs anything else (a
/// loop-carried value, a load from a buffer the code writes).
namespace {
class CheckHoister {
public:
  explicit CheckHoister(scf::ParallelOp loop) : loop(loop) {}

  LogicalResult run(RewriterBase &rewriter) {
    llvm::SetVector<scf::IfOp> checks;
    loop.walk([&](func::CallOp call) {
      if (isCheckCall(call))
        if (auto check = dyn_cast<scf::IfOp>(call->getParentOp()))
          checks.insert(check);
    });
    if (checks.empty())
      return success();
    for (scf::IfOp check : checks)
      if (failed(need(check)))
        return failure();
    rewriter.setInsertionPoint(loop);
    IRMapping mapping;
    scf::buildLoopNest(rewriter, loop.getLoc(), loop.getLowerBound(),
                       loop.getUpperBound(), loop.getStep(),
                       [&](OpBuilder &b, Location, ValueRange ivs) {
                         mapping.map(loop.getInductionVars(), ivs);
                         copyNeeded(b, *loop.getBody(), mapping);
                       });
    for (scf::IfOp check : checks)
      rewriter.eraseOp(check);
    return success();
  }

private:
  /// Marks `op` and what it needs, inside the loop.
  LogicalResult need(Operation *op) {
    if (!needed.insert(op).second)
      return success();
    if (auto check = dyn_cast<scf::IfOp>(op)) {
      if (!isCheck(check) && check.getNumResults())
        return failure();
      if (failed(needValue(check.getCondition())))
        return failure();
    } else if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      for (Value bound : {forOp.getLowerBound(), forOp.getUpperBound(),
                          forOp.getStep()})
        if (failed(needValue(bound)))
          return failure();
    } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
      if (!isReadOnlyArgument(load.getMemRef()))
        return failure();
      for (Value index : load.getIndices())
        if (failed(needValue(index)))
          return failure();
    } else if (op->getNumRegions() || !isPure(op)) {
      return failure();
    } else {
      for (Value operand : op->getOperands())
        if (failed(needValue(operand)))
          return failure();
    }
    // The ops around it inside the loop run too.
    Operation *parent = op->getParentOp();
    if (parent == loop.getOperation())
      return success();
    if (!isa<scf::ForOp, scf::IfOp>(parent))
      return failure();
    return need(parent);
  }

  LogicalResult needValue(Value v) {
    if (!loop->isAncestor(v.getParentRegion()->getParentOp()))
      return success(); // defined above the loop
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      Operation *owner = arg.getOwner()->getParentOp();
      if (owner == loop.getOperation())
        return success(); // an induction variable
      auto forOp = dyn_cast<scf::ForOp>(owner);
      if (!forOp || arg != forOp.getInductionVar())
        return failure(); // loop-carried
      return need(forOp);
    }
    return need(v.getDefiningOp());
  }

  /// The root buffer `v` views (through subviews, casts, ...).
  static Value rootOf(Value v) {
    while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
      v = view.getViewSource();
    return v;
  }

  /// True for an argument of the function that nothing in the loop writes
  /// (or may write: an op with unknown effects writes everything).
  bool isReadOnlyArgument(Value memref) {
    auto arg = dyn_cast<BlockArgument>(memref);
    if (!arg || !isa<FunctionOpInterface>(arg.getOwner()->getParentOp()))
      return false;
    if (!written) {
      written.emplace();
      loop.walk([&](Operation *op) {
        auto effects = dyn_cast<MemoryEffectOpInterface>(op);
        if (!effects) {
          if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
              !isRuntimeCall(op))
            written->insert(Value()); // unknown: may write anything
          return;
        }
        SmallVector<MemoryEffects::EffectInstance> instances;
        effects.getEffects(instances);
        for (auto &effect : instances)
          if (isa<MemoryEffects::Write>(effect.getEffect()))
            written->insert(effect.getValue() ? rootOf(effect.getValue())
                                              : Value());
      });
    }
    return !written->contains(Value()) && !written->contains(arg);
  }

  /// A call of the runtime (RuntimeABI.h), which writes no buffer of the
  /// program.
  static bool isRuntimeCall(Operation *op) {
    auto call = dyn_cast<func::CallOp>(op);
    return call && call.getCallee().starts_with("__rewind_");
  }

  static bool isCheckCall(Operation *op) {
    auto call = dyn_cast<func::CallOp>(op);
    return call && call.getCallee() == rw::runtime::kCheckFailed;
  }

  static bool isCheck(scf::IfOp op) {
    return llvm::any_of(op.getThenRegion().getOps<func::CallOp>(),
                        [](func::CallOp call) { return isCheckCall(call); });
  }

  /// Copies the needed ops of `block` with `b`.
  void copyNeeded(OpBuilder &b, Block &block, IRMapping &mapping) {
    for (Operation &op : block.without_terminator()) {
      if (!needed.contains(&op))
        continue;
      if (auto forOp = dyn_cast<scf::ForOp>(op)) {
        auto copy = scf::ForOp::create(
            b, forOp.getLoc(), mapping.lookupOrDefault(forOp.getLowerBound()),
            mapping.lookupOrDefault(forOp.getUpperBound()),
            mapping.lookupOrDefault(forOp.getStep()));
        mapping.map(forOp.getInductionVar(), copy.getInductionVar());
        OpBuilder inner = OpBuilder::atBlockBegin(copy.getBody());
        copyNeeded(inner, *forOp.getBody(), mapping);
      } else if (auto ifOp = dyn_cast<scf::IfOp>(op); ifOp && !isCheck(ifOp)) {
        auto copy = scf::IfOp::create(
            b, ifOp.getLoc(), mapping.lookupOrDefault(ifOp.getCondition()),
            /*withElseRegion=*/!ifOp.getElseRegion().empty());
        OpBuilder thenBuilder = copy.getThenBodyBuilder();
        copyNeeded(thenBuilder, ifOp.getThenRegion().front(), mapping);
        if (!ifOp.getElseRegion().empty()) {
          OpBuilder elseBuilder = copy.getElseBodyBuilder();
          copyNeeded(elseBuilder, ifOp.getElseRegion().front(), mapping);
        }
      } else {
        b.clone(op, mapping);
      }
    }
  }

  scf::ParallelOp loop;
  llvm::SmallPtrSet<Operation *, 16> needed;
  /// The buffers the loop writes (a null value: any), once computed.
  std::optional<llvm::DenseSet<Value>> written;
};
} // namespace

namespace {
struct ParallelizeLinalgPass
    : public rw::impl::ParallelizeLinalgPassBase<ParallelizeLinalgPass> {
  using Base::Base;

  /// The product of the loop ranges of `op` (its iteration count), and the
  /// size of one of `threads` chunks of range `d` (at least 1).
  std::pair<Value, Value> workAndChunk(RewriterBase &rewriter, LinalgOp op,
                                       unsigned d) {
    Location loc = op.getLoc();
    SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
    Value work = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Range &range : ranges)
      work = rewriter.createOrFold<arith::MulIOp>(
          loc, work, getValueOrCreateConstantIndexOp(rewriter, loc, range.size));
    // (Folded: a static size gives a constant chunk, and the chunk loop
    // constant bounds.)
    Value size = getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].size);
    Value chunk = rewriter.createOrFold<arith::MaxUIOp>(
        loc,
        rewriter.createOrFold<arith::CeilDivUIOp>(
            loc, size, arith::ConstantIndexOp::create(rewriter, loc, threads)),
        arith::ConstantIndexOp::create(rewriter, loc, 1));
    return {work, chunk};
  }

  /// Tiles `op` along `d` by `chunk` (one loop of `loopType`), folding the
  /// chunks' sizes where static sizes allow.
  FailureOr<TiledLinalgOp> tile(RewriterBase &rewriter, LinalgOp op,
                                unsigned d, Value chunk,
                                LinalgTilingLoopType loopType) {
    LinalgTilingOptions options;
    options.setLoopType(loopType).setTileSizeComputationFunction(
        [&](OpBuilder &b, Operation *) {
          Value zero = arith::ConstantIndexOp::create(b, op.getLoc(), 0);
          SmallVector<Value, 4> tiles(op.getNumLoops(), zero);
          tiles[d] = chunk;
          return tiles;
        });
    FailureOr<TiledLinalgOp> tiled = tileLinalgOp(rewriter, op, options);
    if (failed(tiled) || tiled->loops.size() != 1)
      return failure();
    rewriter.eraseOp(op);
    // A chunk's size min(chunk, size - start) is the chunk when it divides a
    // static size: the tile keeps static shapes.
    RewritePatternSet patterns(&getContext());
    scf::populateSCFForLoopCanonicalizationPatterns(patterns);
    (void)applyPatternsGreedily(tiled->loops.front()->getRegion(0),
                                std::move(patterns));
    return tiled;
  }

  /// Splits parallel dimension `d` of `op` into `threads` chunks run in
  /// parallel when the op's iteration count reaches minWork; below it, a
  /// copy of the op runs as it is (not a serialized parallel region, which
  /// still costs a call into the runtime).
  void split(IRRewriter &rewriter, LinalgOp op, unsigned d) {
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    auto [work, chunk] = workAndChunk(rewriter, op, d);
    onlyWhen(rewriter, op,
             rewriter.createOrFold<arith::CmpIOp>(
                 loc, arith::CmpIPredicate::sge, work,
                 arith::ConstantIndexOp::create(rewriter, loc, minWork)));
    FailureOr<TiledLinalgOp> tiled =
        tile(rewriter, op, d, chunk, LinalgTilingLoopType::ParallelLoops);
    if (succeeded(tiled))
      toWorksharingLoop(rewriter, cast<scf::ParallelOp>(tiled->loops.front()),
                        threads);
  }

  /// The outermost of the scf.for loops around `op` (without loop-carried
  /// values) whose bodies hold nothing else with memory effects: a
  /// convolution decomposed into loops over the filter's positions around
  /// one contraction. Null when the op is not in such a loop.
  static scf::ForOp enclosingLoopNest(LinalgOp op) {
    scf::ForOp outer;
    Operation *inner = op;
    while (auto forOp = dyn_cast<scf::ForOp>(inner->getParentOp())) {
      if (forOp.getNumRegionIterArgs() ||
          !llvm::all_of(forOp.getBody()->without_terminator(),
                        [&](Operation &other) {
                          return &other == inner || isMemoryEffectFree(&other);
                        }))
        break;
      outer = forOp;
      inner = forOp;
    }
    return outer;
  }

  /// The buffer `view` is a view of, when dimension `dim` of the view
  /// starts, in every iteration of `nest`, at the same place of that
  /// buffer's dimension (each view on the way keeps it with a unit stride
  /// at an offset computed outside the nest): chunks along `dim` then touch
  /// disjoint elements whichever iterations they run in. Null otherwise.
  static Value invariantRoot(Value view, unsigned dim, scf::ForOp nest) {
    while (true) {
      if (auto subview = view.getDefiningOp<memref::SubViewOp>()) {
        llvm::SmallBitVector dropped = subview.getDroppedDims();
        unsigned source = 0;
        for (unsigned kept = 0;; ++source)
          if (!dropped.test(source) && kept++ == dim)
            break;
        OpFoldResult offset = subview.getMixedOffsets()[source];
        auto value = dyn_cast<Value>(offset);
        if (!isConstantIntValue(subview.getMixedStrides()[source], 1) ||
            (value && !nest.isDefinedOutsideOfLoop(value)))
          return Value();
        view = subview.getSource();
        dim = source;
      } else if (auto cast = view.getDefiningOp<memref::CastOp>()) {
        view = cast.getSource();
      } else {
        break;
      }
    }
    return nest.isDefinedOutsideOfLoop(view) ? view : Value();
  }

  /// Splits parallel dimension `d` of `op`, inside a loop nest of its own
  /// (enclosingLoopNest), around the whole nest: one parallel region in
  /// which each thread runs the nest over its chunk of `d`, instead of one
  /// region per iteration of the nest. Legal when the chunks write
  /// disjoint elements across the nest's iterations (invariantRoot), read
  /// no buffer the op writes, and the op's loop ranges do not change from
  /// one iteration to the next. Returns false, changing nothing, otherwise.
  bool splitAroundLoops(IRRewriter &rewriter, LinalgOp op, unsigned d) {
    scf::ForOp nest = enclosingLoopNest(op);
    if (!nest)
      return false;
    llvm::SmallPtrSet<Value, 4> written;
    for (OpOperand &init : op.getDpsInitsMutable()) {
      AffineMap map = op.getMatchingIndexingMap(&init);
      std::optional<unsigned> position = map.getResultPosition(
          getAffineDimExpr(d, op.getContext()));
      Value root = position ? invariantRoot(init.get(), *position, nest)
                            : Value();
      if (!root)
        return false;
      written.insert(root);
    }
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value root = input->get();
      while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
        root = view.getViewSource();
      if (written.contains(root))
        return false;
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(op);
    SmallVector<OpFoldResult> sizes;
    for (Range &range : op.createLoopRanges(rewriter, op.getLoc())) {
      OpFoldResult size = range.size;
      if (std::optional<int64_t> fixed = getConstantIntValue(size))
        size = rewriter.getIndexAttr(*fixed);
      else if (!nest.isDefinedOutsideOfLoop(cast<Value>(size)))
        return false;
      sizes.push_back(size);
    }
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(nest);
    Value work = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (OpFoldResult size : sizes)
      work = rewriter.createOrFold<arith::MulIOp>(
          loc, work, getValueOrCreateConstantIndexOp(rewriter, loc, size));
    Value size = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[d]);
    Value chunk = rewriter.createOrFold<arith::MaxUIOp>(
        loc,
        rewriter.createOrFold<arith::CeilDivUIOp>(
            loc, size, arith::ConstantIndexOp::create(rewriter, loc, threads)),
        arith::ConstantIndexOp::create(rewriter, loc, 1));
    onlyWhen(rewriter, nest,
             rewriter.createOrFold<arith::CmpIOp>(
                 loc, arith::CmpIPredicate::sge, work,
                 arith::ConstantIndexOp::create(rewriter, loc, minWork)));
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    auto chunks = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                          ValueRange{size}, ValueRange{chunk});
    rewriter.setInsertionPoint(chunks.getBody()->getTerminator());
    IRMapping mapping;
    rewriter.clone(*nest, mapping);
    auto copy = cast<LinalgOp>(mapping.lookup(op.getOperation()));
    rewriter.eraseOp(nest);
    // The copy's chunk: the one tile of `d` that starts at the chunk's
    // start.
    FailureOr<TiledLinalgOp> tiled =
        tile(rewriter, copy, d, chunk, LinalgTilingLoopType::Loops);
    if (failed(tiled)) {
      // Every chunk would run the whole op.
      copy.emitError("internal error: cannot split this op into chunks");
      signalPassFailure();
      return true;
    }
    auto tileLoop = cast<scf::ForOp>(tiled->loops.front());
    Value start = chunks.getInductionVars()[0];
    rewriter.setInsertionPoint(tileLoop);
    tileLoop.setLowerBound(start);
    tileLoop.setUpperBound(arith::AddIOp::create(rewriter, loc, start, chunk));
    toWorksharingLoop(rewriter, chunks, threads);
    return true;
  }

  /// Splits reduction dimension `d` of `op`, whose outputs are reductions
  /// folded by `combiners`, into `threads` chunks run in parallel, each into
  /// a private copy of the outputs started at the combiners' neutral
  /// elements; then folds the copies into the outputs in chunk order. Runs
  /// `op` as it is when its iteration count is below minWork or the copies
  /// would cost more than the op.
  void privatize(IRRewriter &rewriter, LinalgOp op, unsigned d,
                 ArrayRef<Operation *> combiners) {
    Location loc = op.getLoc();
    rewriter.setInsertionPoint(op);
    auto [work, chunk] = workAndChunk(rewriter, op, d);
    Value copies = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (Value init : op.getDpsInits()) {
      Value elements = arith::ConstantIndexOp::create(rewriter, loc, threads);
      for (OpFoldResult size : memref::getMixedSizes(rewriter, loc, init))
        elements = arith::MulIOp::create(
            rewriter, loc, elements,
            getValueOrCreateConstantIndexOp(rewriter, loc, size));
      copies = arith::AddIOp::create(rewriter, loc, copies, elements);
    }
    Value enough = arith::AndIOp::create(
        rewriter, loc,
        arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::sge, work,
            arith::ConstantIndexOp::create(rewriter, loc, minWork)),
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ule,
                              copies, work));
    onlyWhen(rewriter, op, enough);

    // One private copy of each output per chunk, each starting on its own
    // cache line (the innermost dimension padded) so that threads do not
    // share lines.
    SmallVector<Value> privates;
    for (auto [init, combiner] : llvm::zip(op.getDpsInits(), combiners)) {
      auto type = cast<MemRefType>(init.getType());
      int64_t line = elementsPerLine(type.getElementType());
      SmallVector<int64_t> shape = {threads};
      SmallVector<Value> dynamic;
      SmallVector<OpFoldResult> sizes =
          memref::getMixedSizes(rewriter, loc, init);
      for (auto [i, size] : llvm::enumerate(sizes)) {
        std::optional<int64_t> fixed = getConstantIntValue(size);
        bool last = i + 1 == sizes.size();
        if (fixed && !last) {
          shape.push_back(*fixed);
        } else if (fixed) {
          shape.push_back(llvm::alignTo(*fixed, line));
        } else {
          shape.push_back(ShapedType::kDynamic);
          Value v = getValueOrCreateConstantIndexOp(rewriter, loc, size);
          if (last)
            v = arith::MulIOp::create(
                rewriter, loc,
                arith::CeilDivUIOp::create(
                    rewriter, loc, v,
                    arith::ConstantIndexOp::create(rewriter, loc, line)),
                arith::ConstantIndexOp::create(rewriter, loc, line));
          dynamic.push_back(v);
        }
      }
      if (sizes.empty())
        shape.push_back(line);
      auto privateType = MemRefType::get(shape, type.getElementType());
      Value copy = memref::AllocOp::create(rewriter, loc, privateType,
                                           dynamic,
                                           rewriter.getI64IntegerAttr(64));
      Value neutral = arith::ConstantOp::create(
          rewriter, loc, *arith::getNeutralElement(combiner));
      linalg::FillOp::create(rewriter, loc, neutral, copy);
      privates.push_back(copy);
    }

    // Then out = ((out . copy_0) . copy_1) ..., in chunk order.
    rewriter.setInsertionPointAfter(op);
    MLIRContext *context = &getContext();
    for (auto [i, copy] : llvm::enumerate(privates)) {
      OpOperand &init = op.getDpsInitsMutable()[i];
      SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(threads)};
      llvm::append_range(sizes,
                         memref::getMixedSizes(rewriter, loc, init.get()));
      unsigned rank = sizes.size();
      if (rank == 1)
        sizes.push_back(rewriter.getIndexAttr(1));
      Value used = memref::SubViewOp::create(
          rewriter, loc, copy,
          SmallVector<OpFoldResult>(sizes.size(), rewriter.getIndexAttr(0)),
          sizes,
          SmallVector<OpFoldResult>(sizes.size(), rewriter.getIndexAttr(1)));
      AffineMap all = AffineMap::getMultiDimIdentityMap(rank, context);
      AffineMap copyMap =
          rank == 1 ? AffineMap::get(1, 0,
                                     {getAffineDimExpr(0, context),
                                      getAffineConstantExpr(0, context)},
                                     context)
                    : all;
      SmallVector<utils::IteratorType> iterators(rank,
                                                 utils::IteratorType::parallel);
      iterators[0] = utils::IteratorType::reduction;
      Operation *combiner = combiners[i];
      BlockArgument acc = op.getMatchingBlockArgument(&init);
      linalg::GenericOp::create(
          rewriter, loc, ValueRange{used}, ValueRange{init.get()},
          ArrayRef<AffineMap>{copyMap, all.dropResult(0)}, iterators,
          [&](OpBuilder &b, Location nested, ValueRange args) {
            IRMapping map;
            for (Value operand : combiner->getOperands())
              map.map(operand, operand == acc ? args[1] : args[0]);
            Operation *fold = b.clone(*combiner, map);
            linalg::YieldOp::create(b, nested, fold->getResult(0));
          });
    }
    for (Value copy : privates)
      memref::DeallocOp::create(rewriter, loc, copy);

    // Chunk t of the reduction dimension reduces into copy t.
    FailureOr<TiledLinalgOp> tiled =
        tile(rewriter, op, d, chunk, LinalgTilingLoopType::Loops);
    if (failed(tiled))
      return;
    auto loop = cast<scf::ForOp>(tiled->loops.front());
    LinalgOp inner = tiled->op;
    rewriter.setInsertionPoint(inner);
    Value t = arith::DivUIOp::create(
        rewriter, loc,
        arith::SubIOp::create(rewriter, loc, loop.getInductionVar(),
                              loop.getLowerBound()),
        chunk);
    for (auto [init, copy] : llvm::zip(inner.getDpsInitsMutable(), privates)) {
      SmallVector<OpFoldResult> sizes =
          memref::getMixedSizes(rewriter, loc, init.get());
      SmallVector<OpFoldResult> copySizes = {rewriter.getIndexAttr(1)};
      llvm::append_range(copySizes, sizes);
      if (sizes.empty())
        copySizes.push_back(rewriter.getIndexAttr(1));
      SmallVector<OpFoldResult> offsets(copySizes.size(),
                                        rewriter.getIndexAttr(0));
      offsets[0] = t;
      SmallVector<OpFoldResult> strides(copySizes.size(),
                                        rewriter.getIndexAttr(1));
      auto copyType = cast<MemRefType>(copy.getType());
      SmallVector<int64_t> shape = llvm::to_vector(
          cast<MemRefType>(init.get().getType()).getShape());
      auto sliceType = memref::SubViewOp::inferRankReducedResultType(
          shape, copyType, offsets, copySizes, strides);
      Value slice = memref::SubViewOp::create(rewriter, loc, sliceType, copy,
                                              offsets, copySizes, strides);
      rewriter.modifyOpInPlace(inner, [&] { init.set(slice); });
    }
    rewriter.setInsertionPoint(loop);
    auto parallel = scf::ParallelOp::create(
        rewriter, loc, ValueRange{loop.getLowerBound()},
        ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
    rewriter.eraseOp(loop.getBody()->getTerminator());
    rewriter.inlineBlockBefore(loop.getBody(),
                               parallel.getBody()->getTerminator(),
                               parallel.getInductionVars());
    rewriter.eraseOp(loop);
    toWorksharingLoop(rewriter, parallel, threads);
  }

  /// Runs `loop` (with reductions, each by one `arith` combiner with a
  /// neutral element) as `threads` chunks of its first dimension on
  /// OpenMP threads: chunk t reduces, from the neutral elements, into
  /// private copy t; the copies are then folded into the initial values in
  /// chunk order.
  void privatizeLoop(IRRewriter &rewriter, scf::ParallelOp loop) {
    auto reduce = cast<scf::ReduceOp>(loop.getBody()->getTerminator());
    SmallVector<Operation *> combiners;
    for (Region &region : reduce.getReductions()) {
      Operation *combiner = simpleCombiner(region);
      if (!combiner)
        return;
      combiners.push_back(combiner);
    }
    Location loc = loop.getLoc();
    rewriter.setInsertionPoint(loop);
    auto index = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v);
    };
    Value lb = loop.getLowerBound()[0], ub = loop.getUpperBound()[0],
          step = loop.getStep()[0];
    Value count = arith::CeilDivUIOp::create(
        rewriter, loc,
        arith::MaxSIOp::create(rewriter, loc,
                               arith::SubIOp::create(rewriter, loc, ub, lb),
                               index(0)),
        step);
    Value span = arith::MulIOp::create(
        rewriter, loc,
        arith::MaxUIOp::create(
            rewriter, loc,
            arith::CeilDivUIOp::create(rewriter, loc, count, index(threads)),
            index(1)),
        step);
    // A copy per chunk and result, each on its own cache line.
    SmallVector<Value> copies;
    for (Type type : loop.getResultTypes()) {
      int64_t line = elementsPerLine(type);
      copies.push_back(memref::AllocOp::create(
          rewriter, loc, MemRefType::get({threads, line}, type), ValueRange(),
          rewriter.getI64IntegerAttr(64)));
    }
    auto chunks = scf::ParallelOp::create(
        rewriter, loc, ValueRange{index(0)}, ValueRange{index(threads)},
        ValueRange{index(1)},
        [&](OpBuilder &b, Location nested, ValueRange ivs) {
          Value lo = arith::AddIOp::create(
              b, nested, lb, arith::MulIOp::create(b, nested, ivs[0], span));
          Value hi = arith::MinSIOp::create(
              b, nested, ub, arith::AddIOp::create(b, nested, lo, span));
          SmallVector<Value> neutrals = llvm::map_to_vector(
              combiners, [&](Operation *combiner) -> Value {
                return arith::ConstantOp::create(
                    b, nested, *arith::getNeutralElement(combiner));
              });
          auto chunk = cast<scf::ParallelOp>(b.clone(*loop));
          chunk.getLowerBoundMutable()[0].set(lo);
          chunk.getUpperBoundMutable()[0].set(hi);
          chunk.getInitValsMutable().assign(neutrals);
          Value zero = arith::ConstantIndexOp::create(b, nested, 0);
          for (auto [result, copy] : llvm::zip(chunk.getResults(), copies))
            memref::StoreOp::create(b, nested, result, copy,
                                    ValueRange{ivs[0], zero});
        });
    // Folded in chunk order: ((init . copy_0) . copy_1) ...
    rewriter.setInsertionPointAfter(chunks);
    auto fold = scf::ForOp::create(
        rewriter, loc, index(0), index(threads), index(1), loop.getInitVals(),
        [&](OpBuilder &b, Location nested, Value t, ValueRange accs) {
          SmallVector<Value> next;
          Value zero = arith::ConstantIndexOp::create(b, nested, 0);
          for (auto [acc, copy, combiner, region] :
               llvm::zip(accs, copies, combiners, reduce.getReductions())) {
            IRMapping map;
            map.map(region.getArgument(0), acc);
            map.map(region.getArgument(1),
                    memref::LoadOp::create(b, nested, copy,
                                           ValueRange{t, zero}));
            next.push_back(b.clone(*combiner, map)->getResult(0));
          }
          scf::YieldOp::create(b, nested, next);
        });
    for (Value copy : copies)
      memref::DeallocOp::create(rewriter, loc, copy);
    rewriter.replaceOp(loop, fold.getResults());
    toWorksharingLoop(rewriter, chunks, threads);
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
      if (failed(CheckHoister(loop).run(rewriter)))
        continue;
      if (loop.getNumReductions() == 0)
        toWorksharingLoop(rewriter, loop, threads);
      else
        privatizeLoop(rewriter, loop);
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
      std::optional<unsigned> d = splitDimension(op);
      std::optional<unsigned> r = privatizedDimension(op, threads);
      std::optional<SmallVector<Operation *>> combiners =
          reductionCombiners(op);
      if (r && combiners && (!d || preferReduction(op, *d, *r, threads)))
        privatize(rewriter, op, *r, *combiners);
      else if (d && !splitAroundLoops(rewriter, op, *d))
        split(rewriter, op, *d);
    }
  }
};
} // namespace
