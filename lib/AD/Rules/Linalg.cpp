//===- Linalg.cpp - Derivative rules for the linalg dialect ---------------===//
//
// Part of the Rewind project.
//
// Structured ops other than contractions are generalized to linalg.generic
// before differentiation. The adjoint of a linalg op with respect to one of
// its operands is a linalg.generic over the same iteration space: the
// operand's indexing map becomes the output map, loop dimensions absent from
// it become reductions, and the body is the scalar adjoint of the primal body,
// built by the scalar rules themselves. Contractions keep named adjoints
// (matmul -> matmul, matvec <-> vecmat), which tile and vectorize better.
//
// Reductions must be sums (acc + t) or max/min (max(acc, t)) of a term t that
// does not depend on the accumulator; max/min send the adjoint to the
// elements equal to the result, shared evenly among ties.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::linalg;

namespace rw::ad {
namespace {

enum class Combiner { None, Sum, Max, Min };

/// How output `j` of `op` combines values across reduction iterations, and
/// the term combined (the value the body yields when there is no reduction).
struct OutputForm {
  Combiner combiner = Combiner::None;
  Value term;
};

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

static FailureOr<OutputForm> classifyOutput(LinalgOp op, unsigned j) {
  Block *body = op.getBlock();
  Value yielded = body->getTerminator()->getOperand(j);
  BlockArgument acc = op.getRegionOutputArgs()[j];
  // Loop dimensions that the output's indexing map does not use accumulate
  // into it, whatever the iterator types say ("parallel" verifies too).
  AffineMap outMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[j]);
  if (llvm::all_of(llvm::seq(op.getNumLoops()),
                   [&](unsigned d) { return outMap.isFunctionOfDim(d); }))
    return OutputForm{Combiner::None, yielded};
  Operation *combine = yielded.getDefiningOp();
  Combiner kind = Combiner::None;
  if (isa_and_nonnull<arith::AddFOp>(combine))
    kind = Combiner::Sum;
  else if (isa_and_nonnull<arith::MaximumFOp, arith::MaxNumFOp>(combine))
    kind = Combiner::Max;
  else if (isa_and_nonnull<arith::MinimumFOp, arith::MinNumFOp>(combine))
    kind = Combiner::Min;
  if (kind != Combiner::None && combine->getBlock() == body) {
    Value lhs = combine->getOperand(0), rhs = combine->getOperand(1);
    Value term = lhs == acc ? rhs : rhs == acc ? lhs : Value();
    if (term && !dependsOn(term, acc))
      return OutputForm{kind, term};
  }
  return op.emitError()
         << "cannot differentiate this reduction: output #" << j
         << " must be a sum (acc + t) or a max/min (max(acc, t)) of a term "
            "that does not depend on the accumulator";
}

/// The operand whose adjoint one generated linalg.generic computes: an input
/// or output operand of the primal op (a tensor or a scalar), or a scalar
/// defined above the op and captured by its body.
struct Target {
  Value value;
  /// Its block argument in the primal body; null for captured values.
  Value bodyValue;
  /// Its indexing map; empty results for scalars.
  AffineMap map;
};

class LinalgAdjoint {
public:
  /// Differentiates `op` with respect to each active operand but `skip`
  /// (which a named rule handles).
  LinalgAdjoint(LinalgOp op, AdjointBuilder &ctx, Value skip = Value())
      : op(op), ctx(ctx), b(ctx.builder()), loc(op.getLoc()), skip(skip) {}

  LogicalResult build() {
    if (!op.hasPureTensorSemantics())
      return op.emitError("cannot differentiate a linalg op on buffers; "
                          "differentiate before bufferization");
    for (AffineMap map : op.getIndexingMapsArray())
      if (!map.isProjectedPermutation())
        return op.emitError("cannot differentiate a linalg op whose indexing "
                            "maps are not projected permutations");
    for (unsigned j = 0; j < op.getNumDpsInits(); ++j) {
      FailureOr<OutputForm> form = classifyOutput(op, j);
      if (failed(form))
        return failure();
      forms.push_back(*form);
      adjoints.push_back(ctx.adjoint(op->getResult(j)));
    }
    if (llvm::all_of(adjoints, [](Value g) { return !g; }))
      return success();
    // Ties of a max/min share its adjoint evenly.
    for (unsigned j = 0; j < forms.size(); ++j)
      if (adjoints[j] && forms[j].combiner != Combiner::None &&
          forms[j].combiner != Combiner::Sum)
        adjoints[j] = arith::DivFOp::create(b, loc, adjoints[j], countTies(j));

    for (OpOperand *operand : op.getDpsInputOperands())
      if (ctx.isActive(operand->get()) && operand->get() != skip &&
          failed(buildFor({operand->get(),
                           op.getMatchingBlockArgument(operand),
                           op.getMatchingIndexingMap(operand)})))
        return failure();
    for (auto [j, init] : llvm::enumerate(op.getDpsInits())) {
      if (!ctx.isActive(init) || !adjoints[j])
        continue;
      if (forms[j].combiner == Combiner::None) {
        OpOperand &operand = op.getDpsInitsMutable()[j];
        if (failed(buildFor({init, op.getMatchingBlockArgument(&operand),
                             op.getMatchingIndexingMap(&operand)})))
          return failure();
      } else {
        accumulateInit(j, init);
      }
    }
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegion(0), captured);
    for (Value v : captured) {
      if (ctx.isActive(v) && isa<ShapedType>(v.getType()))
        return op.emitError()
               << "cannot differentiate a linalg op whose body reads a tensor "
                  "it does not take as an operand (a gather); pass it as an "
                  "input with an indexing map, or index it outside the op";
    }
    for (Value v : captured)
      if (ctx.isActive(v) &&
          failed(buildFor({v, Value(),
                           AffineMap::get(op.getNumLoops(), 0, b.getContext())})))
        return failure();
    return success();
  }

private:
  /// With a reduction the initial value is the first accumulator: a sum
  /// passes the adjoint through, max/min only where it is the result.
  void accumulateInit(unsigned j, Value init) {
    Value g = adjoints[j];
    if (forms[j].combiner == Combiner::Sum) {
      ctx.accumulate(init, g);
      return;
    }
    Emitter e(ctx, loc);
    Value selected = e.cmp(arith::CmpFPredicate::OEQ, ctx.primal(init),
                           ctx.primal(op->getResult(j)));
    ctx.accumulate(init, e.selectOrZero(selected, g));
  }

  /// For output `j` of a max/min reduction: how many of the combined terms
  /// (and the initial value) equal the result, per output element.
  Value countTies(unsigned j) {
    OpOperand &initOperand = op.getDpsInitsMutable()[j];
    AffineMap outMap = op.getMatchingIndexingMap(&initOperand);
    Value result = ctx.primal(op->getResult(j));
    Type elementType = getElementTypeOrSelf(result.getType());
    Emitter e(ctx, loc);
    // The initial value counts when it is the result.
    Value initTies =
        e.selectOrZero(e.cmp(arith::CmpFPredicate::OEQ,
                             ctx.primal(initOperand.get()), result),
                       e.constant(result, 1.0));
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      inputs.push_back(ctx.primal(operand->get()));
      maps.push_back(op.getMatchingIndexingMap(operand));
    }
    inputs.push_back(result);
    maps.push_back(outMap);
    maps.push_back(outMap);
    auto counter = GenericOp::create(
        b, loc, TypeRange{initTies.getType()}, inputs, ValueRange{initTies},
        maps, op.getIteratorTypesArray(), /*doc=*/"", /*libraryCall=*/"");
    SmallVector<Type> argTypes;
    for (Value v : counter->getOperands())
      argTypes.push_back(getElementTypeOrSelf(v.getType()));
    OpBuilder::InsertionGuard guard(b);
    Block *block = b.createBlock(&counter.getRegion(), {}, argTypes,
                                 SmallVector<Location>(argTypes.size(), loc));
    IRMapping mapping;
    for (auto [i, arg] : llvm::enumerate(op.getRegionInputArgs()))
      mapping.map(arg, block->getArgument(i));
    for (BlockArgument acc : op.getRegionOutputArgs())
      mapping.map(acc, block->getArgument(inputs.size() - 1));
    mapTermDependencies(mapping);
    for (Operation &inner : op.getBlock()->without_terminator())
      b.clone(inner, mapping);
    Value term = mapping.lookupOrDefault(forms[j].term);
    Value tie = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, term,
                                      block->getArgument(inputs.size() - 1));
    Value one = arith::ConstantOp::create(b, loc, elementType,
                                          b.getFloatAttr(elementType, 1.0));
    Value zero = arith::ConstantOp::create(b, loc, elementType,
                                           b.getFloatAttr(elementType, 0.0));
    Value count = arith::AddFOp::create(
        b, loc, block->getArguments().back(),
        arith::SelectOp::create(b, loc, tie, one, zero));
    YieldOp::create(b, loc, count);
    return counter.getResult(0);
  }

  /// Maps the values a copy of the primal body captures from above to their
  /// primal values at the reverse sweep's insertion point.
  void mapTermDependencies(IRMapping &mapping) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegion(0), captured);
    for (Value v : captured)
      mapping.map(v, ctx.primal(v));
  }

  /// Builds the linalg.generic computing the adjoint contribution to `target`
  /// and adds it to the target's adjoint.
  LogicalResult buildFor(const Target &target) {
    unsigned numLoops = op.getNumLoops();
    bool scalar = !isa<ShapedType>(target.value.getType());

    // Operands of the adjoint op: the primal inputs, the primal inits the
    // body reads, each output's adjoint and (for max/min) the primal result.
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      inputs.push_back(ctx.primal(operand->get()));
      maps.push_back(op.getMatchingIndexingMap(operand));
    }
    unsigned numInits = op.getNumDpsInits();
    SmallVector<int> initIndex(numInits, -1), adjIndex(numInits, -1),
        resultIndex(numInits, -1);
    for (unsigned j = 0; j < numInits; ++j) {
      OpOperand &operand = op.getDpsInitsMutable()[j];
      AffineMap map = op.getMatchingIndexingMap(&operand);
      if (forms[j].combiner == Combiner::None &&
          !op.getMatchingBlockArgument(&operand).use_empty()) {
        initIndex[j] = inputs.size();
        inputs.push_back(ctx.primal(operand.get()));
        maps.push_back(map);
      }
      if (!adjoints[j])
        continue;
      adjIndex[j] = inputs.size();
      inputs.push_back(adjoints[j]);
      maps.push_back(map);
      if (forms[j].combiner == Combiner::Max ||
          forms[j].combiner == Combiner::Min) {
        resultIndex[j] = inputs.size();
        inputs.push_back(ctx.primal(op->getResult(j)));
        maps.push_back(map);
      }
    }

    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::reduction);
    for (AffineExpr expr : target.map.getResults())
      iterators[cast<AffineDimExpr>(expr).getPosition()] =
          utils::IteratorType::parallel;
    bool reduces = llvm::is_contained(iterators, utils::IteratorType::reduction);

    // The output. A reduction accumulates into the target's current adjoint
    // (or zeros; a zero-dimensional accumulator for scalars). Otherwise the
    // current adjoint is one more input and the op writes a fresh tensor:
    // a plain elementwise op, which elementwise fusion handles.
    Type elementType = getElementTypeOrSelf(target.value.getType());
    Value init;
    int accIndex = -1;
    if (scalar) {
      Value zero = arith::ConstantOp::create(b, loc, elementType,
                                             b.getFloatAttr(elementType, 0.0));
      init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, elementType);
      init = FillOp::create(b, loc, zero, init).getResult(0);
    } else if (reduces) {
      init = ctx.adjointOrZero(target.value);
    } else {
      if (Value previous = ctx.adjoint(target.value)) {
        accIndex = inputs.size();
        inputs.push_back(previous);
        maps.push_back(target.map);
      }
      init = tensor::EmptyOp::create(
          b, loc, tensor::getMixedSizes(b, loc, ctx.primal(target.value)),
          elementType);
    }
    if (scalar || reduces)
      accIndex = inputs.size(); // the output's block argument
    maps.push_back(target.map);

    auto adjointOp = GenericOp::create(b, loc, TypeRange{init.getType()},
                                       inputs, ValueRange{init}, maps,
                                       iterators, /*doc=*/"",
                                       /*libraryCall=*/"");
    SmallVector<Type> argTypes;
    for (Value v : adjointOp->getOperands())
      argTypes.push_back(getElementTypeOrSelf(v.getType()));
    SmallVector<Location> argLocs(argTypes.size(), loc);
    {
      OpBuilder::InsertionGuard guard(b);
      Block *block = b.createBlock(&adjointOp.getRegion(), {}, argTypes, argLocs);
      if (failed(buildBody(b, loc, block->getArguments(), target, initIndex,
                           adjIndex, resultIndex, accIndex)))
        return failure();
    }
    Value result = adjointOp.getResult(0);
    if (scalar)
      result = tensor::ExtractOp::create(b, loc, result, ValueRange{});
    if (scalar)
      ctx.accumulate(target.value, result);
    else
      ctx.setAdjoint(target.value, result);
    return success();
  }

  /// The body of an adjoint op: recompute the primal body, differentiate it
  /// with respect to the target, add to the accumulator.
  LogicalResult buildBody(OpBuilder &nb, Location nloc, ValueRange args,
                          const Target &target, ArrayRef<int> initIndex,
                          ArrayRef<int> adjIndex, ArrayRef<int> resultIndex,
                          int accIndex) {
    Block *primalBody = op.getBlock();
    Block *block = nb.getInsertionBlock();
    IRMapping mapping;
    for (auto [i, arg] : llvm::enumerate(op.getRegionInputArgs()))
      mapping.map(arg, args[i]);
    for (auto [j, acc] : llvm::enumerate(op.getRegionOutputArgs())) {
      // A reduction's accumulator only feeds the combining op, which the
      // adjoint does not need; any scalar of the right type stands in.
      int index = initIndex[j] >= 0 ? initIndex[j] : adjIndex[j];
      mapping.map(acc, index >= 0 ? args[index] : args.back());
    }
    mapTermDependencies(mapping);
    for (Operation &inner : primalBody->without_terminator())
      nb.clone(inner, mapping);

    Value wrt = target.bodyValue ? mapping.lookup(target.bodyValue)
                                 : mapping.lookup(target.value);
    SmallVector<Value> outputs, seeds;
    for (unsigned j = 0; j < forms.size(); ++j) {
      if (adjIndex[j] < 0)
        continue;
      Value term = mapping.lookupOrDefault(forms[j].term);
      Value seed = args[adjIndex[j]];
      if (resultIndex[j] >= 0) {
        Value selected = arith::CmpFOp::create(
            nb, nloc, arith::CmpFPredicate::OEQ, term, args[resultIndex[j]]);
        Value zero = arith::ConstantOp::create(
            nb, nloc, seed.getType(), nb.getFloatAttr(seed.getType(), 0.0));
        seed = arith::SelectOp::create(nb, nloc, selected, seed, zero);
      }
      outputs.push_back(term);
      seeds.push_back(seed);
    }

    Region &region = *block->getParent();
    ActivityAnalysis activity(region, {wrt}, outputs);
    AdjointBuilder inner(region, activity, ctx.pullbacks(),
                         AdjointBuilder::Recompute::AllPure);
    inner.builder().setInsertionPointToEnd(block);
    inner.enterBlock(*block);
    for (auto [term, seed] : llvm::zip(outputs, seeds))
      inner.accumulate(term, seed);
    if (failed(inner.reverseBlock(*block)))
      return failure();
    Value derivative = inner.adjoint(wrt);
    inner.exitBlock();
    Value result = derivative;
    if (accIndex >= 0)
      result = derivative ? arith::AddFOp::create(nb, nloc, args[accIndex],
                                                  derivative)
                                .getResult()
                          : args[accIndex];
    if (!result)
      result = arith::ConstantOp::create(
          nb, nloc, args.back().getType(),
          nb.getFloatAttr(args.back().getType(), 0.0));
    // Region ops of the body (scf.if, scf.for) may save values on a tape of
    // the body's own, freed before the yield.
    inner.finalizeTape(YieldOp::create(nb, nloc, result));
    return success();
  }

  LinalgOp op;
  AdjointBuilder &ctx;
  OpBuilder &b;
  Location loc;
  Value skip;
  SmallVector<OutputForm> forms;
  SmallVector<Value> adjoints;
};

//===----------------------------------------------------------------------===//
// Named contractions
//===----------------------------------------------------------------------===//

static bool hasDefaultMaps(LinalgOp op, ArrayRef<AffineMap> defaults) {
  return op.getIndexingMapsArray() == SmallVector<AffineMap>(defaults);
}

/// A matmul with explicit indexing maps writing into `init`.
static Value buildMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         Value init, ArrayRef<AffineMap> maps) {
  auto matmul = MatmulOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
      {b.getNamedAttr("indexing_maps", b.getAffineMapArrayAttr(maps))});
  return matmul.getResult(0);
}

/// True when every operand has the result's element type; mixed-precision
/// contractions go through the generic rule, which inserts the casts.
static bool hasUniformElementType(Operation *op) {
  Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
  return llvm::all_of(op->getOperandTypes(), [&](Type t) {
    return getElementTypeOrSelf(t) == elementType;
  });
}

/// C(m,n) += A(m,k) B(k,n): adj A += g B^T, adj B += A^T g (as matmuls).
/// Both keep the output's contiguous dimension contiguous in an operand, so
/// they vectorize as sums of outer products.
static LogicalResult matmulAdjoint(MatmulOp op, AdjointBuilder &ctx) {
  MLIRContext *context = op.getContext();
  if (!hasUniformElementType(op) ||
      !hasDefaultMaps(op, MatmulOp::getDefaultIndexingMaps(context)))
    return LinalgAdjoint(op, ctx).build();
  Value g = ctx.adjoint(op.getResult(0));
  if (!g)
    return success();
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  Value a = op.getDpsInputs()[0], bm = op.getDpsInputs()[1],
        c = op.getDpsInits()[0];
  AffineExpr d0, d1, d2;
  bindDims(context, d0, d1, d2);
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(3, 0, exprs, context);
  };
  if (ctx.isActive(a)) {
    // dA(m,k) += g(m,n) B(k,n): transpose B once (O(nk)) so the product is a
    // plain matmul whose output rows are contiguous in both operands.
    Value bValue = ctx.primal(bm);
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, bValue);
    Value empty = tensor::EmptyOp::create(
        b, loc, SmallVector<OpFoldResult>{sizes[1], sizes[0]},
        getElementTypeOrSelf(bValue.getType()));
    Value bT = TransposeOp::create(b, loc, bValue, empty,
                                   ArrayRef<int64_t>{1, 0})
                   .getResult()[0];
    ctx.setAdjoint(a, buildMatmul(b, loc, g, bT, ctx.adjointOrZero(a),
                                  MatmulOp::getDefaultIndexingMaps(context)));
  }
  if (ctx.isActive(bm)) // (k, n, m): A(m,k) g(m,n) -> B(k,n)
    ctx.setAdjoint(bm, buildMatmul(b, loc, ctx.primal(a), g,
                                   ctx.adjointOrZero(bm),
                                   {map({d2, d0}), map({d2, d1}), map({d0, d1})}));
  ctx.accumulate(c, g);
  return success();
}

/// y(m) += A(m,n) x(n): adj x += g A (vecmat); A and y via the generic rule.
/// x(m) A(m,n) for vecmat: adj x += A g (matvec).
template <typename OpT, typename TransposedOpT>
static LogicalResult matvecAdjoint(OpT op, AdjointBuilder &ctx,
                                   unsigned matrixIndex) {
  if (!hasUniformElementType(op)) // mixed precision: the generic rule casts
    return LinalgAdjoint(op, ctx).build();
  Value g = ctx.adjoint(op.getResult(0));
  if (!g)
    return success();
  Value matrix = op.getDpsInputs()[matrixIndex];
  Value vector = op.getDpsInputs()[1 - matrixIndex];
  if (ctx.isActive(vector)) {
    OpBuilder &b = ctx.builder();
    SmallVector<Value> ins = matrixIndex == 0
                                 ? SmallVector<Value>{g, ctx.primal(matrix)}
                                 : SmallVector<Value>{ctx.primal(matrix), g};
    Value init = ctx.adjointOrZero(vector);
    ctx.setAdjoint(vector, TransposedOpT::create(b, op.getLoc(),
                                                 TypeRange{init.getType()}, ins,
                                                 ValueRange{init})
                               .getResult(0));
  }
  // The matrix (an outer product) and the init through the generic rule.
  return LinalgAdjoint(op, ctx, vector).build();
}

/// The external model for every structured op Rewind differentiates.
template <typename OpT>
struct LinalgRule
    : public ReverseModeOpInterface::ExternalModel<LinalgRule<OpT>, OpT> {
  /// Named ops other than contractions become linalg.generic, so one rule
  /// covers them all.
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    if (isa<GenericOp, MatmulOp, MatvecOp, VecmatOp>(op))
      return success();
    if (failed(generalizeNamedOp(rewriter, cast<LinalgOp>(op))))
      return op->emitError("cannot generalize this op to linalg.generic for "
                           "differentiation");
    return success();
  }

  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    if (auto matmul = dyn_cast<MatmulOp>(op))
      return matmulAdjoint(matmul, ctx);
    if (auto matvec = dyn_cast<MatvecOp>(op))
      return matvecAdjoint<MatvecOp, VecmatOp>(matvec, ctx, 0);
    if (auto vecmat = dyn_cast<VecmatOp>(op))
      return matvecAdjoint<VecmatOp, MatvecOp>(vecmat, ctx, 1);
    return LinalgAdjoint(cast<LinalgOp>(op), ctx).build();
  }
};

template <typename... OpTs> static void attachLinalgRules(MLIRContext *context) {
  (OpTs::template attachInterface<LinalgRule<OpTs>>(*context), ...);
}

} // namespace

void registerLinalgRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, LinalgDialect *) {
    attachLinalgRules<GenericOp, MapOp, ReduceOp, BroadcastOp, TransposeOp,
                      FillOp, CopyOp, MatmulOp, BatchMatmulOp, MatvecOp,
                      VecmatOp, DotOp, BatchMatvecOp, BatchVecmatOp,
                      ElementwiseOp, AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp,
                      PowFOp, ExpOp, LogOp, AbsOp, SqrtOp, RsqrtOp, SquareOp,
                      TanhOp, ErfOp, NegFOp, ReciprocalOp, SelectOp, CeilOp,
                      FloorOp, RoundOp>(context);
  });
}

} // namespace rw::ad
