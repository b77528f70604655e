//===- VectorizeLinalg.cpp - Tile and vectorize linalg ops ----------------===//
//
// Part of the Rewind project.
//
// What it took to get SIMD code out of MLIR 22 (see docs/Rationale.md):
// every linalg op is tiled first (vectorizing an untiled op builds huge
// vectors); tile loops are peeled so full tiles need no masks and only
// remainders are masked; contractions/reductions are lowered to outer
// products and inner reductions rather than MLIR's scalar defaults; and
// accumulators are hoisted out of reduction loops. It runs on buffers, after
// bufferization: vectorized tensor code (hundreds of loops carrying tensors)
// makes one-shot bufferization and subset hoisting take seconds.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"
#include "rewind/Transforms/VectorTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include <cmath>

namespace rw {
#define GEN_PASS_DEF_VECTORIZELINALGPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

namespace {

/// The loop dimension of the last result of `map`, if it has results.
static std::optional<unsigned> lastDim(AffineMap map, unsigned fromEnd = 0) {
  if (map.getNumResults() <= fromEnd)
    return std::nullopt;
  auto dim = dyn_cast<AffineDimExpr>(
      map.getResult(map.getNumResults() - 1 - fromEnd));
  if (!dim)
    return std::nullopt;
  return dim.getPosition();
}

struct TilePlan {
  SmallVector<int64_t> tiles;
  /// A contraction computed as a sum of outer products.
  bool outerProducts = false;
};

/// Register tiles for `op` (see the pass description).
static TilePlan chooseTileSizes(LinalgOp op, rw::VectorTarget target) {
  unsigned numLoops = op.getNumLoops();
  TilePlan plan;
  SmallVector<int64_t> &tiles = plan.tiles;
  tiles.assign(numLoops, 1);
  Type elementType = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  // (DataLayout: index elements too, 64 bits on the hosts Rewind targets.)
  unsigned bits = std::max<unsigned>(
      8, DataLayout::closest(op).getTypeSizeInBits(elementType));
  int64_t width = std::max<int64_t>(1, target.bits / bits);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();

  AffineMap outMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[0]);
  std::optional<unsigned> vectorDim = lastDim(outMap);
  if (vectorDim)
    tiles[*vectorDim] = width;

  if (op.getNumReductionLoops() > 0) {
    // Is the vector dimension contiguous in some input, and another input
    // (broadcast along it) does not depend on it? Then the reduction is a
    // sum of outer products. A reduction of one input along an outer
    // dimension is not: blocking its rows would stream that many distant
    // rows at once (20x slower than one at a time, measured); it is tiled
    // along the vector dimension only. Otherwise the reduction runs along
    // the inputs' rows.
    bool contiguousInput = false, broadcastInput = false;
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (!isa<ShapedType>(input->get().getType()) || !vectorDim)
        continue;
      AffineMap map = op.getMatchingIndexingMap(input);
      if (lastDim(map) == vectorDim)
        contiguousInput = true;
      else if (!map.isFunctionOfDim(*vectorDim))
        broadcastInput = true;
    }
    bool outerProducts = contiguousInput && broadcastInput;
    plan.outerProducts = outerProducts;
    if (outerProducts) {
      // A (registers / 4) x 2-register block of accumulators: half the
      // registers (8 x 2 of AVX-512's 32 zmm, 4 x 2 of AVX2's 16 ymm); the
      // others hold the operands and the broadcast.
      tiles[*vectorDim] = 2 * width;
      if (std::optional<unsigned> second = lastDim(outMap, 1))
        tiles[*second] = std::max<int64_t>(1, target.registers / 4);
    } else if (!contiguousInput) {
      for (OpOperand *input : op.getDpsInputOperands()) {
        if (!isa<ShapedType>(input->get().getType()))
          continue;
        std::optional<unsigned> dim =
            lastDim(op.getMatchingIndexingMap(input));
        if (dim && iterators[*dim] == utils::IteratorType::reduction) {
          tiles[*dim] = width;
          break;
        }
      }
    }
  }

  // Never tile past a dimension's static size.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (auto [tile, range] : llvm::zip(tiles, ranges))
    if (!ShapedType::isDynamic(range))
      tile = std::max<int64_t>(1, std::min(tile, range));
  return plan;
}

/// A masked multi-reduction becomes a select of the reduction's identity into
/// the masked-off lanes and an unmasked reduction. (MLIR 22's lowering of
/// masked max reductions uses -5e-324, not -inf, for the masked-off lanes.)
struct UnmaskMultiReduction : public OpRewritePattern<vector::MaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::MaskOp mask,
                                PatternRewriter &rewriter) const override {
    auto reduction =
        dyn_cast_or_null<vector::MultiDimReductionOp>(mask.getMaskableOp());
    if (!reduction || mask.hasPassthru())
      return failure();
    auto type = dyn_cast<VectorType>(reduction.getSourceVectorType());
    auto elementType = dyn_cast<FloatType>(type.getElementType());
    if (!elementType)
      return failure();
    double identity;
    switch (reduction.getKind()) {
    case vector::CombiningKind::ADD:
      identity = 0.0;
      break;
    case vector::CombiningKind::MUL:
      identity = 1.0;
      break;
    case vector::CombiningKind::MAXIMUMF:
    case vector::CombiningKind::MAXNUMF:
      identity = -INFINITY;
      break;
    case vector::CombiningKind::MINIMUMF:
    case vector::CombiningKind::MINNUMF:
      identity = INFINITY;
      break;
    default:
      return failure();
    }
    Location loc = mask.getLoc();
    Value neutral = arith::ConstantOp::create(
        rewriter, loc, type,
        DenseElementsAttr::get(type, rewriter.getFloatAttr(elementType, identity)));
    Value source = arith::SelectOp::create(rewriter, loc, mask.getMask(),
                                           reduction.getSource(), neutral);
    rewriter.replaceOpWithNewOp<vector::MultiDimReductionOp>(
        mask, source, reduction.getAcc(), reduction.getReductionMask(),
        reduction.getKind());
    return success();
  }
};

/// A loop dimension that no output's indexing map uses accumulates into the
/// outputs: it is a reduction, whatever the op's iterator types say (the
/// verifier accepts "parallel"; the vectorizer would build invalid vectors).
/// Relabels such dimensions. False when a dimension is missing from some
/// outputs but not all: such an op is left to plain loops.
static bool normalizeIteratorTypes(LinalgOp op, RewriterBase &rewriter) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  bool changed = false;
  for (unsigned d = 0; d < iterators.size(); ++d) {
    if (iterators[d] != utils::IteratorType::parallel)
      continue;
    unsigned users = llvm::count_if(op.getDpsInitsMutable(), [&](OpOperand &init) {
      return op.getMatchingIndexingMap(&init).isFunctionOfDim(d);
    });
    if (users == op.getNumDpsInits())
      continue;
    if (users != 0)
      return false;
    iterators[d] = utils::IteratorType::reduction;
    changed = true;
  }
  if (!changed)
    return true;
  auto generic = dyn_cast<GenericOp>(op.getOperation());
  if (!generic)
    return false;
  SmallVector<Attribute> attrs;
  for (utils::IteratorType iterator : iterators)
    attrs.push_back(IteratorTypeAttr::get(op.getContext(), iterator));
  rewriter.modifyOpInPlace(generic, [&] {
    generic.setIteratorTypesAttr(rewriter.getArrayAttr(attrs));
  });
  return true;
}

/// A linalg.generic that is a contraction (sum of products of two inputs
/// over some loops, any projected-permutation maps: a batched matmul, a
/// convolution's filter adjoint, ...) as linalg.contract: named
/// contractions vectorize as vector.contract and then outer products,
/// generic ones as broadcasts and transposes of whole tiles.
/// Whether `generic`'s body is exactly `out + in0 * in1` (operands in any
/// order), the body linalg.contract implies. (isaContractionOpInterface also
/// accepts unary ops such as math.exp on the inputs, which linalg.contract
/// would drop.)
static bool hasMulAddBody(GenericOp generic) {
  Block *body = generic.getBody();
  if (body->getNumArguments() != 3 || body->getOperations().size() != 3)
    return false;
  Operation *mul = &body->front();
  Operation *add = mul->getNextNode();
  auto isArgs = [](Operation *op, Value a, Value b) {
    return op->getNumOperands() == 2 &&
           ((op->getOperand(0) == a && op->getOperand(1) == b) ||
            (op->getOperand(0) == b && op->getOperand(1) == a));
  };
  return ((isa<arith::MulFOp>(mul) && isa<arith::AddFOp>(add)) ||
          (isa<arith::MulIOp>(mul) && isa<arith::AddIOp>(add))) &&
         isArgs(mul, body->getArgument(0), body->getArgument(1)) &&
         isArgs(add, mul->getResult(0), body->getArgument(2)) &&
         body->getTerminator()->getOperands() == add->getResults();
}

static LinalgOp asNamedContraction(LinalgOp op, RewriterBase &rewriter) {
  auto generic = dyn_cast<GenericOp>(op.getOperation());
  // (Not with a 0-d operand, as linalg.dot's output: MLIR 22 builds an
  // invalid vector.contract for it.)
  if (!generic || !isaContractionOpInterface(op) || !hasMulAddBody(generic) ||
      llvm::any_of(op->getOpOperands(),
                   [&](OpOperand &operand) { return op.getRank(&operand) == 0; }) ||
      !llvm::all_equal(llvm::map_range(op->getOperandTypes(), [](Type t) {
        return getElementTypeOrSelf(t);
      })))
    return op;
  // Outer products are lhs column x rhs row: the input contiguous along the
  // output's contiguous dimension goes second, or every step transposes the
  // accumulators.
  SmallVector<Value> inputs(generic.getDpsInputs());
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  std::optional<unsigned> vectorDim = lastDim(maps.back());
  if (vectorDim && lastDim(maps[0]) == vectorDim &&
      lastDim(maps[1]) != vectorDim) {
    std::swap(inputs[0], inputs[1]);
    std::swap(maps[0], maps[1]);
  }
  rewriter.setInsertionPoint(generic);
  auto contract = ContractOp::create(rewriter, generic.getLoc(),
                                     generic.getResultTypes(), inputs,
                                     generic.getDpsInits(),
                                     rewriter.getAffineMapArrayAttr(maps));
  rewriter.replaceOp(generic, contract->getResults());
  return cast<LinalgOp>(contract.getOperation());
}

/// The allocation a memref is a view of, if it is one of this function's.
static Operation *allocationOf(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (isa<memref::AllocOp, memref::AllocaOp>(def))
      return def;
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      return nullptr;
    memref = view.getViewSource();
  }
  return nullptr;
}

/// Whether masks `a` and `b` (either may be null: no mask) are the same:
/// one value, or equal vector.create_mask ops (a remainder tile builds its
/// read's and its write's masks apart).
static bool sameMask(Value a, Value b) {
  if (a == b)
    return true;
  auto first = a ? a.getDefiningOp<vector::CreateMaskOp>() : nullptr;
  auto second = b ? b.getDefiningOp<vector::CreateMaskOp>() : nullptr;
  return first && second &&
         OperationEquivalence::isEquivalentTo(
             first, second, OperationEquivalence::IgnoreLocations);
}

/// In `loop`'s body: a transfer_read and a later transfer_write of the same
/// vector at the same loop-invariant place of a memref defined outside the
/// loop, with the same loop-invariant mask if any (a remainder tile's), the
/// only accesses in the loop to the allocation it views. (MLIR 22's
/// hoistRedundantVectorTransfers refuses memrefs that are views, which
/// every tile's accumulator is, and masked transfers; an allocation of the
/// function's own cannot alias the other operands.)
static std::optional<std::pair<vector::TransferReadOp, vector::TransferWriteOp>>
findAccumulator(scf::ForOp loop) {
  for (auto write : loop.getBody()->getOps<vector::TransferWriteOp>()) {
    Value memref = write.getBase();
    Operation *allocation = allocationOf(memref);
    if (!allocation || !loop.isDefinedOutsideOfLoop(memref) ||
        !llvm::all_of(write.getIndices(), [&](Value index) {
          return loop.isDefinedOutsideOfLoop(index);
        }) ||
        (write.getMask() && !loop.isDefinedOutsideOfLoop(write.getMask())))
      continue;
    vector::TransferReadOp read;
    bool alone = true;
    loop.getBody()->walk([&](Operation *op) {
      if (op == write.getOperation())
        return;
      auto effects = dyn_cast<MemoryEffectOpInterface>(op);
      if (!effects) {
        // Unknown effects (calls): anything may be accessed.
        if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
          alone = false;
        return;
      }
      SmallVector<MemoryEffects::EffectInstance> instances;
      effects.getEffects(instances);
      for (auto &effect : instances) {
        Value accessed = effect.getValue();
        if (!accessed) {
          if (!isa<MemoryEffects::Allocate, MemoryEffects::Free>(
                  effect.getEffect()))
            alone = false;
          continue;
        }
        if (!isa<MemRefType>(accessed.getType()) ||
            allocationOf(accessed) != allocation)
          continue;
        auto candidate = dyn_cast<vector::TransferReadOp>(op);
        if (!read && candidate && candidate.getBase() == memref &&
            candidate.getIndices() == write.getIndices() &&
            candidate.getVectorType() == write.getVectorType() &&
            candidate.getPermutationMap() == write.getPermutationMap() &&
            sameMask(candidate.getMask(), write.getMask()) &&
            candidate->getBlock() == loop.getBody() &&
            candidate->isBeforeInBlock(write))
          read = candidate;
        else
          alone = false;
      }
    });
    if (alone && read)
      return std::make_pair(read, write);
  }
  return std::nullopt;
}

/// Hoists accumulators (findAccumulator) out of loops, innermost first, as
/// loop-carried vectors, until none is left.
static void hoistAccumulators(func::FuncOp func) {
  // Tiles' views of their accumulators first leave the reduction loops.
  func.walk([](LoopLikeOpInterface loop) { moveLoopInvariantCode(loop); });
  IRRewriter rewriter(func.getContext());
  bool changed = true;
  while (changed) {
    changed = false;
    func.walk([&](scf::ForOp loop) {
      auto found = findAccumulator(loop);
      if (!found)
        return WalkResult::advance();
      auto [read, write] = *found;
      // (The write's mask is defined outside the loop; the read's, equal,
      // may not be.)
      if (read.getMask() != write.getMask())
        rewriter.modifyOpInPlace(
            read, [&] { read.getMaskMutable().assign(write.getMask()); });
      rewriter.moveOpBefore(read, loop);
      FailureOr<LoopLikeOpInterface> hoisted =
          loop.replaceWithAdditionalYields(
              rewriter, read.getResult(),
              /*replaceInitOperandUsesInLoop=*/true,
              [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
                return SmallVector<Value>{write.getVector()};
              });
      if (failed(hoisted))
        return WalkResult::advance();
      auto newLoop = cast<scf::ForOp>(hoisted->getOperation());
      rewriter.moveOpAfter(write, newLoop);
      rewriter.modifyOpInPlace(write, [&] {
        write.getValueToStoreMutable().assign(newLoop.getResults().back());
      });
      changed = true;
      return WalkResult::interrupt();
    });
  }
}

/// A buffer of i1 holds a byte per element, but a vector of i1 loads and
/// stores packed bits: ops with such operands stay scalar loops.
static bool readsOrWritesBooleans(LinalgOp op) {
  return llvm::any_of(op->getOperandTypes(), [](Type type) {
    auto memref = dyn_cast<MemRefType>(type);
    return memref && memref.getElementType().isInteger(1);
  });
}

struct VectorizeLinalgPass
    : public rw::impl::VectorizeLinalgPassBase<VectorizeLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // memref.copy is memcpy between buffers of static shapes and contiguous
    // rows, otherwise a runtime call copying element by element (a
    // loop-carried tensor copied at each step); as a linalg.copy it is
    // vectorized like any other op.
    getOperation().walk([&](memref::CopyOp copy) {
      auto memcpy = [](Value v) {
        auto type = dyn_cast<MemRefType>(v.getType());
        return type && memref::isStaticShapeAndContiguousRowMajor(type);
      };
      if (memcpy(copy.getSource()) && memcpy(copy.getTarget()))
        return;
      OpBuilder b(copy);
      CopyOp::create(b, copy.getLoc(), copy.getSource(), copy.getTarget());
      copy.erase();
    });
    SmallVector<LinalgOp> ops;
    getOperation().walk([&](LinalgOp op) {
      if (op.hasPureBufferSemantics() && op.getNumDpsInits() > 0 &&
          !readsOrWritesBooleans(op))
        ops.push_back(op);
    });

    rw::VectorTarget target = rw::hostVectorTarget();
    if (vectorBits)
      target.bits = vectorBits;
    if (vectorRegisters)
      target.registers = vectorRegisters;
    IRRewriter rewriter(context);
    for (LinalgOp op : ops) {
      if (!normalizeIteratorTypes(op, rewriter))
        continue;
      op = asNamedContraction(op, rewriter);
      TilePlan plan = chooseTileSizes(op, target);
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(context, plan.tiles));
      // Reduction loops innermost, so a tile's accumulators stay in
      // registers for the whole reduction.
      SmallVector<int64_t> order;
      for (auto [i, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
        if (iterator == utils::IteratorType::parallel)
          order.push_back(i);
      for (auto [i, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
        if (iterator != utils::IteratorType::parallel)
          order.push_back(i);
      options.setInterchange(order);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.eraseOp(op);

      // Peel each tile loop whose last iteration may be partial: the main
      // loop then runs full tiles only, whose masks fold away, and only the
      // remainder is masked.
      SmallVector<Operation *> tiles(tiled->tiledOps);
      for (LoopLikeOpInterface loop : tiled->loops) {
        auto forOp = dyn_cast<scf::ForOp>(loop.getOperation());
        std::optional<int64_t> step =
            forOp ? getConstantIntValue(forOp.getStep()) : std::nullopt;
        if (!step || *step == 1)
          continue;
        scf::ForOp remainder;
        if (succeeded(
                scf::peelForLoopAndSimplifyBounds(rewriter, forOp, remainder)))
          remainder.walk([&](LinalgOp inner) { tiles.push_back(inner); });
      }
      for (Operation *tile : tiles) {
        rewriter.setInsertionPoint(tile);
        // Scalable flags must be explicit: masks built without them get a
        // type that differs from the masked op's expected mask type.
        SmallVector<bool> scalable(plan.tiles.size(), false);
        // Outer-product contractions become vector.contract (lowered to
        // outer products below), not multiply + masked multi-reduction,
        // whose masked lowering goes element by element. (Not for 0-d
        // outputs such as linalg.dot: MLIR 22 builds an invalid contract.)
        FailureOr<VectorizationResult> vectorized = linalg::vectorize(
            rewriter, tile, plan.tiles, scalable, /*vectorizeNDExtract=*/false,
            /*flatten1DDepthwiseConv=*/false,
            /*assumeDynamicDimsMatchVecSizes=*/false,
            /*createNamedContraction=*/plan.outerProducts);
        if (succeeded(vectorized))
          rewriter.eraseOp(tile);
      }
    }

    // Fold what peeling made constant (tile sizes, all-true masks) before
    // lowering the vector ops. (Not converging within the rewrite limit is
    // not an error: the IR is valid either way.)
    canonicalize();

    RewritePatternSet patterns(context);
    patterns.add<UnmaskMultiReduction>(context, /*benefit=*/2);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    // Masked transfers instead of vector.mask regions, which later passes
    // (buffer deallocation) do not expect.
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, context);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, context);
    scf::ForOp::getCanonicalizationPatterns(patterns, context);
    addCanonicalizationPatterns(patterns);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));

    // Keep each tile's accumulators in vector registers across its
    // reduction loops: the read before the loops, the write after them.
    hoistAccumulators(getOperation());
  }

  void addCanonicalizationPatterns(RewritePatternSet &patterns) {
    MLIRContext *context = patterns.getContext();
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(patterns, context);
  }

  void canonicalize() {
    RewritePatternSet patterns(&getContext());
    addCanonicalizationPatterns(patterns);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};
} // namespace
