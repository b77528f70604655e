//===- FuseElementwise.cpp - Elementwise fusion without recomputation -----===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <queue>

namespace rw {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

/// If `value` is the result of a generic op that only moves elements of an
/// input (a broadcast, a transpose, a copy: its payload yields the input),
/// that input and the map from the result's indices to the input's. Its
/// consumers can read the input instead, whatever its other uses: nothing is
/// computed twice, and no buffer is written to be read once.
static std::optional<std::pair<Value, AffineMap>> movedFrom(Value value) {
  auto op = value.getDefiningOp<GenericOp>();
  if (!op || !op.hasPureTensorSemantics() || op->getNumResults() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops())
    return std::nullopt;
  auto yield = cast<YieldOp>(op.getBlock()->getTerminator());
  auto arg = dyn_cast<BlockArgument>(yield.getValues()[0]);
  if (&op.getBlock()->front() != yield.getOperation() || !arg ||
      arg.getOwner() != op.getBlock() ||
      arg.getArgNumber() >= op.getNumDpsInputs())
    return std::nullopt;
  AffineMap resultMap = op.getIndexingMapMatchingResult(cast<OpResult>(value));
  if (!resultMap.isPermutation())
    return std::nullopt;
  OpOperand *source = op.getDpsInputOperand(arg.getArgNumber());
  return std::make_pair(source->get(),
                        op.getMatchingIndexingMap(source).compose(
                            inversePermutation(resultMap)));
}

namespace {
/// The sweep of one block that fuses each cluster of elementwise ops into
/// its root (the cluster's last op) in one step, building each payload op
/// once: fusing a chain of n ops pairwise, as MLIR's pattern does, copies
/// the growing payload n times (quadratic: 84% of the compile time of a
/// 400-step recorded program).
///
/// A producer joins its consumers' cluster when MLIR's elementwise fusion
/// would end up fusing it (an all-parallel generic op on tensors whose result
/// map is a permutation, read as an input of generic ops) and ours allows it
/// (every consumer reads each of its elements once: a permutation of all the
/// consumer's loops). Its uses may be several, all in the cluster, reading
/// the same element at each point of the fused iteration space (MLIR fuses
/// those after merging the duplicate operands). The sweep leaves the rest to
/// MLIR's pattern: producers in other blocks, consumers with reduction loops,
/// payloads that read their outputs.
class ClusterSweep {
public:
  explicit ClusterSweep(Block &block) {
    for (auto [position, op] : llvm::enumerate(block))
      positions[&op] = position;
  }

  /// Fuses the cluster rooted at `root`. Returns its other members, to be
  /// erased (consumers first); empty if there are none.
  SmallVector<Operation *> fuse(GenericOp root);

private:
  /// The map from the fused op's loops to `producer`'s loops, if it joins
  /// the cluster whose members' maps are `loops`.
  AffineMap joins(GenericOp producer) const;

  DenseMap<Operation *, size_t> positions;
  /// The cluster's members and their maps from the fused op's loops.
  DenseMap<Operation *, AffineMap> loops;
};

AffineMap ClusterSweep::joins(GenericOp producer) const {
  if (!producer.hasPureTensorSemantics() ||
      producer.getNumParallelLoops() != producer.getNumLoops() ||
      producer->getNumResults() != 1 ||
      llvm::any_of(producer.getRegionOutputArgs(),
                   [](BlockArgument output) { return !output.use_empty(); }))
    return {};
  OpResult result = producer->getResult(0);
  AffineMap resultMap = producer.getIndexingMapMatchingResult(result);
  if (!resultMap.isPermutation() || !isa<RankedTensorType>(result.getType()))
    return {};
  AffineMap joined;
  for (OpOperand &use : result.getUses()) {
    auto consumer = dyn_cast<GenericOp>(use.getOwner());
    auto member = consumer ? loops.find(consumer) : loops.end();
    if (member == loops.end() || !consumer.isDpsInput(&use) ||
        consumer.getNumReductionLoops() != 0 ||
        !consumer.getMatchingIndexingMap(&use).isPermutation())
      return {};
    AffineMap map = inversePermutation(resultMap).compose(
        consumer.getMatchingIndexingMap(&use).compose(member->second));
    if (joined && map != joined)
      return {};
    joined = map;
  }
  return joined;
}

SmallVector<Operation *> ClusterSweep::fuse(GenericOp root) {
  // Members from last to first: a producer is considered once all the ops
  // after it that may use it are decided.
  loops.clear();
  loops[root] = AffineMap::getMultiDimIdentityMap(root.getNumLoops(),
                                                  root.getContext());
  SmallVector<GenericOp> members = {root};
  std::priority_queue<std::pair<size_t, Operation *>> candidates;
  DenseSet<Operation *> queued;
  auto enqueueProducers = [&](GenericOp op) {
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto producer = input->get().getDefiningOp<GenericOp>();
      if (producer && producer->getBlock() == root->getBlock() &&
          queued.insert(producer).second)
        candidates.push({positions.lookup(producer), producer});
    }
  };
  enqueueProducers(root);
  while (!candidates.empty()) {
    auto producer = cast<GenericOp>(candidates.top().second);
    candidates.pop();
    if (AffineMap map = joins(producer)) {
      loops[producer] = map;
      members.push_back(producer);
      enqueueProducers(producer);
    }
  }
  // Inputs that only move elements are read where they come from (not in
  // an op with reduction loops: its loop sizes may come from the moved
  // input alone).
  bool readMovedSources = root.getNumReductionLoops() == 0;
  if (members.size() == 1 &&
      !(readMovedSources &&
        llvm::any_of(root.getDpsInputs(),
                     [](Value v) { return movedFrom(v).has_value(); })))
    return {};

  // The payload: producers first. Operands that are not fused become
  // inputs, one per value and map.
  Region region(root);
  auto *body = new Block();
  region.push_back(body);
  OpBuilder builder = OpBuilder::atBlockEnd(body);
  IRMapping mapping;
  for (BlockArgument output : root.getRegionOutputArgs())
    mapping.map(output, body->addArgument(output.getType(), output.getLoc()));
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  DenseMap<std::pair<Value, AffineMap>, BlockArgument> inputArgs;
  DenseMap<Operation *, Value> yielded;
  for (GenericOp op : llvm::reverse(members)) {
    AffineMap opLoops = loops.lookup(op);
    for (auto [input, arg] :
         llvm::zip_equal(op.getDpsInputOperands(), op.getRegionInputArgs())) {
      if (Value value = yielded.lookup(input->get().getDefiningOp())) {
        mapping.map(arg, value);
        continue;
      }
      Value source = input->get();
      AffineMap map = op.getMatchingIndexingMap(input).compose(opLoops);
      while (readMovedSources) {
        std::optional<std::pair<Value, AffineMap>> moved = movedFrom(source);
        if (!moved)
          break;
        source = moved->first;
        map = moved->second.compose(map);
      }
      auto [it, inserted] = inputArgs.try_emplace({source, map});
      if (inserted) {
        it->second =
            body->insertArgument(inputs.size(), arg.getType(), arg.getLoc());
        inputs.push_back(source);
        maps.push_back(map);
      }
      mapping.map(arg, it->second);
    }
    for (Operation &payload : op.getBlock()->without_terminator()) {
      if (auto index = dyn_cast<IndexOp>(payload))
        mapping.map(index.getResult(),
                    IndexOp::create(builder, index.getLoc(),
                                    opLoops.getDimPosition(index.getDim()))
                        .getResult());
      else
        builder.clone(payload, mapping);
    }
    auto yield = cast<YieldOp>(op.getBlock()->getTerminator());
    if (op == root)
      YieldOp::create(builder, yield.getLoc(),
                      llvm::map_to_vector(yield.getValues(), [&](Value v) {
                        return mapping.lookupOrDefault(v);
                      }));
    else
      yielded[op] = mapping.lookupOrDefault(yield.getValues()[0]);
  }

  for (OpOperand &output : root.getDpsInitsMutable())
    maps.push_back(root.getMatchingIndexingMap(&output));
  builder.setInsertionPoint(root);
  auto fused = GenericOp::create(builder, root.getLoc(), root.getResultTypes(),
                                 inputs, root.getOutputs(), maps,
                                 root.getIteratorTypesArray());
  fused.getRegion().takeBody(region);
  root->replaceAllUsesWith(fused->getResults());
  return llvm::map_to_vector(members,
                             [](GenericOp op) -> Operation * { return op; });
}

struct FuseElementwisePass
    : public rw::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    // First the sweep. A generic op that does not read an output value
    // writes a new tensor (as MLIR's pattern `RemoveOutsDependency`), so that
    // it is no longer a use of the value. Then each block's ops from last to
    // first, so that every cluster is fused from its root.
    // Named ops that only move elements become generic ops, which the sweep
    // reads through (`movedFrom`).
    IRRewriter rewriter(&getContext());
    getOperation()->walk([&](Operation *op) {
      if (isa<BroadcastOp, TransposeOp, CopyOp>(op) &&
          cast<LinalgOp>(op).hasPureTensorSemantics()) {
        rewriter.setInsertionPoint(op);
        (void)generalizeNamedOp(rewriter, cast<LinalgOp>(op));
      }
    });
    getOperation()->walk([](GenericOp op) {
      if (!op.hasPureTensorSemantics())
        return;
      OpBuilder builder(op);
      for (auto [init, arg] : llvm::zip_equal(op.getDpsInitsMutable(),
                                              op.getRegionOutputArgs()))
        if (arg.use_empty() && !init.get().getDefiningOp<tensor::EmptyOp>())
          init.set(tensor::EmptyOp::create(
              builder, op.getLoc(),
              tensor::getMixedSizes(builder, op.getLoc(), init.get()),
              getElementTypeOrSelf(init.get().getType())));
    });
    // The new tensors' dynamic sizes are read from the values they replace
    // (`tensor.dim`), which would remain uses of them: resolved to the sizes
    // those values were made with.
    {
      RewritePatternSet dims(&getContext());
      memref::populateResolveRankedShapedTypeResultDimsPatterns(dims);
      tensor::DimOp::getCanonicalizationPatterns(dims, &getContext());
      (void)applyPatternsGreedily(getOperation(), std::move(dims));
    }
    // (Collected after generalizing, which replaces the named ops' payload
    // blocks; payloads hold no generic ops.)
    SmallVector<Block *> blocks;
    getOperation()->walk([&](Block *block) {
      if (!isa<LinalgOp>(block->getParentOp()))
        blocks.push_back(block);
    });
    for (Block *block : blocks) {
      SmallVector<GenericOp> roots(block->getOps<GenericOp>());
      ClusterSweep sweep(*block);
      DenseSet<Operation *> erased;
      for (GenericOp root : llvm::reverse(roots)) {
        if (erased.contains(root))
          continue;
        // Consumers before producers: each op's uses are gone first.
        for (Operation *fused : sweep.fuse(root)) {
          erased.insert(fused);
          fused->erase();
        }
      }
    }

    // Then MLIR's patterns, for what the sweep leaves (producers in other
    // blocks, consumers with reductions, reshapes) and clean-ups.
    MLIRContext *context = &getContext();
    // As MLIR's pass: a producer with one use. And the consumer reads each
    // of its elements once.
    ControlFusionFn control = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse())
        return false;
      auto consumer = dyn_cast<LinalgOp>(fused->getOwner());
      return !consumer || consumer.getMatchingIndexingMap(fused).isPermutation();
    };
    RewritePatternSet patterns(context);
    populateElementwiseOpsFusionPatterns(patterns, control);
    populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    populateConstantFoldLinalgOperations(patterns, control);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns), config);
  }
};
} // namespace
