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
// Reductions in closed form are sums (acc + t, acc - t), products (acc * t)
// and max/min (max(acc, t)) of a term t that does not depend on the
// accumulator: max/min send the adjoint to the elements equal to the result,
// shared evenly among ties; a product sends each factor the product of the
// others, exactly, zeros included. Any other reduction is rewritten as loops
// over its reduction dimensions and reversed step by step.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Transforms/LinalgUtils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::linalg;

namespace rw::ad {
namespace {

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
    for (OpOperand &init : op.getDpsInitsMutable())
      if (!op.getMatchingIndexingMap(&init).isProjectedPermutation())
        return op.emitError("cannot differentiate a linalg op whose output "
                            "indexing maps are not projected permutations");
    for (unsigned j = 0; j < op.getNumDpsInits(); ++j) {
      std::optional<OutputForm> form = classifyOutput(op, j);
      if (!form)
        return op.emitError()
               << "internal error: reduction output #" << j
               << " was not rewritten as a loop before differentiation";
      forms.push_back(*form);
      adjoints.push_back(ctx.adjoint(op->getResult(j)));
    }
    if (llvm::all_of(adjoints, [](Value g) { return !g; }))
      return success();
    factors.resize(forms.size());
    for (unsigned j = 0; j < forms.size(); ++j) {
      if (!adjoints[j])
        continue;
      // Ties of a max/min share its adjoint evenly.
      if (forms[j].combiner == Combiner::Max ||
          forms[j].combiner == Combiner::Min)
        adjoints[j] = arith::DivFOp::create(b, loc, adjoints[j], countTies(j));
      if (forms[j].combiner == Combiner::Product)
        factors[j] = productFactors(j);
    }

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
    // Values the body uses from above: scalars through a zero-dimensional
    // reduction, tensors it gathers from through a scatter-add.
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegion(0), captured);
    for (Value v : captured) {
      if (!ctx.isActive(v))
        continue;
      LogicalResult built =
          isa<ShapedType>(v.getType())
              ? buildGather(v)
              : buildFor({v, Value(),
                          AffineMap::get(op.getNumLoops(), 0, b.getContext())});
      if (failed(built))
        return failure();
    }
    return success();
  }

private:
  /// With a reduction the initial value is the first accumulator: a sum
  /// passes the adjoint through, max/min only where it is the result, a
  /// product scales it by the other factors.
  void accumulateInit(unsigned j, Value init) {
    Value g = adjoints[j];
    Emitter e(ctx, loc);
    switch (forms[j].combiner) {
    case Combiner::Sum:
      ctx.accumulate(init, g);
      return;
    case Combiner::Product:
      ctx.accumulate(init, e.mul(g, productOfOthers(e, ctx.primal(init),
                                                    factors[j].nonzero,
                                                    factors[j].zeros)));
      return;
    default: {
      Value selected = e.cmp(arith::CmpFPredicate::OEQ, ctx.primal(init),
                             ctx.primal(op->getResult(j)));
      ctx.accumulate(init, e.selectOrZero(selected, g));
    }
    }
  }

  /// A reduction over the op's iteration space that recomputes output `j`'s
  /// term in each iteration and folds it into accumulators shaped like
  /// output `j` (starting from `inits`): `fold(builder, term, extras, accs)`
  /// gives their new values, where `extras` are the elements of more
  /// tensors shaped like output `j`.
  using TermFold = llvm::function_ref<SmallVector<Value>(
      OpBuilder &, Value, ValueRange, ValueRange)>;
  SmallVector<Value> reduceTerms(unsigned j, ValueRange extras,
                                 ValueRange inits, TermFold fold) {
    OpOperand &initOperand = op.getDpsInitsMutable()[j];
    AffineMap outMap = op.getMatchingIndexingMap(&initOperand);
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      inputs.push_back(ctx.primal(operand->get()));
      maps.push_back(op.getMatchingIndexingMap(operand));
    }
    unsigned numPrimalInputs = inputs.size();
    llvm::append_range(inputs, extras);
    maps.append(extras.size() + inits.size(), outMap);
    auto reduction = GenericOp::create(
        b, loc, ValueRange(inits).getTypes(), inputs, inits, maps,
        op.getIteratorTypesArray(), /*doc=*/"", /*libraryCall=*/"");
    SmallVector<Type> argTypes;
    for (Value v : reduction->getOperands())
      argTypes.push_back(getElementTypeOrSelf(v.getType()));
    OpBuilder::InsertionGuard guard(b);
    Block *block = b.createBlock(&reduction.getRegion(), {}, argTypes,
                                 SmallVector<Location>(argTypes.size(), loc));
    IRMapping mapping;
    for (auto [i, arg] : llvm::enumerate(op.getRegionInputArgs()))
      mapping.map(arg, block->getArgument(i));
    // The term does not read the accumulators.
    for (BlockArgument acc : op.getRegionOutputArgs())
      mapping.map(acc, block->getArguments().back());
    mapTermDependencies(mapping);
    for (Operation &inner : op.getBlock()->without_terminator())
      b.clone(inner, mapping);
    Value term = mapping.lookupOrDefault(forms[j].term);
    ValueRange args = block->getArguments();
    SmallVector<Value> next =
        fold(b, term, args.slice(numPrimalInputs, extras.size()),
             args.take_back(inits.size()));
    YieldOp::create(b, loc, next);
    return SmallVector<Value>(reduction.getResults());
  }

  /// For output `j` of a max/min reduction: how many of the combined terms
  /// (and the initial value) equal the result, per output element.
  Value countTies(unsigned j) {
    Value result = ctx.primal(op->getResult(j));
    Emitter e(ctx, loc);
    // The initial value counts when it is the result.
    Value initTies = e.selectOrZero(
        e.cmp(arith::CmpFPredicate::OEQ,
              ctx.primal(op.getDpsInitsMutable()[j].get()), result),
        e.constant(result, 1.0));
    return reduceTerms(
        j, result, initTies,
        [&](OpBuilder &nb, Value term, ValueRange extras, ValueRange accs) {
          Type type = term.getType();
          Value tie = arith::CmpFOp::create(nb, loc, arith::CmpFPredicate::OEQ,
                                            term, extras[0]);
          Value one = arith::ConstantOp::create(nb, loc, type,
                                                nb.getFloatAttr(type, 1.0));
          Value zero = arith::ConstantOp::create(nb, loc, type,
                                                 nb.getFloatAttr(type, 0.0));
          return SmallVector<Value>{arith::AddFOp::create(
              nb, loc, accs[0],
              arith::SelectOp::create(nb, loc, tie, one, zero))};
        })[0];
  }

  /// For output `j` of a product: the product of its nonzero factors (the
  /// initial value included) and how many are zero, per output element. The
  /// derivative with respect to one factor is the product of the others,
  /// exactly, zeros included (productOfOthers), never out / t.
  struct ProductFactors {
    Value nonzero, zeros;
  };
  ProductFactors productFactors(unsigned j) {
    Value init = ctx.primal(op.getDpsInitsMutable()[j].get());
    Emitter e(ctx, loc);
    Value isZero = e.cmp(arith::CmpFPredicate::OEQ, init, e.constant(init, 0));
    Value one = e.constant(init, 1.0);
    Value nonzero0 =
        e.create<arith::SelectOp>(isZero, one, init);
    Value zeros0 = e.selectOrZero(isZero, one);
    SmallVector<Value> results = reduceTerms(
        j, {}, {nonzero0, zeros0},
        [&](OpBuilder &nb, Value term, ValueRange, ValueRange accs) {
          Type type = term.getType();
          Value zero = arith::ConstantOp::create(nb, loc, type,
                                                 nb.getFloatAttr(type, 0.0));
          Value unit = arith::ConstantOp::create(nb, loc, type,
                                                 nb.getFloatAttr(type, 1.0));
          Value termIsZero = arith::CmpFOp::create(
              nb, loc, arith::CmpFPredicate::OEQ, term, zero);
          return SmallVector<Value>{
              arith::MulFOp::create(
                  nb, loc, accs[0],
                  arith::SelectOp::create(nb, loc, termIsZero, unit, term)),
              arith::AddFOp::create(
                  nb, loc, accs[1],
                  arith::SelectOp::create(nb, loc, termIsZero, unit, zero))};
        });
    return {results[0], results[1]};
  }

  /// The product of the factors other than `factor` (scalars or tensors):
  /// nonzero / factor without zeros; with one zero, the product of the
  /// nonzero ones for the zero factor and 0 for the others; with more, 0.
  static Value productOfOthers(Emitter &e, Value factor, Value nonzero,
                               Value zeros) {
    Value isZero =
        e.cmp(arith::CmpFPredicate::OEQ, factor, e.constant(factor, 0.0));
    Value noZeros =
        e.cmp(arith::CmpFPredicate::OEQ, zeros, e.constant(zeros, 0.0));
    Value oneZero =
        e.cmp(arith::CmpFPredicate::OEQ, zeros, e.constant(zeros, 1.0));
    Value onlyThis = e.create<arith::AndIOp>(oneZero, isZero);
    return e.create<arith::SelectOp>(
        noZeros, e.div(nonzero, factor), e.selectOrZero(onlyThis, nonzero));
  }

  /// Maps the values a copy of the primal body captures from above to their
  /// primal values at the reverse sweep's insertion point.
  void mapTermDependencies(IRMapping &mapping) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegion(0), captured);
    for (Value v : captured)
      mapping.map(v, ctx.primal(v));
  }

  /// What the recomputed body sees of output `j`: the primal init where the
  /// body reads it (no reduction), the adjoint seed (null: none), and for
  /// max/min the primal result, for a product its nonzero factors' product
  /// and count of zeros.
  struct OutputValues {
    Value init, seed, result, nonzero, zeros;
  };

  /// The per-output values of the body (the seeds, and what the seeds need)
  /// as tensors, for an op over the primal iteration space.
  SmallVector<OutputValues> outputTensors() {
    SmallVector<OutputValues> values(forms.size());
    for (auto [j, init] : llvm::enumerate(op.getDpsInitsMutable())) {
      if (forms[j].combiner == Combiner::None &&
          !op.getMatchingBlockArgument(&init).use_empty())
        values[j].init = ctx.primal(init.get());
      if (!adjoints[j])
        continue;
      values[j].seed = adjoints[j];
      if (forms[j].combiner == Combiner::Max ||
          forms[j].combiner == Combiner::Min)
        values[j].result = ctx.primal(op->getResult(j));
      if (forms[j].combiner == Combiner::Product) {
        values[j].nonzero = factors[j].nonzero;
        values[j].zeros = factors[j].zeros;
      }
    }
    return values;
  }

  /// The operands of the op as an adjoint op over the free dimensions of
  /// `r` sees them: the primal inputs and the outputTensors(), restricted.
  struct View {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> inputMaps;
    SmallVector<OutputValues> outputs;
    SmallVector<AffineMap> outputMaps;
  };
  FailureOr<View> viewUnder(const Restriction &r) {
    View view;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      FailureOr<RestrictedOperand> input =
          restrictOperand(b, loc, ctx.primal(operand->get()),
                          op.getMatchingIndexingMap(operand), r);
      if (failed(input))
        return op.emitError()
               << "cannot differentiate this op: the indexing map of input #"
               << operand->getOperandNumber()
               << " is not a strided slice when the other loops are fixed";
      view.inputs.push_back(input->slice);
      view.inputMaps.push_back(input->map);
    }
    view.outputs = outputTensors();
    for (auto [j, values] : llvm::enumerate(view.outputs)) {
      AffineMap map = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[j]);
      for (Value *field : {&values.init, &values.seed, &values.result,
                           &values.nonzero, &values.zeros})
        if (*field)
          *field = restrictOperand(b, loc, *field, map, r)->slice;
      view.outputMaps.push_back(
          restrictOperand(b, loc, Value(), map, r)->map);
    }
    return view;
  }

  /// The loop dimensions with their sizes, none fixed.
  Restriction fullSpace() {
    return Restriction::of(SmallVector<Value>(op.getNumLoops()),
                           SmallVector<OpFoldResult>(op.getNumLoops()));
  }

  /// Builds the linalg.generic computing the adjoint contribution to `target`
  /// and adds it to the target's adjoint.
  LogicalResult buildFor(const Target &target) {
    if (!target.map.isProjectedPermutation())
      return buildStrided(target);
    Restriction full = fullSpace();
    FailureOr<View> view = viewUnder(full);
    if (failed(view))
      return failure();
    bool scalar = !isa<ShapedType>(target.value.getType());
    FailureOr<Value> result = buildAdjointOp(
        *view, full, target, target.map, ctx.adjoint(target.value),
        scalar ? Value() : ctx.primal(target.value));
    if (failed(result))
      return failure();
    if (scalar)
      ctx.accumulate(target.value, *result);
    else
      ctx.setAdjoint(target.value, *result);
    return success();
  }

  /// The adjoint of an operand indexed by sums of loop dimensions (a
  /// convolution's data, s * oh + d * kh): for each index, the dimension
  /// that also indexes the outputs stays a dimension of the adjoint op and
  /// the others (kernel offsets) become loops around it. Each iteration adds
  /// the adjoint op's result into a strided slice of the operand's adjoint,
  /// so nothing larger than the operand is materialized, whatever the
  /// strides and dilations.
  LogicalResult buildStrided(const Target &target) {
    unsigned numLoops = op.getNumLoops();
    llvm::SmallDenseSet<unsigned> outputDims;
    for (OpOperand &init : op.getDpsInitsMutable())
      for (AffineExpr expr : op.getMatchingIndexingMap(&init).getResults())
        if (auto dim = dyn_cast<AffineDimExpr>(expr))
          outputDims.insert(dim.getPosition());
    SmallVector<bool> loopOver(numLoops, false);
    for (AffineExpr expr : target.map.getResults()) {
      std::optional<SmallVector<unsigned>> dims = linearDims(expr, numLoops);
      if (!dims)
        return op.emitError() << "cannot differentiate this op: the indexing "
                                 "map of an operand is not linear";
      if (dims->size() < 2)
        continue;
      auto *kept = llvm::find_if(
          *dims, [&](unsigned d) { return outputDims.contains(d); });
      if (kept == dims->end())
        kept = dims->begin();
      for (unsigned d : *dims)
        if (d != *kept)
          loopOver[d] = true;
    }

    SmallVector<Range> ranges = op.createLoopRanges(b, loc);
    SmallVector<OpFoldResult> sizes;
    for (Range range : ranges)
      sizes.push_back(range.size);
    Value adjoint = ctx.adjointOrZero(target.value);
    SmallVector<Value> fixed(numLoops);
    SmallVector<scf::ForOp> loops;
    OpBuilder::InsertionGuard guard(b);
    for (unsigned d = 0; d < numLoops; ++d) {
      if (!loopOver[d])
        continue;
      auto loop = scf::ForOp::create(
          b, loc, getValueOrCreateConstantIndexOp(b, loc, ranges[d].offset),
          getValueOrCreateConstantIndexOp(b, loc, ranges[d].size),
          getValueOrCreateConstantIndexOp(b, loc, ranges[d].stride),
          ValueRange{adjoint});
      Block *body = loop.getBody();
      if (body->mightHaveTerminator())
        body->getTerminator()->erase();
      b.setInsertionPointToEnd(body);
      fixed[d] = loop.getInductionVar();
      adjoint = loop.getRegionIterArgs()[0];
      loops.push_back(loop);
    }
    Restriction r = Restriction::of(fixed, sizes);
    FailureOr<RestrictedOperand> slice =
        restrictOperand(b, loc, adjoint, target.map, r);
    if (failed(slice) || !slice->map.isProjectedPermutation())
      return op.emitError() << "cannot differentiate this op: an operand's "
                               "indexing map is not a strided slice when "
                               "its other loops are fixed";
    FailureOr<View> view = viewUnder(r);
    if (failed(view))
      return failure();
    FailureOr<Value> sum = buildAdjointOp(*view, r, target, slice->map,
                                          slice->slice, slice->slice);
    if (failed(sum))
      return failure();
    Value updated = tensor::InsertSliceOp::create(
        b, loc, *sum, adjoint, slice->offsets, slice->sizes, slice->strides);
    scf::YieldOp::create(b, loc, updated);
    for (unsigned k = loops.size() - 1; k > 0; --k) {
      b.setInsertionPointToEnd(loops[k - 1].getBody());
      scf::YieldOp::create(b, loc, loops[k].getResult(0));
    }
    ctx.setAdjoint(target.value, loops.front().getResult(0));
    return success();
  }

  /// A linalg.generic over the free dimensions of `r` computing `current`
  /// (the target's adjoint so far, null for zero) plus the contribution of
  /// the op to the target, indexed by `targetMap`; `like` has the target's
  /// shape (null for a scalar target, whose contribution is returned).
  FailureOr<Value> buildAdjointOp(const View &view, const Restriction &r,
                                  const Target &target, AffineMap targetMap,
                                  Value current, Value like) {
    unsigned numLoops = r.numFree;
    bool scalar = !like;

    // Operands of the adjoint op: the inputs, then for each output the
    // values of outputTensors(), read at the output's indices.
    SmallVector<Value> inputs(view.inputs);
    SmallVector<AffineMap> maps(view.inputMaps);
    // Where each output's values are among the operands (-1: absent).
    SmallVector<std::array<int, 5>> positions;
    for (auto [values, map] : llvm::zip(view.outputs, view.outputMaps)) {
      std::array<int, 5> &at = positions.emplace_back();
      Value fields[] = {values.init, values.seed, values.result,
                        values.nonzero, values.zeros};
      for (auto [k, v] : llvm::enumerate(fields)) {
        at[k] = v ? (int)inputs.size() : -1;
        if (v) {
          inputs.push_back(v);
          maps.push_back(map);
        }
      }
    }

    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::reduction);
    for (AffineExpr expr : targetMap.getResults())
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
      init = current ? current : ctx.zerosLike(target.value);
    } else {
      if (current) {
        accIndex = inputs.size();
        inputs.push_back(current);
        maps.push_back(targetMap);
      }
      init = tensor::EmptyOp::create(b, loc, tensor::getMixedSizes(b, loc, like),
                                     elementType);
    }
    if (scalar || reduces)
      accIndex = inputs.size(); // the output's block argument
    maps.push_back(targetMap);

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
      ValueRange args = block->getArguments();
      SmallVector<OutputValues> elements(view.outputs.size());
      for (auto [values, at] : llvm::zip(elements, positions)) {
        Value *fields[] = {&values.init, &values.seed, &values.result,
                           &values.nonzero, &values.zeros};
        for (auto [field, index] : llvm::zip(fields, at))
          if (index >= 0)
            *field = args[index];
      }
      Value wrt = target.bodyValue ? target.bodyValue : target.value;
      IRMapping mapping;
      if (failed(differentiateBody(
              b, args.take_front(op.getNumDpsInputs()), elements, wrt, r,
              mapping, [&](ArrayRef<Value> derivatives) {
                Value result = derivatives[0];
                if (accIndex >= 0)
                  result = result ? arith::AddFOp::create(b, loc, args[accIndex],
                                                          result)
                                        .getResult()
                                  : args[accIndex];
                if (!result)
                  result = arith::ConstantOp::create(
                      b, loc, elementType, b.getFloatAttr(elementType, 0.0));
                return YieldOp::create(b, loc, result).getOperation();
              })))
        return failure();
    }
    Value result = adjointOp.getResult(0);
    if (scalar)
      result = tensor::ExtractOp::create(b, loc, result, ValueRange{});
    return result;
  }

  /// The adjoint of a tensor the body reads (gathers from) at computed
  /// indices with tensor.extract: a scatter-add. A loop nest over the
  /// iteration space recomputes the body at each point, differentiates it
  /// with respect to each element read, and adds that into the element of
  /// the adjoint at the same indices, so repeated indices accumulate.
  LogicalResult buildGather(Value gathered) {
    SmallVector<tensor::ExtractOp> reads;
    WalkResult walk = op->getRegion(0).walk([&](Operation *user) {
      for (Value operand : user->getOperands()) {
        if (operand != gathered)
          continue;
        if (auto read = dyn_cast<tensor::ExtractOp>(user))
          reads.push_back(read);
        else if (!isa<tensor::DimOp>(user))
          return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return op.emitError() << "cannot differentiate a linalg op whose body "
                               "uses a tensor from outside other than by "
                               "tensor.extract and tensor.dim";
    SmallVector<Value> reached;
    for (tensor::ExtractOp read : reads)
      reached.push_back(read.getResult());

    SmallVector<Range> ranges = op.createLoopRanges(b, loc);
    // One iteration when the op has no loops.
    if (ranges.empty())
      ranges.push_back(
          {b.getIndexAttr(0), b.getIndexAttr(1), b.getIndexAttr(1)});
    SmallVector<scf::ForOp> loops;
    SmallVector<Value> ivs;
    Value carried = ctx.adjointOrZero(gathered);
    OpBuilder::InsertionGuard guard(b);
    for (Range range : ranges) {
      auto loop = scf::ForOp::create(
          b, loc, getValueOrCreateConstantIndexOp(b, loc, range.offset),
          getValueOrCreateConstantIndexOp(b, loc, range.size),
          getValueOrCreateConstantIndexOp(b, loc, range.stride),
          ValueRange{carried});
      Block *body = loop.getBody();
      if (body->mightHaveTerminator())
        body->getTerminator()->erase();
      b.setInsertionPointToEnd(body);
      ivs.push_back(loop.getInductionVar());
      carried = loop.getRegionIterArgs()[0];
      loops.push_back(loop);
    }
    ivs.resize(op.getNumLoops());

    // The elements of the operands at this point of the iteration space.
    auto element = [&](Value tensor, AffineMap map) -> Value {
      if (!isa<ShapedType>(tensor.getType()))
        return tensor;
      SmallVector<Value> indices;
      for (AffineExpr expr : map.getResults())
        indices.push_back(
            isa<AffineDimExpr>(expr)
                ? ivs[cast<AffineDimExpr>(expr).getPosition()]
                : affine::AffineApplyOp::create(
                      b, loc, AffineMap::get(ivs.size(), 0, expr), ivs)
                      .getResult());
      return tensor::ExtractOp::create(b, loc, tensor, indices);
    };
    SmallVector<Value> inputs;
    for (OpOperand *operand : op.getDpsInputOperands())
      inputs.push_back(element(ctx.primal(operand->get()),
                               op.getMatchingIndexingMap(operand)));
    SmallVector<OutputValues> outputs = outputTensors();
    for (auto [j, values] : llvm::enumerate(outputs)) {
      AffineMap map = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[j]);
      for (Value *field : {&values.init, &values.seed, &values.result,
                           &values.nonzero, &values.zeros})
        if (*field)
          *field = element(*field, map);
    }
    IRMapping mapping;
    SmallVector<OpFoldResult> sizes;
    for (Range range : ranges)
      sizes.push_back(range.size);
    sizes.resize(op.getNumLoops());
    if (failed(differentiateBody(
            b, inputs, outputs, reached, Restriction::of(ivs, sizes), mapping,
            [&](ArrayRef<Value> derivatives) {
              Value adjoint = carried;
              for (auto [read, derivative] : llvm::zip(reads, derivatives)) {
                if (!derivative)
                  continue;
                SmallVector<Value> indices;
                for (Value index : read.getIndices())
                  indices.push_back(mapping.lookupOrDefault(index));
                Value sum = arith::AddFOp::create(
                    b, loc, tensor::ExtractOp::create(b, loc, adjoint, indices),
                    derivative);
                adjoint =
                    tensor::InsertOp::create(b, loc, sum, adjoint, indices);
              }
              return scf::YieldOp::create(b, loc, adjoint).getOperation();
            })))
      return failure();
    for (unsigned k = loops.size() - 1; k > 0; --k) {
      b.setInsertionPointToEnd(loops[k - 1].getBody());
      scf::YieldOp::create(b, loc, loops[k].getResult(0));
    }
    ctx.setAdjoint(gathered, loops.front().getResult(0));
    return success();
  }

  /// At nb's insertion point, in a block whose region the body's reverse
  /// may use: recomputes the primal body on `inputs` (one per input operand)
  /// and the outputs' values, and differentiates the outputs' terms, seeded,
  /// with respect to each of `wrt` (values of the primal body, or scalars
  /// captured from above). `ivs`, when not empty, stand for linalg.index (a
  /// loop nest rather than a linalg op runs the body). `finish` builds the
  /// block's terminator from the derivatives (null for zero); `mapping`
  /// maps the primal body to its copy.
  LogicalResult
  differentiateBody(OpBuilder &nb, ValueRange inputs,
                    ArrayRef<OutputValues> outputs, ArrayRef<Value> wrt,
                    const Restriction &r, IRMapping &mapping,
                    llvm::function_ref<Operation *(ArrayRef<Value>)> finish) {
    Block *block = nb.getInsertionBlock();
    for (auto [arg, input] : llvm::zip(op.getRegionInputArgs(), inputs))
      mapping.map(arg, input);
    for (auto [acc, values] : llvm::zip(op.getRegionOutputArgs(), outputs)) {
      // A reduction's accumulator only feeds the combining op, which the
      // adjoint does not need: any value of its type stands in.
      Value standIn = values.init ? values.init : values.seed;
      mapping.map(acc, standIn ? standIn
                               : arith::ConstantOp::create(
                                     nb, loc, acc.getType(),
                                     nb.getZeroAttr(acc.getType()))
                                     .getResult());
    }
    mapTermDependencies(mapping);
    // linalg.index: the value of a fixed dimension, or the position of a
    // free one in the adjoint op.
    auto indexValue = [&](OpBuilder &at, IndexOp index) -> Value {
      unsigned d = index.getDim();
      if (r.fixed[d])
        return r.fixed[d];
      return IndexOp::create(at, index.getLoc(), r.position[d]);
    };
    for (Operation &inner : op.getBlock()->without_terminator()) {
      auto index = dyn_cast<IndexOp>(inner);
      if (index && !r.isIdentity())
        mapping.map(index.getResult(), indexValue(nb, index));
      else
        nb.clone(inner, mapping);
    }
    if (!r.isIdentity()) {
      // linalg.index in nested regions of the body.
      SmallVector<IndexOp> indices;
      for (Operation &inner : *block)
        inner.walk([&](IndexOp index) { indices.push_back(index); });
      for (IndexOp index : indices) {
        OpBuilder at(index);
        index.replaceAllUsesWith(indexValue(at, index));
        index.erase();
      }
    }

    SmallVector<Value> terms, seeds;
    for (auto [j, values] : llvm::enumerate(outputs)) {
      if (!values.seed)
        continue;
      Value term = mapping.lookupOrDefault(forms[j].term);
      Value seed = values.seed;
      Emitter e(ctx, loc);
      switch (forms[j].combiner) {
      case Combiner::Max:
      case Combiner::Min:
        // Only the terms equal to the result.
        seed = e.selectOrZero(
            e.cmp(arith::CmpFPredicate::OEQ, term, values.result), seed);
        break;
      case Combiner::Product:
        seed = e.mul(seed, productOfOthers(e, term, values.nonzero,
                                           values.zeros));
        break;
      case Combiner::Sum:
        if (forms[j].negated)
          seed = e.neg(seed);
        break;
      case Combiner::None:
        break;
      }
      terms.push_back(term);
      seeds.push_back(seed);
    }

    SmallVector<Value> targets;
    for (Value v : wrt)
      targets.push_back(mapping.lookupOrDefault(v));
    Region &region = *block->getParent();
    ActivityAnalysis activity(
        region, targets, terms,
        llvm::any_of(op->getResults(), [&](Value r) {
          return ctx.mayHaveMaskedAdjoint(r);
        }));
    AdjointBuilder inner(region, activity, ctx.pullbacks(),
                         AdjointBuilder::Recompute::AllPure);
    inner.builder().setInsertionPointToEnd(block);
    inner.enterBlock(*block);
    for (auto [term, seed] : llvm::zip(terms, seeds))
      inner.accumulate(term, seed);
    if (failed(inner.reverseBlock(*block)))
      return failure();
    SmallVector<Value> derivatives;
    for (Value target : targets)
      derivatives.push_back(inner.adjoint(target));
    inner.exitBlock();
    nb.setInsertionPointToEnd(block);
    // Region ops of the body (scf.if, scf.for) may save values on a tape of
    // the body's own, freed before the terminator.
    inner.finalizeTape(finish(derivatives));
    return success();
  }

  LinalgOp op;
  AdjointBuilder &ctx;
  OpBuilder &b;
  Location loc;
  Value skip;
  SmallVector<OutputForm> forms;
  SmallVector<Value> adjoints;
  /// For each product output.
  SmallVector<ProductFactors> factors;
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

//===----------------------------------------------------------------------===//
// Reductions without a closed form
//===----------------------------------------------------------------------===//

/// Rewrites `op`, whose reduction has no closed form (the accumulator enters
/// non-linearly, as in acc * a + (1 - a) * x), as loops over its reduction
/// dimensions, in order, around a linalg.generic over its parallel
/// dimensions: one reduction step per iteration, the accumulators carried
/// by the loops. Differentiating the loops reverses the reduction with its
/// intermediate accumulators on the tape.
static LogicalResult rewriteReductionAsLoops(GenericOp op,
                                             RewriterBase &rewriter) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<bool> reduced(numLoops, false);
  for (unsigned d = 0; d < numLoops; ++d) {
    unsigned users = llvm::count_if(op.getDpsInitsMutable(), [&](OpOperand &init) {
      return op.getMatchingIndexingMap(&init).isFunctionOfDim(d);
    });
    if (users != 0 && users != op.getNumDpsInits())
      return op.emitError()
             << "cannot differentiate this reduction: loop dimension " << d
             << " indexes some of its outputs and not others";
    reduced[d] = users == 0;
  }
  FailureOr<SmallVector<Value>> results = loopOverDims(rewriter, op, reduced);
  if (failed(results))
    return op.emitError() << "cannot differentiate this reduction: an input's "
                             "indexing map is not a strided slice when its "
                             "reduction loops are fixed";
  rewriter.replaceOp(op, *results);
  return success();
}

/// The external model for every structured op Rewind differentiates.
template <typename OpT>
struct LinalgRule
    : public ReverseModeOpInterface::ExternalModel<LinalgRule<OpT>, OpT> {
  /// Named ops other than contractions become linalg.generic, so one rule
  /// covers them all.
  /// A reduction without a closed form becomes loops
  /// (rewriteReductionAsLoops).
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    if (isa<MatmulOp, MatvecOp, VecmatOp>(op) ||
        !cast<LinalgOp>(op).hasPureTensorSemantics())
      return success();
    auto generic = dyn_cast<GenericOp>(op);
    if (!generic) {
      FailureOr<GenericOp> generalized =
          generalizeNamedOp(rewriter, cast<LinalgOp>(op));
      if (failed(generalized))
        return op->emitError("cannot generalize this op to linalg.generic "
                             "for differentiation");
      generic = *generalized;
    }
    bool closedForm = llvm::all_of(
        llvm::seq(generic.getNumDpsInits()),
        [&](unsigned j) { return classifyOutput(generic, j).has_value(); });
    if (closedForm)
      return success();
    return rewriteReductionAsLoops(generic, rewriter);
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

  /// A body that selects (max pooling, a max reduction, a select) masks.
  bool masksAdjoint(Operation *op) const {
    bool masks = false;
    for (Region &region : op->getRegions())
      region.walk([&](ReverseModeOpInterface inner) {
        masks |= inner.masksAdjoint();
      });
    return masks;
  }
};

//===----------------------------------------------------------------------===//
// Forward mode
//===----------------------------------------------------------------------===//

/// matmul, matvec, vecmat (out = init + A B, bilinear): the tangent is
/// tinit + tA B + A tB, the same op twice, accumulating.
static LogicalResult bilinearTangent(LinalgOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Value lhs = op.getDpsInputs()[0], rhs = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  Value acc = ctx.tangentOrZero(init);
  // (Operands set by position: both inputs may be the same value.)
  auto product = [&](Value a, Value b) {
    Operation *copy = ctx.builder().clone(*op);
    copy->setOperands({a, b, acc});
    acc = copy->getResult(0);
  };
  if (Value tA = ctx.tangent(lhs))
    product(tA, ctx.primal(rhs));
  if (Value tB = ctx.tangent(rhs))
    product(ctx.primal(lhs), tB);
  ctx.setTangent(op->getResult(0), acc);
  return success();
}

/// The outputs of `op` that are max/min reductions of floating-point values
/// (their tangents are not carried through the reduction: see
/// selectedTangents).
static SmallVector<unsigned> selectingOutputs(GenericOp op) {
  SmallVector<unsigned> outputs;
  for (unsigned j = 0; j < op.getNumDpsInits(); ++j) {
    if (!tape::isDifferentiableType(op.getDpsInits()[j].getType()))
      continue;
    std::optional<OutputForm> form = classifyOutput(op, j);
    if (form && (form->combiner == Combiner::Max ||
                 form->combiner == Combiner::Min))
      outputs.push_back(j);
  }
  return outputs;
}

/// The tangents of the max/min reductions `outputs` of `op`, whose primal
/// results are `results`: the mean of the tangents of the terms (and of the
/// initial value) equal to the result, so ties share it evenly as in
/// reverse mode. One more generic over the op's loops sums the selected
/// terms' tangents and counts them: sums with a closed form, which reverse
/// mode (a Hessian) differentiates without a loop.
static LogicalResult selectedTangents(GenericOp op, TangentBuilder &ctx,
                                      ArrayRef<unsigned> outputs,
                                      ValueRange results,
                                      SmallVectorImpl<Value> &tangents) {
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  Emitter e(ctx, loc);
  SmallVector<Value> inputs, inits;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands()) {
    inputs.push_back(ctx.primal(input->get()));
    maps.push_back(op.getMatchingIndexingMap(input));
  }
  for (OpOperand *input : op.getDpsInputOperands())
    if (Value t = ctx.tangent(input->get())) {
      inputs.push_back(t);
      maps.push_back(op.getMatchingIndexingMap(input));
    }
  for (unsigned j : outputs) {
    inputs.push_back(results[j]);
    maps.push_back(op.getIndexingMapsArray()[op.getNumDpsInputs() + j]);
  }
  // The initial value is a candidate too.
  for (unsigned j : outputs) {
    Value init = op.getDpsInits()[j];
    Value selected = e.cmp(arith::CmpFPredicate::OEQ, ctx.primal(init),
                           results[j]);
    inits.push_back(e.selectOrZero(selected, ctx.tangentOrZero(init)));
    inits.push_back(e.selectOrZero(selected, e.constant(results[j], 1.0)));
  }
  for (unsigned j : outputs)
    maps.append(2, op.getIndexingMapsArray()[op.getNumDpsInputs() + j]);
  auto sums = GenericOp::create(b, loc, ValueRange(inits).getTypes(), inputs,
                                inits, maps, op.getIteratorTypesArray());
  SmallVector<Type> types;
  for (Value v : sums->getOperands())
    types.push_back(getElementTypeOrSelf(v.getType()));
  Block &body = *op.getBody();
  {
    OpBuilder::InsertionGuard guard(b);
    Block *block = b.createBlock(&sums.getRegion(), {}, types,
                                 SmallVector<Location>(types.size(), loc));
    unsigned numInputs = op.getNumDpsInputs(), next = numInputs;
    for (unsigned i = 0; i < numInputs; ++i) {
      ctx.mapPrimal(body.getArgument(i), block->getArgument(i));
      if (ctx.tangent(op.getDpsInputs()[i]))
        ctx.setTangent(body.getArgument(i), block->getArgument(next++));
    }
    unsigned resultsStart = next;
    // The accumulators do not matter: no term reads them, and the combining
    // ops that do are dead here (their tangents were the carried ones).
    for (BlockArgument acc : op.getRegionOutputArgs()) {
      Value zero = arith::ConstantOp::create(
          b, loc, cast<TypedAttr>(b.getZeroAttr(acc.getType())));
      ctx.mapPrimal(acc, zero);
      ctx.setTangent(acc, zero);
    }
    if (failed(ctx.differentiateBlock(body)))
      return failure();
    SmallVector<Value> yielded;
    for (auto [i, j] : llvm::enumerate(outputs)) {
      Value term = classifyOutput(op, j)->term;
      Value primal = ctx.primal(term), tangent = ctx.tangentOrZero(term);
      Value sum = block->getArgument(resultsStart + outputs.size() + 2 * i);
      Value count = block->getArgument(resultsStart + outputs.size() + 2 * i + 1);
      Value selected = e.cmp(arith::CmpFPredicate::OEQ, primal,
                             block->getArgument(resultsStart + i));
      yielded.push_back(e.add(sum, e.selectOrZero(selected, tangent)));
      yielded.push_back(
          e.add(count, e.selectOrZero(selected, e.constant(count, 1.0))));
    }
    YieldOp::create(b, loc, yielded);
  }
  for (unsigned i = 0; i < outputs.size(); ++i)
    tangents.push_back(
        e.div(sums->getResult(2 * i), sums->getResult(2 * i + 1)));
  return success();
}

/// A linalg.generic becomes one that computes each output together with its
/// tangent, over the same loops: inputs with tangents get a tangent input
/// indexed alike, each floating-point output a tangent output, and the body
/// its forward mode (a reduction's accumulator carries its tangent). The
/// tangents of max/min reductions come after (selectedTangents).
static LogicalResult genericTangent(GenericOp op, TangentBuilder &ctx) {
  SmallVector<unsigned> selecting = selectingOutputs(op);
  auto carried = [&](unsigned k) {
    return tape::isDifferentiableType(op.getDpsInits()[k].getType()) &&
           !llvm::is_contained(selecting, k);
  };
  // Without a carried tangent, the op is the primal one.
  bool anyCarried = llvm::any_of(llvm::seq(op.getNumDpsInits()), carried);
  auto tangentOf = [&](Value input) {
    return anyCarried ? ctx.tangent(input) : Value();
  };
  SmallVector<Value> inputs, outputs;
  SmallVector<AffineMap> inputMaps, outputMaps, tangentInputMaps,
      tangentOutputMaps;
  SmallVector<Value> tangentInputs, tangentOutputs;
  SmallVector<Type> resultTypes(op.getResultTypes());
  Block &body = *op.getBody();
  SmallVector<Type> argTypes, tangentArgTypes;
  for (OpOperand *input : op.getDpsInputOperands()) {
    inputs.push_back(ctx.primal(input->get()));
    inputMaps.push_back(op.getMatchingIndexingMap(input));
    argTypes.push_back(body.getArgument(input->getOperandNumber()).getType());
    if (Value t = tangentOf(input->get())) {
      tangentInputs.push_back(t);
      tangentInputMaps.push_back(op.getMatchingIndexingMap(input));
      tangentArgTypes.push_back(argTypes.back());
    }
  }
  SmallVector<Type> outputArgTypes, tangentOutputArgTypes;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    outputs.push_back(ctx.primal(init.get()));
    outputMaps.push_back(op.getMatchingIndexingMap(&init));
    outputArgTypes.push_back(body.getArgument(init.getOperandNumber()).getType());
    if (carried(init.getOperandNumber() - op.getNumDpsInputs())) {
      tangentOutputs.push_back(ctx.tangentOrZero(init.get()));
      tangentOutputMaps.push_back(op.getMatchingIndexingMap(&init));
      tangentOutputArgTypes.push_back(outputArgTypes.back());
      resultTypes.push_back(init.get().getType());
    }
  }
  llvm::append_range(inputs, tangentInputs);
  llvm::append_range(inputMaps, tangentInputMaps);
  llvm::append_range(outputs, tangentOutputs);
  SmallVector<AffineMap> maps(inputMaps);
  llvm::append_range(maps, outputMaps);
  llvm::append_range(maps, tangentOutputMaps);
  OpBuilder &b = ctx.builder();
  auto copy = GenericOp::create(b, op.getLoc(), resultTypes, inputs, outputs,
                                maps, op.getIteratorTypesArray());
  SmallVector<Type> types(argTypes);
  llvm::append_range(types, tangentArgTypes);
  llvm::append_range(types, outputArgTypes);
  llvm::append_range(types, tangentOutputArgTypes);
  Block *newBody = b.createBlock(&copy.getRegion(), {}, types,
                                 SmallVector<Location>(types.size(),
                                                       op.getLoc()));
  b.setInsertionPointAfter(copy);
  // Block arguments: inputs, their tangents, outputs, their tangents.
  unsigned numInputs = op.getNumDpsInputs();
  unsigned nextTangent = numInputs;
  for (unsigned i = 0; i < numInputs; ++i) {
    ctx.mapPrimal(body.getArgument(i), newBody->getArgument(i));
    if (tangentOf(op.getDpsInputs()[i]))
      ctx.setTangent(body.getArgument(i), newBody->getArgument(nextTangent++));
  }
  unsigned outputsStart = nextTangent;
  unsigned tangentOutput = outputsStart + op.getNumDpsInits();
  for (unsigned k = 0; k < op.getNumDpsInits(); ++k) {
    BlockArgument arg = body.getArgument(numInputs + k);
    ctx.mapPrimal(arg, newBody->getArgument(outputsStart + k));
    if (carried(k))
      ctx.setTangent(arg, newBody->getArgument(tangentOutput++));
  }
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(newBody);
    if (failed(ctx.differentiateBlock(body)))
      return failure();
    auto yield = cast<YieldOp>(body.getTerminator());
    SmallVector<Value> yielded;
    for (Value v : yield.getValues())
      yielded.push_back(ctx.primal(v));
    for (auto [k, v] : llvm::enumerate(yield.getValues()))
      if (carried(k))
        yielded.push_back(ctx.tangentOrZero(v));
    YieldOp::create(b, yield.getLoc(), yielded);
  }
  ValueRange primals = copy.getResults().take_front(op.getNumResults());
  SmallVector<Value> selected;
  if (!selecting.empty() &&
      failed(selectedTangents(op, ctx, selecting, primals, selected)))
    return failure();
  // Results, then a tangent per floating-point result, in order.
  SmallVector<Value> results(primals);
  auto next = copy.getResults().begin() + op.getNumResults();
  for (unsigned k = 0; k < op.getNumResults(); ++k) {
    if (carried(k))
      results.push_back(*next++);
    else if (const unsigned *at = llvm::find(selecting, k);
             at != selecting.end())
      results.push_back(selected[at - selecting.begin()]);
  }
  ctx.mapResults(op, results);
  return success();
}

/// The forward-mode model of every structured op: named ops other than the
/// contractions above were generalized when the function was prepared.
template <typename OpT>
struct LinalgTangentRule
    : public ForwardModeOpInterface::ExternalModel<LinalgTangentRule<OpT>,
                                                   OpT> {
  LogicalResult buildTangent(Operation *op, TangentBuilder &ctx) const {
    if (!cast<LinalgOp>(op).hasPureTensorSemantics())
      return op->emitError("forward mode differentiates linalg ops on "
                           "tensors only");
    if (isa<MatmulOp, MatvecOp, VecmatOp>(op))
      return bilinearTangent(cast<LinalgOp>(op), ctx);
    if (auto generic = dyn_cast<GenericOp>(op))
      return genericTangent(generic, ctx);
    return op->emitError("internal error: not generalized before forward "
                         "mode");
  }
};

template <typename... OpTs> static void attachLinalgRules(MLIRContext *context) {
  (OpTs::template attachInterface<LinalgRule<OpTs>, LinalgTangentRule<OpTs>>(
       *context),
   ...);
}

} // namespace

/// linalg.softmax decomposes into structured ops (max, sub, exp, sum,
/// div), which the structured rule differentiates.
static LogicalResult rewriteForReverse(SoftmaxOp softmax,
                                       RewriterBase &rewriter) {
  FailureOr<SmallVector<Value>> decomposed =
      softmax.decomposeOperation(rewriter);
  if (failed(decomposed))
    return softmax.emitError("cannot decompose linalg.softmax for "
                             "differentiation");
  rewriter.replaceOp(softmax, *decomposed);
  return success();
}

/// linalg.pack and linalg.unpack become the tensor ops they stand for
/// (pad, expand_shape, transpose and their inverses).
static LogicalResult rewriteForReverse(PackOp pack, RewriterBase &rewriter) {
  return rw::lowerRelayout(rewriter, pack);
}
static LogicalResult rewriteForReverse(UnPackOp unpack,
                                       RewriterBase &rewriter) {
  return rw::lowerRelayout(rewriter, unpack);
}

static constexpr llvm::StringLiteral kWinograd =
    "a step of the Winograd convolution algorithm, which a transformation "
    "introduces for inference: differentiate the convolution before it";
static constexpr llvm::StringLiteral kPooling =
    "max and min windows split the adjoint evenly between tied elements";
static constexpr OpCoverageNote kLinalgNotes[] = {
    {"linalg.generic", Coverage::Rule,
     "any body; inputs indexed by sums of loops (windows) get strided-slice "
     "adjoints, reads at computed indices scatter-add adjoints, reductions "
     "with no closed form are reversed with their intermediates saved"},
    {"linalg.reduce", Coverage::Rule,
     "sums, products (exact with zero factors), max/min (ties split "
     "evenly), any other body reversed step by step"},
    {"linalg.softmax", Coverage::Rule,
     "decomposed into max, sub, exp, sum, div"},
    {"linalg.pack", Coverage::Rule,
     "rewritten as tensor.pad, tensor.expand_shape and linalg.transpose"},
    {"linalg.unpack", Coverage::Rule,
     "rewritten as linalg.transpose, tensor.collapse_shape and "
     "tensor.extract_slice"},
    {"linalg.pooling_nchw_max", Coverage::Rule, kPooling},
    {"linalg.pooling_ncw_max", Coverage::Rule, kPooling},
    {"linalg.pooling_ndhwc_max", Coverage::Rule, kPooling},
    {"linalg.pooling_ndhwc_min", Coverage::Rule, kPooling},
    {"linalg.pooling_nhwc_max", Coverage::Rule, kPooling},
    {"linalg.pooling_nhwc_min", Coverage::Rule, kPooling},
    {"linalg.pooling_nwc_max", Coverage::Rule, kPooling},
    {"linalg.pooling_nwc_min", Coverage::Rule, kPooling},
    {"linalg.index", Coverage::NoDerivative, "a loop index"},
    {"linalg.yield", Coverage::PartOfParent, "terminator"},
    {"linalg.winograd_filter_transform", Coverage::Unsupported, kWinograd},
    {"linalg.winograd_input_transform", Coverage::Unsupported, kWinograd},
    {"linalg.winograd_output_transform", Coverage::Unsupported, kWinograd},
};

llvm::ArrayRef<OpCoverageNote> linalgCoverageNotes() { return kLinalgNotes; }

void registerLinalgRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, LinalgDialect *) {
    // Every structured op: named ones generalize to linalg.generic.
    attachLinalgRules<
#define GET_OP_LIST
#include "mlir/Dialect/Linalg/IR/LinalgStructuredOps.cpp.inc"
        >(context);
    attachRewriteRule<SoftmaxOp, rewriteForReverse>(context);
    attachRewriteRule<PackOp, rewriteForReverse>(context);
    attachRewriteRule<UnPackOp, rewriteForReverse>(context);
  });
}

} // namespace rw::ad
