//===- Tensor.cpp - Derivative rules for the tensor dialect ---------------===//
//
// Part of the Rewind project.
//
// tensor.empty and tensor.dim need no rule: their results never carry
// derivatives. Reads of elements and slices accumulate into the adjoint of the
// whole tensor in place (accumulateSlice), so reading every element of a
// tensor in a loop costs O(1) per element.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::tensor;

namespace rw::ad {

static SmallVector<OpFoldResult> ones(OpBuilder &b, unsigned n) {
  return SmallVector<OpFoldResult>(n, b.getIndexAttr(1));
}
static SmallVector<OpFoldResult> zeros(OpBuilder &b, unsigned n) {
  return SmallVector<OpFoldResult>(n, b.getIndexAttr(0));
}

/// The primal value of each dynamic-or-static size of `value`.
static SmallVector<OpFoldResult> primalSizes(AdjointBuilder &ctx, Location loc,
                                             Value value) {
  return tensor::getMixedSizes(ctx.builder(), loc, ctx.primal(value));
}

/// The primal values of a list of mixed static/dynamic sizes or offsets.
static SmallVector<OpFoldResult> primalMixed(AdjointBuilder &ctx,
                                             ArrayRef<OpFoldResult> mixed) {
  SmallVector<OpFoldResult> result;
  for (OpFoldResult ofr : mixed) {
    if (auto v = dyn_cast<Value>(ofr))
      result.push_back(ctx.primal(v));
    else
      result.push_back(ofr);
  }
  return result;
}

// r = t[i]: adj t[i] += g
static LogicalResult buildAdjointFor(ExtractOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g || !ctx.isActive(op.getTensor()))
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  SmallVector<Value> indices;
  for (Value i : op.getIndices())
    indices.push_back(ctx.primal(i));
  Value current = ctx.adjointOrZero(op.getTensor());
  Value old = ExtractOp::create(b, loc, current, indices);
  Value sum = arith::AddFOp::create(b, loc, old, g);
  ctx.setAdjoint(op.getTensor(),
                 InsertOp::create(b, loc, sum, current, indices));
  return success();
}

// r = insert s into t[i]: adj s += g[i]; adj t += g with g[i] = 0
static LogicalResult buildAdjointFor(InsertOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  SmallVector<Value> indices;
  for (Value i : op.getIndices())
    indices.push_back(ctx.primal(i));
  if (ctx.isActive(op.getScalar()))
    ctx.accumulate(op.getScalar(), ExtractOp::create(b, loc, g, indices));
  if (ctx.isActive(op.getDest())) {
    Type elementType = op.getScalar().getType();
    Value zero = arith::ConstantOp::create(b, loc, elementType,
                                           b.getFloatAttr(elementType, 0.0));
    ctx.accumulate(op.getDest(), InsertOp::create(b, loc, zero, g, indices));
  }
  return success();
}

// r = t[slice]: adj t[slice] += g
static LogicalResult buildAdjointFor(ExtractSliceOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  accumulateSlice(ctx, op.getLoc(), op.getSource(), g,
                  primalMixed(ctx, op.getMixedOffsets()),
                  primalMixed(ctx, op.getMixedSizes()),
                  primalMixed(ctx, op.getMixedStrides()));
  return success();
}

// r = insert_slice s into t[slice]: adj s += g[slice]; adj t += g, 0 on slice
static LogicalResult buildAdjointFor(InsertSliceOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  auto offsets = primalMixed(ctx, op.getMixedOffsets());
  auto sizes = primalMixed(ctx, op.getMixedSizes());
  auto strides = primalMixed(ctx, op.getMixedStrides());
  if (ctx.isActive(op.getSource()))
    ctx.accumulate(op.getSource(),
                   ExtractSliceOp::create(b, loc, op.getSourceType(), g,
                                          offsets, sizes, strides));
  if (ctx.isActive(op.getDest())) {
    Value zero = ctx.zerosLike(op.getSource());
    ctx.accumulate(op.getDest(), InsertSliceOp::create(b, loc, zero, g, offsets,
                                                       sizes, strides));
  }
  return success();
}

static LogicalResult buildAdjointFor(CastOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getSource(), CastOp::create(ctx.builder(), op.getLoc(),
                                                  op.getSource().getType(), g));
  return success();
}

static LogicalResult buildAdjointFor(ExpandShapeOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getSrc(),
                   CollapseShapeOp::create(ctx.builder(), op.getLoc(),
                                           op.getSrcType(), g,
                                           op.getReassociationIndices()));
  return success();
}

static LogicalResult buildAdjointFor(CollapseShapeOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getSrc(),
                   ExpandShapeOp::create(ctx.builder(), op.getLoc(),
                                         op.getSrcType(), g,
                                         op.getReassociationIndices(),
                                         primalSizes(ctx, op.getLoc(),
                                                     op.getSrc())));
  return success();
}

// tensor.reshape keeps the elements in row-major order: the adjoint is g
// reshaped back to the source's shape.
static LogicalResult buildAdjointFor(ReshapeOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  SmallVector<Value> sizes;
  for (OpFoldResult size : primalSizes(ctx, loc, op.getSource()))
    sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
  Value shape = FromElementsOp::create(b, loc, sizes);
  ctx.accumulate(op.getSource(), ReshapeOp::create(b, loc,
                                                   op.getSource().getType(),
                                                   g, shape));
  return success();
}

// r = [e0, e1, ...]: adj e_k += g[k] (row-major)
static LogicalResult buildAdjointFor(FromElementsOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  SmallVector<int64_t> strides = computeStrides(op.getType().getShape());
  for (auto [k, element] : llvm::enumerate(op.getElements())) {
    if (!ctx.isActive(element))
      continue;
    SmallVector<Value> indices = llvm::map_to_vector(
        delinearize(k, strides), [&](int64_t i) -> Value {
          return arith::ConstantIndexOp::create(b, loc, i);
        });
    ctx.accumulate(element, ExtractOp::create(b, loc, g, indices));
  }
  return success();
}

// r = splat s: adj s += sum(g)
static LogicalResult buildAdjointFor(SplatOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getInput(), Emitter(ctx, op.getLoc()).sumAll(g));
  return success();
}

// r = pad t (low, high) with v: adj t += g[low : low + size(t)];
// adj v += sum(g) - sum(that slice)
static LogicalResult buildAdjointFor(PadOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  Value padding = op.getConstantPaddingValue();
  if (!padding) {
    // A padding value computed in the region (from the indices, say) has no
    // adjoint unless it uses something active.
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op.getRegion(), captured);
    if (llvm::any_of(captured, [&](Value v) { return ctx.isActive(v); }))
      return op.emitError("cannot differentiate tensor.pad whose padding "
                          "value is computed in its region from active values");
  }
  unsigned rank = op.getSourceType().getRank();
  Value inner = ExtractSliceOp::create(
      b, loc, op.getSourceType(), g, primalMixed(ctx, op.getMixedLowPad()),
      primalSizes(ctx, loc, op.getSource()), ones(b, rank));
  ctx.accumulate(op.getSource(), inner);
  if (padding && ctx.isActive(padding)) {
    Emitter e(ctx, loc);
    ctx.accumulate(padding, e.sub(e.sumAll(g), e.sumAll(inner)));
  }
  return success();
}

// r = concat(x0, x1, ...) along d: adj x_k += g[offset_k : offset_k + size]
static LogicalResult buildAdjointFor(ConcatOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  int64_t dim = op.getDim();
  unsigned rank = op.getResultType().getRank();
  OpFoldResult offset = b.getIndexAttr(0);
  for (Value input : op.getInputs()) {
    SmallVector<OpFoldResult> sizes = primalSizes(ctx, loc, input);
    SmallVector<OpFoldResult> offsets = zeros(b, rank);
    offsets[dim] = offset;
    if (ctx.isActive(input))
      ctx.accumulate(input, ExtractSliceOp::create(
                                b, loc, cast<RankedTensorType>(input.getType()),
                                g, offsets, sizes, ones(b, rank)));
    offset = arith::AddIOp::create(
                 b, loc, getValueOrCreateConstantIndexOp(b, loc, offset),
                 getValueOrCreateConstantIndexOp(b, loc, sizes[dim]))
                 .getResult();
  }
  return success();
}

/// tensor.generate is a linalg.generic with no inputs: its body, whose
/// block arguments are the element's indices, becomes a generic's body
/// reading them with linalg.index. The linalg rule differentiates it (a body
/// that reads other tensors at computed indices is a gather).
static LogicalResult rewriteForReverse(GenerateOp generate,
                                       RewriterBase &rewriter) {
  Location loc = generate.getLoc();
  auto type = generate.getType();
  Value empty = EmptyOp::create(rewriter, loc, type.getShape(),
                                type.getElementType(),
                                generate.getDynamicExtents());
  unsigned rank = type.getRank();
  auto identity = rewriter.getMultiDimIdentityMap(rank);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{empty},
      ArrayRef<AffineMap>{identity},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel));
  rewriter.createBlock(&generic.getRegion(), {}, {type.getElementType()},
                       {loc});
  IRMapping mapping;
  for (auto [d, index] :
       llvm::enumerate(generate.getBody().front().getArguments()))
    mapping.map(index, linalg::IndexOp::create(rewriter, loc, d).getResult());
  for (Operation &inner : generate.getBody().front().without_terminator())
    rewriter.clone(inner, mapping);
  auto yield = cast<YieldOp>(generate.getBody().front().getTerminator());
  linalg::YieldOp::create(rewriter, loc,
                          mapping.lookupOrDefault(yield.getValue()));
  rewriter.replaceOp(generate, generic.getResults());
  return success();
}

// Forward mode: the tangent padded with the padding value's tangent (zero
// for a constant).
static LogicalResult buildTangentFor(PadOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  // The padding value's tangent: that of a value from above, or zero when
  // the region reads no value with a tangent.
  Value padding = op.getConstantPaddingValue();
  Value paddingTangent = padding ? ctx.tangent(padding) : Value();
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(op.getRegion(), above);
  if (!paddingTangent &&
      llvm::any_of(above, [&](Value v) { return ctx.tangent(v); }))
    return op.emitError("cannot differentiate a tensor.pad whose region "
                        "computes the padding value from differentiated "
                        "values in forward mode");
  Value source = ctx.tangentOrZero(op.getSource());
  if (!paddingTangent) {
    auto element = cast<FloatType>(op.getResultType().getElementType());
    paddingTangent = arith::ConstantOp::create(
        ctx.builder(), op.getLoc(), element,
        ctx.builder().getFloatAttr(element, 0.0));
  }
  SmallVector<Value> low, high;
  for (Value v : op.getLow())
    low.push_back(ctx.primal(v));
  for (Value v : op.getHigh())
    high.push_back(ctx.primal(v));
  auto tangent = PadOp::create(ctx.builder(), op.getLoc(), op.getResultType(),
                               source, op.getStaticLow(), op.getStaticHigh(),
                               low, high, op.getNofold());
  // The region yields the padding value's tangent.
  Block &body = tangent.getRegion().emplaceBlock();
  for (unsigned i = 0, e = op.getResultType().getRank(); i < e; ++i)
    body.addArgument(ctx.builder().getIndexType(), op.getLoc());
  OpBuilder::InsertionGuard guard(ctx.builder());
  ctx.builder().setInsertionPointToEnd(&body);
  YieldOp::create(ctx.builder(), op.getLoc(), paddingTangent);
  ctx.setTangent(op.getResult(), tangent.getResult());
  return success();
}

static constexpr OpCoverageNote kTensorNotes[] = {
    {"tensor.generate", Coverage::Rule,
     "rewritten as a linalg.generic (its reads at computed indices are "
     "gathers with scatter-add adjoints)"},
    {"tensor.extract", Coverage::Rule,
     "the adjoint of one element is added in place"},
    {"tensor.dim", Coverage::NoDerivative, "an index"},
    {"tensor.rank", Coverage::NoDerivative, "an index"},
    {"tensor.empty", Coverage::NoDerivative,
     "undefined contents: only its shape is used"},
    {"tensor.bitcast", Coverage::NoDerivative,
     "reinterprets bits: not a differentiable function of its operand"},
    {"tensor.yield", Coverage::PartOfParent,
     "terminator of tensor.generate and tensor.pad"},
    {"tensor.parallel_insert_slice", Coverage::PartOfParent,
     "part of scf.forall, which becomes tensor.insert_slice"},
    {"tensor.gather", Coverage::Unsupported,
     "MLIR 22 cannot compile it (no bufferization): write the gather as a "
     "linalg.generic reading with tensor.extract, which is differentiated"},
    {"tensor.scatter", Coverage::Unsupported,
     "MLIR 22 cannot compile it (no bufferization): write it as "
     "tensor.insert in an scf.for"},
};

llvm::ArrayRef<OpCoverageNote> tensorCoverageNotes() { return kTensorNotes; }

void registerTensorRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TensorDialect *) {
    attachAdjointRules<ExtractOp, InsertOp, ExtractSliceOp, InsertSliceOp,
                       CastOp, ExpandShapeOp, CollapseShapeOp, FromElementsOp,
                       SplatOp, PadOp, ConcatOp, ReshapeOp>(context);
    attachRewriteRule<GenerateOp, rewriteForReverse>(context);
    // Forward mode: every one of them is linear in its tensor operands.
    attachLinearTangentRules<ExtractOp, InsertOp, ExtractSliceOp,
                             InsertSliceOp, CastOp, ExpandShapeOp,
                             CollapseShapeOp, FromElementsOp, SplatOp,
                             ConcatOp, ReshapeOp>(context);
    attachTangentRules<PadOp>(context);
  });
}

} // namespace rw::ad
