//===- LinalgUtils.cpp - Linalg ops restricted to fixed loop values ------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/LinalgUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::linalg;
using namespace rw;


/// True when `v` depends on `arg` within the body.
static bool dependsOn(Value v, BlockArgument arg) {
  SmallVector<Value> worklist{v};
  llvm::DenseSet<Value> seen;
  while (!worklist.empty()) {
    Value x = worklist.pop_back_val();
    if (x == arg)
      return true;
    if (!seen.insert(x).second)
      continue;
    if (Operation *def = x.getDefiningOp())
      if (def->getBlock() == arg.getOwner())
        llvm::append_range(worklist, def->getOperands());
  }
  return false;
}

SmallVector<unsigned> rw::reducedDims(LinalgOp op, unsigned j) {
  AffineMap outMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[j]);
  SmallVector<unsigned> dims;
  for (unsigned d = 0; d < op.getNumLoops(); ++d)
    if (!outMap.isFunctionOfDim(d))
      dims.push_back(d);
  return dims;
}

std::optional<OutputForm> rw::classifyOutput(LinalgOp op, unsigned j) {
  Block *body = op.getBlock();
  Value yielded = body->getTerminator()->getOperand(j);
  BlockArgument acc = op.getRegionOutputArgs()[j];
  if (reducedDims(op, j).empty())
    return OutputForm{Combiner::None, yielded};
  Operation *combine = yielded.getDefiningOp();
  if (!combine || combine->getBlock() != body ||
      combine->getNumOperands() != 2)
    return std::nullopt;
  Value lhs = combine->getOperand(0), rhs = combine->getOperand(1);
  Value term = lhs == acc ? rhs : rhs == acc ? lhs : Value();
  if (!term || dependsOn(term, acc))
    return std::nullopt;
  if (isa<arith::AddFOp>(combine))
    return OutputForm{Combiner::Sum, term};
  if (isa<arith::SubFOp>(combine) && lhs == acc)
    return OutputForm{Combiner::Sum, term, /*negated=*/true};
  if (isa<arith::MulFOp>(combine))
    return OutputForm{Combiner::Product, term};
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(combine))
    return OutputForm{Combiner::Max, term};
  if (isa<arith::MinimumFOp, arith::MinNumFOp>(combine))
    return OutputForm{Combiner::Min, term};
  return std::nullopt;
}

Restriction Restriction::of(ArrayRef<Value> fixed,
                            ArrayRef<OpFoldResult> sizes) {
  Restriction r;
  r.fixed.assign(fixed.begin(), fixed.end());
  r.sizes.assign(sizes.begin(), sizes.end());
  for (Value v : fixed)
    r.position.push_back(v ? -1 : (int64_t)r.numFree++);
  return r;
}

std::optional<SmallVector<unsigned>> rw::linearDims(AffineExpr expr,
                                                    unsigned numDims) {
  std::optional<SmallVector<int64_t>> coefficients =
      linearCoefficients(expr, numDims);
  if (!coefficients)
    return std::nullopt;
  SmallVector<unsigned> dims;
  for (unsigned d = 0; d < numDims; ++d)
    if ((*coefficients)[d] != 0)
      dims.push_back(d);
  return dims;
}

std::optional<SmallVector<int64_t>> rw::linearCoefficients(AffineExpr expr,
                                                          unsigned numDims) {
  SmallVector<int64_t> result(numDims + 1, 0);
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    result[dim.getPosition()] = 1;
    return result;
  }
  if (auto constant = dyn_cast<AffineConstantExpr>(expr)) {
    result.back() = constant.getValue();
    return result;
  }
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return std::nullopt;
  auto lhs = linearCoefficients(binary.getLHS(), numDims);
  auto rhs = linearCoefficients(binary.getRHS(), numDims);
  if (!lhs || !rhs)
    return std::nullopt;
  if (expr.getKind() == AffineExprKind::Add) {
    for (auto [r, a, c] : llvm::zip(result, *lhs, *rhs))
      r = a + c;
    return result;
  }
  if (expr.getKind() != AffineExprKind::Mul)
    return std::nullopt;
  // One side of a product is a constant.
  auto isConstant = [](ArrayRef<int64_t> v) {
    return llvm::all_of(v.drop_back(), [](int64_t c) { return c == 0; });
  };
  if (!isConstant(*rhs) && !isConstant(*lhs))
    return std::nullopt;
  int64_t factor = isConstant(*rhs) ? rhs->back() : lhs->back();
  for (auto [r, a] : llvm::zip(result, isConstant(*rhs) ? *lhs : *rhs))
    r = a * factor;
  return result;
}

FailureOr<RestrictedOperand> rw::restrictOperand(OpBuilder &b, Location loc,
                                                Value value, AffineMap map,
                                                const Restriction &r) {
  MLIRContext *context = b.getContext();
  unsigned numLoops = r.fixed.size();
  if (r.isIdentity())
    return RestrictedOperand{value, map, {}, {}, {}};
  if (value && !isa<RankedTensorType>(value.getType()))
    return RestrictedOperand{value, AffineMap::get(r.numFree, 0, context), {},
                             {}, {}};
  RestrictedOperand result;
  SmallVector<AffineExpr> kept;
  SmallVector<int64_t> keptShape;
  llvm::SmallDenseSet<unsigned> used;
  for (AffineExpr expr : map.getResults()) {
    std::optional<SmallVector<int64_t>> coefficients =
        linearCoefficients(expr, numLoops);
    if (!coefficients)
      return failure();
    OpFoldResult offset = b.getIndexAttr(coefficients->back());
    std::optional<unsigned> free;
    for (unsigned d = 0; d < numLoops; ++d) {
      int64_t c = (*coefficients)[d];
      if (c == 0)
        continue;
      if (!r.fixed[d]) {
        if (free || c < 0 || !used.insert(d).second)
          return failure();
        free = d;
        continue;
      }
      if (!value)
        continue;
      Value term = r.fixed[d];
      if (c != 1)
        term = arith::MulIOp::create(
            b, loc, term, arith::ConstantIndexOp::create(b, loc, c));
      if (isZeroInteger(offset))
        offset = term;
      else
        offset = arith::AddIOp::create(
                     b, loc, getValueOrCreateConstantIndexOp(b, loc, offset),
                     term)
                     .getResult();
    }
    result.offsets.push_back(offset);
    if (!free) {
      result.sizes.push_back(b.getIndexAttr(1));
      result.strides.push_back(b.getIndexAttr(1));
      continue;
    }
    result.sizes.push_back(r.sizes[*free]);
    result.strides.push_back(b.getIndexAttr((*coefficients)[*free]));
    std::optional<int64_t> size = getConstantIntValue(r.sizes[*free]);
    keptShape.push_back(size ? *size : ShapedType::kDynamic);
    kept.push_back(getAffineDimExpr(r.position[*free], context));
  }
  result.map = AffineMap::get(r.numFree, 0, kept, context);
  if (value) {
    auto type = cast<RankedTensorType>(value.getType());
    auto sliceType = RankedTensorType::get(keptShape, type.getElementType());
    result.slice = tensor::ExtractSliceOp::create(
        b, loc, sliceType, value, result.offsets, result.sizes,
        result.strides);
  }
  return result;
}


FailureOr<SmallVector<Value>> rw::loopOverDims(RewriterBase &rewriter,
                                              GenericOp op,
                                              ArrayRef<bool> loopOver) {
  unsigned numLoops = op.getNumLoops();
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  SmallVector<Range> ranges =
      cast<LinalgOp>(op.getOperation()).createLoopRanges(rewriter, loc);
  SmallVector<OpFoldResult> sizes;
  for (Range range : ranges)
    sizes.push_back(range.size);

  // The loop nest, carrying the outputs.
  SmallVector<Value> carried(op.getDpsInits());
  SmallVector<Value> fixed(numLoops);
  SmallVector<scf::ForOp> loops;
  for (unsigned d = 0; d < numLoops; ++d) {
    if (!loopOver[d])
      continue;
    auto loop = scf::ForOp::create(
        rewriter, loc,
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].offset),
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].size),
        getValueOrCreateConstantIndexOp(rewriter, loc, ranges[d].stride),
        carried);
    Block *body = loop.getBody();
    if (body->mightHaveTerminator())
      rewriter.eraseOp(body->getTerminator());
    rewriter.setInsertionPointToEnd(body);
    fixed[d] = loop.getInductionVar();
    carried.assign(loop.getRegionIterArgs().begin(),
                   loop.getRegionIterArgs().end());
    loops.push_back(loop);
  }
  auto undo = [&] {
    if (!loops.empty())
      rewriter.eraseOp(loops.front());
    return failure();
  };
  if (loops.empty())
    return SmallVector<Value>(op->getResults());

  // The op restricted to this iteration.
  Restriction r = Restriction::of(fixed, sizes);
  SmallVector<Value> inputs, outputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    FailureOr<RestrictedOperand> input = restrictOperand(
        rewriter, loc, operand->get(), op.getMatchingIndexingMap(operand), r);
    if (failed(input))
      return undo();
    inputs.push_back(input->slice);
    maps.push_back(input->map);
  }
  SmallVector<RestrictedOperand> outputSlices;
  for (auto [j, init] : llvm::enumerate(op.getDpsInitsMutable())) {
    FailureOr<RestrictedOperand> output = restrictOperand(
        rewriter, loc, carried[j], op.getMatchingIndexingMap(&init), r);
    if (failed(output) || !output->map.isProjectedPermutation())
      return undo();
    outputs.push_back(output->slice);
    maps.push_back(output->map);
    outputSlices.push_back(*output);
  }
  SmallVector<utils::IteratorType> iterators;
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (!fixed[d])
      iterators.push_back(iterator);
  auto restricted = GenericOp::create(rewriter, loc,
                                      ValueRange(outputs).getTypes(), inputs,
                                      outputs, maps, iterators);
  rewriter.cloneRegionBefore(op.getRegion(), restricted.getRegion(),
                             restricted.getRegion().end());
  SmallVector<IndexOp> indices;
  restricted.getRegion().walk([&](IndexOp index) { indices.push_back(index); });
  for (IndexOp index : indices) {
    rewriter.setInsertionPoint(index);
    unsigned d = index.getDim();
    Value replacement =
        r.fixed[d] ? r.fixed[d]
                   : IndexOp::create(rewriter, index.getLoc(), r.position[d])
                         .getResult();
    rewriter.replaceOp(index, replacement);
  }

  // Write the restricted results back and close the loops.
  rewriter.setInsertionPointAfter(restricted);
  SmallVector<Value> results;
  for (auto [j, slice] : llvm::enumerate(outputSlices))
    results.push_back(
        slice.offsets.empty()
            ? restricted.getResult(j)
            : tensor::InsertSliceOp::create(rewriter, loc,
                                            restricted.getResult(j), carried[j],
                                            slice.offsets, slice.sizes,
                                            slice.strides)
                  .getResult());
  scf::YieldOp::create(rewriter, loc, results);
  for (unsigned k = loops.size() - 1; k > 0; --k) {
    rewriter.setInsertionPointToEnd(loops[k - 1].getBody());
    scf::YieldOp::create(rewriter, loc, loops[k].getResults());
  }
  return SmallVector<Value>(loops.front().getResults());
}

LogicalResult rw::lowerRelayout(RewriterBase &rewriter, Operation *op) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  bool lowered = false;
  if (auto pack = dyn_cast<PackOp>(op))
    lowered = succeeded(lowerPack(rewriter, pack));
  else if (auto unpack = dyn_cast<UnPackOp>(op))
    lowered = succeeded(lowerUnPack(rewriter, unpack));
  if (!lowered)
    return op->emitError() << "cannot lower '" << op->getName()
                           << "' to tensor ops (dynamic tile sizes?)";
  return success();
}

//===----------------------------------------------------------------------===//
// Dead outputs
//===----------------------------------------------------------------------===//

namespace {
struct EraseDeadOutputs : public OpRewritePattern<GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    Block *body = op.getBody();
    Operation *yield = body->getTerminator();
    unsigned numInputs = op.getNumDpsInputs(), numOutputs = op.getNumDpsInits();
    // The outputs and body ops that a used result or an effect needs: each
    // needed output needs what its yielded element is computed from.
    llvm::BitVector needed(numOutputs);
    llvm::DenseSet<Operation *> live;
    SmallVector<Value> worklist;
    auto markLive = [&](Operation *inner) {
      if (!live.insert(inner).second)
        return;
      inner->walk([&](Operation *nested) {
        llvm::append_range(worklist, nested->getOperands());
      });
    };
    auto need = [&](unsigned j) {
      if (!needed.test(j)) {
        needed.set(j);
        worklist.push_back(yield->getOperand(j));
      }
    };
    for (unsigned j = 0; j < numOutputs; ++j)
      if (!op->getResult(j).use_empty())
        need(j);
    if (needed.none())
      return failure(); // The whole op is dead: DCE's to erase.
    for (Operation &inner : body->without_terminator())
      if (!isMemoryEffectFree(&inner))
        markLive(&inner);
    while (!worklist.empty()) {
      Value v = worklist.pop_back_val();
      if (auto arg = dyn_cast<BlockArgument>(v)) {
        if (arg.getOwner() == body && arg.getArgNumber() >= numInputs)
          need(arg.getArgNumber() - numInputs);
        continue;
      }
      if (Operation *inner = body->findAncestorOpInBlock(*v.getDefiningOp()))
        markLive(inner);
    }
    if (needed.all())
      return failure();
    SmallVector<OpOperand *> dropped;
    for (unsigned j = 0; j < numOutputs; ++j)
      if (!needed.test(j))
        dropped.push_back(&op.getDpsInitsMutable()[j]);
    if (!op.canOpOperandsBeDropped(dropped))
      return failure();

    SmallVector<Value> outputs;
    SmallVector<Type> resultTypes;
    SmallVector<AffineMap> maps(op.getIndexingMapsArray());
    maps.resize(numInputs);
    llvm::BitVector deadArgs(numInputs + numOutputs);
    for (unsigned j = 0; j < numOutputs; ++j) {
      if (!needed.test(j)) {
        deadArgs.set(numInputs + j);
        continue;
      }
      outputs.push_back(op.getDpsInits()[j]);
      resultTypes.push_back(op->getResult(j).getType());
      maps.push_back(op.getIndexingMapsArray()[numInputs + j]);
    }
    auto newOp = GenericOp::create(rewriter, op.getLoc(), resultTypes,
                                   op.getDpsInputs(), outputs, maps,
                                   op.getIteratorTypesArray());
    newOp->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    llvm::BitVector deadOutputs = needed;
    deadOutputs.flip();
    rewriter.modifyOpInPlace(yield, [&] { yield->eraseOperands(deadOutputs); });
    for (Operation &inner :
         llvm::make_early_inc_range(llvm::reverse(body->without_terminator())))
      if (!live.contains(&inner))
        rewriter.eraseOp(&inner);
    rewriter.modifyOpInPlace(op, [&] { body->eraseArguments(deadArgs); });
    rewriter.inlineRegionBefore(op.getRegion(), newOp.getRegion(),
                                newOp.getRegion().end());
    for (unsigned j = 0, k = 0; j < numOutputs; ++j)
      if (needed.test(j))
        rewriter.replaceAllUsesWith(op->getResult(j), newOp->getResult(k++));
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void rw::populateEraseDeadOutputsPatterns(RewritePatternSet &patterns) {
  patterns.add<EraseDeadOutputs>(patterns.getContext());
}
