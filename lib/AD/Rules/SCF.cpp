//===- SCF.cpp - Derivative rules for structured control flow -------------===//
//
// Part of the Rewind project.
//
// The reverse of a region op runs its regions' reverses in the opposite
// order. Adjoints of values defined above the op and used inside ("free"
// values) are carried through the reverse as loop-carried values or scf.if
// results. Primal values of the regions come from the tape (AdjointBuilder).
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/Pullback.h"
#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mlir::scf;

namespace rw::ad {

/// Number of iterations of `for (iv = lb; iv < ub; iv += step)` for a
/// positive step, exact for any bounds: the distance ub - lb is computed
/// unsigned, so it cannot overflow. Never divides by zero: a step that is
/// not positive counts as 1 (callers use the result only when the step is a
/// positive constant, or the range is empty).
static Value buildTripCount(OpBuilder &b, Location loc, Value lb, Value ub,
                            Value step, bool isUnsigned) {
  Type type = lb.getType();
  Value zero = arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  Value one = arith::ConstantOp::create(b, loc, type, b.getOneAttr(type));
  Value empty = arith::CmpIOp::create(
      b, loc, isUnsigned ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle,
      ub, lb);
  Value safeStep = step;
  if (!getConstantIntValue(step)) {
    Value positive = arith::CmpIOp::create(
        b, loc,
        isUnsigned ? arith::CmpIPredicate::ne : arith::CmpIPredicate::sgt,
        step, zero);
    safeStep = arith::SelectOp::create(b, loc, positive, step, one);
  }
  Value last = arith::SubIOp::create(
      b, loc, arith::SubIOp::create(b, loc, ub, lb), one);
  Value count = arith::AddIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, last, safeStep), one);
  return arith::SelectOp::create(b, loc, empty, zero, count);
}

/// buildTripCount as an index.
static Value buildIndexTripCount(OpBuilder &b, Location loc, Value lb,
                                 Value ub, Value step, bool isUnsigned) {
  Value count = buildTripCount(b, loc, lb, ub, step, isUnsigned);
  if (count.getType().isIndex())
    return count;
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), count);
}

/// Marks a loop whose last result counts its iterations (added by
/// prepareForReverse when the trip count cannot be computed in advance).
static constexpr llvm::StringLiteral kTripCountAttr = "rewind.counted";

/// Carries the adjoints of `free` values through a reverse region: on entry
/// each becomes the region's block argument, on exit their current adjoints
/// are what the region yields.
static void bindCarried(AdjointBuilder &ctx, ArrayRef<Value> free,
                        ValueRange blockArgs) {
  for (auto [v, arg] : llvm::zip(free, blockArgs))
    ctx.setAdjoint(v, arg);
}
static void appendAdjoints(AdjointBuilder &ctx, ArrayRef<Value> values,
                           SmallVectorImpl<Value> &out) {
  for (Value v : values)
    out.push_back(ctx.adjointOrZero(v));
}

//===----------------------------------------------------------------------===//
// scf.for
//===----------------------------------------------------------------------===//

/// True when the loop's trip count is given by buildTripCount: its step is a
/// (necessarily positive) constant.
static bool hasComputableTripCount(ForOp forOp) {
  return getConstantIntValue(forOp.getStep()).has_value();
}

/// The end of the segment of `span` iterations' worth of the induction
/// variable from `start`: start + span, or ub when fewer remain (start + span
/// may overflow past it).
static Value buildSegmentEnd(OpBuilder &b, Location loc, Value start,
                             Value span, Value ub, bool isUnsigned) {
  Value left = arith::SubIOp::create(b, loc, ub, start);
  Value full = arith::CmpIOp::create(
      b, loc, isUnsigned ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge,
      left, span);
  return arith::SelectOp::create(
      b, loc, full, arith::AddIOp::create(b, loc, start, span), ub);
}

/// How a loop of `count` iterations is cut: `segments` segments of
/// `perSegment` iterations (the last may be shorter), and the bounds of the
/// loop over segments. Built before the branch that uses them, so that the
/// tape of the segment loop can be sized in advance.
struct Segments {
  Value perSegment, segments, zero, one;
};
static Segments buildSegments(OpBuilder &b, Location loc, Value count,
                              Value snapshots) {
  Type type = count.getType();
  Segments result;
  result.zero = arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  result.one = arith::ConstantOp::create(b, loc, type, b.getOneAttr(type));
  result.perSegment = arith::MaxUIOp::create(
      b, loc, arith::CeilDivUIOp::create(b, loc, count, snapshots),
      result.one);
  result.segments =
      arith::CeilDivUIOp::create(b, loc, count, result.perSegment);
  return result;
}

/// Levels of segments a budget may split a loop into, below the first
/// (unless `tape.checkpoint_levels` says otherwise).
static constexpr int64_t kMaxLevelsBelow = 2;

/// The bytes of `values` (scalars and tensors, dynamic sizes read at run
/// time), as an index.
static Value buildBytes(OpBuilder &b, Location loc, ValueRange values) {
  Value total = arith::ConstantIndexOp::create(b, loc, 0);
  for (Value v : values) {
    auto tensor = dyn_cast<RankedTensorType>(v.getType());
    Type element = tensor ? tensor.getElementType() : v.getType();
    int64_t bytes = rw::runtime::elementBytes(element);
    Value size;
    if (tensor) {
      for (auto [i, extent] : llvm::enumerate(tensor.getShape())) {
        if (ShapedType::isDynamic(extent)) {
          Value dim = tensor::DimOp::create(b, loc, v, i);
          size = size ? arith::MulIOp::create(b, loc, size, dim) : dim;
        } else {
          bytes *= extent;
        }
      }
    }
    Value constant = arith::ConstantIndexOp::create(b, loc, bytes);
    total = arith::AddIOp::create(
        b, loc, total,
        size ? arith::MulIOp::create(b, loc, size, constant) : constant);
  }
  return total;
}

/// A function outlined from a loop for its segments: private, taking
/// `leading` arguments and then the values the loop's regions use from
/// above, returning `results`, with an entry block and no body yet.
/// Constants from above are cloned into it (a constant step keeps a loop's
/// trip count known) instead of passed; `mapping` maps the values from
/// above to their arguments or clones, and `captured` lists those passed.
struct Outlined {
  func::FuncOp fn;
  llvm::SetVector<Value> captured;
  IRMapping mapping;

  /// The step of `forOp`'s loop in the function: argument #2, or the loop's
  /// own step when it is a constant (its trip count can then be planned).
  Value stepOf(OpBuilder &b, ForOp forOp) {
    Value step = fn.getArgument(2);
    if (std::optional<int64_t> constant = getConstantIntValue(forOp.getStep()))
      step = arith::ConstantOp::create(
          b, forOp.getLoc(), step.getType(),
          b.getIntegerAttr(step.getType(), *constant));
    return step;
  }

  /// `forOp` over [lb, ub) from `inits`, in the function.
  ForOp cloneLoop(OpBuilder &b, ForOp forOp, Value lb, Value ub, Value step,
                  ValueRange inits) {
    auto loop = ForOp::create(b, forOp.getLoc(), lb, ub, step, inits, nullptr,
                              forOp.getUnsignedCmp());
    Block *body = loop.getBody();
    if (!body->empty())
      body->getTerminator()->erase();
    mapping.map(forOp.getBody()->getArguments(), body->getArguments());
    OpBuilder inBody = OpBuilder::atBlockEnd(body);
    for (Operation &op : *forOp.getBody())
      inBody.clone(op, mapping);
    return loop;
  }
};
static Outlined outlineSegment(Operation *loop, StringRef name,
                               TypeRange leading, TypeRange results) {
  Location loc = loop->getLoc();
  auto module = loop->getParentOfType<ModuleOp>();
  Outlined outlined;
  SmallVector<Operation *> constants;
  getUsedValuesDefinedAbove(loop->getRegions(), outlined.captured);
  outlined.captured.remove_if([&](Value v) {
    Operation *def = v.getDefiningOp();
    if (!def || !def->hasTrait<OpTrait::ConstantLike>())
      return false;
    constants.push_back(def);
    return true;
  });
  SmallVector<Type> inputs(leading);
  for (Value v : outlined.captured)
    inputs.push_back(v.getType());
  OpBuilder moduleBuilder = OpBuilder::atBlockEnd(module.getBody());
  outlined.fn = func::FuncOp::create(
      moduleBuilder, loc, name, moduleBuilder.getFunctionType(inputs, results));
  outlined.fn.setPrivate();
  SymbolTable(module).insert(outlined.fn);
  Block *entry = outlined.fn.addEntryBlock();
  for (auto [v, arg] : llvm::zip(outlined.captured,
                                 entry->getArguments().drop_front(
                                     leading.size())))
    outlined.mapping.map(v, arg);
  OpBuilder b = OpBuilder::atBlockEnd(entry);
  for (Operation *constant : constants)
    b.clone(*constant, outlined.mapping);
  return outlined;
}

/// Checkpointing: the loop runs as `cut.segments` segments of
/// `cut.perSegment` iterations, each a call of a function holding the
/// original loop over its iterations. The reverse of a call recomputes the
/// callee's forward sweep, so the forward sweep saves only the loop-carried
/// values at each segment's start (c snapshots), and the reverse of each
/// segment tapes only its own k iterations: the tape holds c snapshots and
/// one segment instead of n iterations, for one more forward run of the
/// loop (counted by tape.recomputed in the segment's pullback). With a
/// `budget`, the loop inside the segment function is planned in turn
/// (`levelsBelow` more times).
static void checkpointLoop(ForOp forOp, const Segments &cut,
                           RewriterBase &rewriter, int64_t budget = 0,
                           int64_t levelsBelow = 0) {
  Location loc = forOp.getLoc();
  Type ivType = forOp.getInductionVar().getType();
  bool isUnsigned = forOp.getUnsignedCmp();

  // @__rewind_segment(lb, ub, step, carried..., captured...) -> carried...
  SmallVector<Type> leading{ivType, ivType, ivType};
  llvm::append_range(leading, forOp.getInitArgs().getTypes());
  Outlined segment =
      outlineSegment(forOp, "__rewind_segment", leading, forOp.getResultTypes());
  {
    Block *entry = &segment.fn.getBody().front();
    OpBuilder b = OpBuilder::atBlockEnd(entry);
    Value lb = entry->getArgument(0), ub = entry->getArgument(1),
          step = segment.stepOf(b, forOp);
    tape::RecomputedOp::create(
        b, loc, buildIndexTripCount(b, loc, lb, ub, step, isUnsigned));
    ForOp inner = segment.cloneLoop(
        b, forOp, lb, ub, step,
        entry->getArguments().slice(3, forOp.getNumRegionIterArgs()));
    if (budget) {
      inner->setAttr(tape::TapeDialect::kBudget, b.getI64IntegerAttr(budget));
      inner->setAttr(tape::TapeDialect::kCheckpointLevels,
                     b.getI64IntegerAttr(levelsBelow));
    }
    func::ReturnOp::create(b, loc, inner.getResults());
  }
  llvm::SetVector<Value> &captured = segment.captured;

  rewriter.setInsertionPoint(forOp);
  Value lb = forOp.getLowerBound(), ub = forOp.getUpperBound(),
        step = forOp.getStep();
  Value span = arith::MulIOp::create(rewriter, loc, cut.perSegment, step);
  auto outer = ForOp::create(
      rewriter, loc, cut.zero, cut.segments, cut.one, forOp.getInitArgs(),
      [&](OpBuilder &b, Location loc, Value j, ValueRange carried) {
        Value start = arith::AddIOp::create(
            b, loc, lb, arith::MulIOp::create(b, loc, j, span));
        SmallVector<Value> operands{
            start, buildSegmentEnd(b, loc, start, span, ub, isUnsigned), step};
        llvm::append_range(operands, carried);
        llvm::append_range(operands, captured);
        auto call = func::CallOp::create(b, loc, segment.fn, operands);
        scf::YieldOp::create(b, loc, call.getResults());
      });
  rewriter.replaceOp(forOp, outer.getResults());
}

/// Binomial checkpointing (`tape.binomial = c` on an scf.for): the loop
/// becomes a call of a recursive function reversing iterations [lb, ub)
/// with c snapshots: with c >= 2 and more than one iteration, it runs the
/// first m (tape.binomial_split) and the rest with one snapshot less, each
/// by a call of itself; otherwise the plain loop. The reverse of a call
/// recomputes the callee from its arguments, so the state after the first
/// m iterations is the one value saved at each level, at most c - 1 of them
/// at once beside the loop's initial state, and the iterations recomputed
/// are the fewest c snapshots allow (Griewank's revolve schedule; each
/// segment pullback counts its iterations with tape.recomputed). Levels of
/// one snapshot tape their few iterations (at most r + 1, r the
/// repetitions) instead of recomputing each from the snapshot.
static void binomialLoop(ForOp forOp, int64_t snapshots,
                         RewriterBase &rewriter) {
  Location loc = forOp.getLoc();
  Type ivType = forOp.getInductionVar().getType();
  Type index = rewriter.getIndexType();
  bool isUnsigned = forOp.getUnsignedCmp();
  unsigned numCarried = forOp.getNumRegionIterArgs();

  // @__rewind_binomial(lb, ub, step, c, carried..., captured...) -> carried...
  SmallVector<Type> leading{ivType, ivType, ivType, index};
  llvm::append_range(leading, forOp.getInitArgs().getTypes());
  Outlined revolve = outlineSegment(forOp, "__rewind_binomial", leading,
                                    forOp.getResultTypes());
  {
    Block *entry = &revolve.fn.getBody().front();
    OpBuilder b = OpBuilder::atBlockEnd(entry);
    Value lb = entry->getArgument(0), ub = entry->getArgument(1),
          step = revolve.stepOf(b, forOp), c = entry->getArgument(3);
    ValueRange carried = entry->getArguments().slice(4, numCarried);
    Value n = buildIndexTripCount(b, loc, lb, ub, step, isUnsigned);
    revolve.fn->setAttr(kBinomialFunction, b.getUnitAttr());
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value plain = arith::OrIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, n, one),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, c, one));
    auto branch = IfOp::create(
        b, loc, plain,
        [&](OpBuilder &b, Location loc) {
          tape::RecomputedOp::create(b, loc, n);
          ForOp inner = revolve.cloneLoop(b, forOp, lb, ub, step, carried);
          YieldOp::create(b, loc, inner.getResults());
        },
        [&](OpBuilder &b, Location loc) {
          Value first = tape::BinomialSplitOp::create(b, loc, index, n, c);
          tape::RecomputedOp::create(b, loc, first);
          if (!ivType.isIndex())
            first = arith::IndexCastUIOp::create(b, loc, ivType, first);
          Value middle = arith::AddIOp::create(
              b, loc, lb, arith::MulIOp::create(b, loc, first, step));
          auto call = [&](Value from, Value to, Value snapshots,
                          ValueRange state) {
            SmallVector<Value> operands{from, to, step, snapshots};
            llvm::append_range(operands, state);
            llvm::append_range(
                operands, entry->getArguments().drop_front(4 + numCarried));
            return func::CallOp::create(b, loc, revolve.fn, operands);
          };
          ValueRange head = call(lb, middle, c, carried).getResults();
          auto tail =
              call(middle, ub, arith::SubIOp::create(b, loc, c, one), head);
          tail->setAttr(kBinomialTail, b.getUnitAttr());
          YieldOp::create(b, loc, tail.getResults());
        });
    func::ReturnOp::create(b, loc, branch.getResults());
  }

  rewriter.setInsertionPoint(forOp);
  SmallVector<Value> operands{
      forOp.getLowerBound(), forOp.getUpperBound(), forOp.getStep(),
      arith::ConstantIndexOp::create(rewriter, loc, snapshots)};
  llvm::append_range(operands, forOp.getInitArgs());
  llvm::append_range(operands, revolve.captured);
  rewriter.replaceOp(forOp,
                     func::CallOp::create(rewriter, loc, revolve.fn, operands));
}

/// A clone of `forOp` (without its checkpointing attributes) from `lb`,
/// starting from `inits`.
static ForOp cloneFrom(RewriterBase &rewriter, ForOp forOp, Value lb,
                       ValueRange inits) {
  auto clone = cast<ForOp>(rewriter.clone(*forOp));
  clone.getLowerBoundMutable().assign(lb);
  clone.getInitArgsMutable().assign(inits);
  clone->removeAttr(tape::TapeDialect::kBudget);
  clone->removeAttr(tape::TapeDialect::kCheckpointLevels);
  return clone;
}

/// Checkpointing within a budget (`tape.budget = B`): the first iteration
/// runs on its own and the tape it took measures the bytes per iteration;
/// tape.checkpoint_plan then chooses at run time, from the remaining trip
/// count and the tape already held, between taping the rest of the loop
/// whole and checkpointing it (checkpointLoop with the planned segment
/// count, the segment's loop planned in turn).
static void planLoop(ForOp forOp, int64_t budget, RewriterBase &rewriter) {
  Location loc = forOp.getLoc();
  Value lb = forOp.getLowerBound(), ub = forOp.getUpperBound(),
        step = forOp.getStep();
  bool isUnsigned = forOp.getUnsignedCmp();
  auto levelsAttr = forOp->getAttrOfType<IntegerAttr>(tape::TapeDialect::kCheckpointLevels);
  int64_t levels = levelsAttr ? levelsAttr.getInt() : kMaxLevelsBelow;

  rewriter.setInsertionPoint(forOp);
  Type index = rewriter.getIndexType();
  Value before = tape::LiveBytesOp::create(rewriter, loc, index);
  Value second = buildSegmentEnd(rewriter, loc, lb, step, ub, isUnsigned);
  ForOp first = cloneFrom(rewriter, forOp, lb, forOp.getInitArgs());
  first.getUpperBoundMutable().assign(second);
  Value after = tape::LiveBytesOp::create(rewriter, loc, index);
  Value rest = buildTripCount(rewriter, loc, second, ub, step, isUnsigned);
  Value restIndex =
      rest.getType().isIndex()
          ? rest
          : arith::IndexCastUIOp::create(rewriter, loc, index, rest);
  Value plan = tape::CheckpointPlanOp::create(
      rewriter, loc, index, restIndex,
      arith::SubIOp::create(rewriter, loc, after, before),
      buildBytes(rewriter, loc, first.getResults()), budget, levels);
  Value whole = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::eq, plan,
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  // (At least one segment: the count divides.)
  Value snapshots = arith::MaxUIOp::create(
      rewriter, loc, plan, arith::ConstantIndexOp::create(rewriter, loc, 1));
  if (!rest.getType().isIndex())
    snapshots =
        arith::IndexCastUIOp::create(rewriter, loc, rest.getType(), snapshots);
  Segments cut = buildSegments(rewriter, loc, rest, snapshots);

  auto branch = IfOp::create(rewriter, loc, forOp.getResultTypes(), whole,
                             /*withElseRegion=*/true);
  for (Block *block : {branch.thenBlock(), branch.elseBlock()}) {
    rewriter.setInsertionPointToStart(block);
    ForOp loop = cloneFrom(rewriter, forOp, second, first.getResults());
    if (loop.getNumResults())
      YieldOp::create(rewriter, loc, loop.getResults());
    if (block == branch.elseBlock())
      checkpointLoop(loop, cut, rewriter, levels ? budget : 0, levels - 1);
  }
  rewriter.replaceOp(forOp, branch.getResults());
}

struct ForOpRule
    : public ReverseModeOpInterface::ExternalModel<ForOpRule, ForOp> {
  /// A loop whose step is only known at run time counts its iterations: a
  /// step that is not positive (undefined for scf.for, an endless or
  /// wrapping loop once lowered) must not break the reverse sweep's
  /// bookkeeping, and dividing by it would trap. A loop with
  /// `tape.snapshots` is checkpointed (checkpointLoop).
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    auto forOp = cast<ForOp>(op);
    if (auto snapshots =
            forOp->getAttrOfType<IntegerAttr>(tape::TapeDialect::kSnapshots)) {
      rewriter.setInsertionPoint(forOp);
      Value count =
          buildTripCount(rewriter, forOp.getLoc(), forOp.getLowerBound(),
                         forOp.getUpperBound(), forOp.getStep(),
                         forOp.getUnsignedCmp());
      Type ivType = count.getType();
      Value c = arith::ConstantOp::create(
          rewriter, forOp.getLoc(), ivType,
          rewriter.getIntegerAttr(ivType, snapshots.getInt()));
      checkpointLoop(forOp, buildSegments(rewriter, forOp.getLoc(), count, c),
                     rewriter);
      return success();
    }
    if (auto binomial =
            forOp->getAttrOfType<IntegerAttr>(tape::TapeDialect::kBinomial)) {
      binomialLoop(forOp, binomial.getInt(), rewriter);
      return success();
    }
    if (auto budget =
            forOp->getAttrOfType<IntegerAttr>(tape::TapeDialect::kBudget)) {
      if (!hasComputableTripCount(forOp))
        return forOp.emitError()
               << "'" << tape::TapeDialect::kBudget
               << "' needs a loop with a constant step (its trip count is "
                  "planned before it runs)";
      planLoop(forOp, budget.getInt(), rewriter);
      return success();
    }
    if (hasComputableTripCount(forOp) || forOp->hasAttr(kTripCountAttr))
      return success();
    Location loc = forOp.getLoc();
    Type ivType = forOp.getInductionVar().getType();
    Value zero =
        arith::ConstantOp::create(rewriter, loc, ivType, rewriter.getZeroAttr(ivType));
    FailureOr<LoopLikeOpInterface> counted = forOp.replaceWithAdditionalYields(
        rewriter, zero, /*replaceInitOperandUsesInLoop=*/false,
        [&](OpBuilder &b, Location loc, ArrayRef<BlockArgument> newArgs) {
          Value one = arith::ConstantOp::create(b, loc, ivType, b.getOneAttr(ivType));
          return SmallVector<Value>{
              arith::AddIOp::create(b, loc, newArgs[0], one)};
        });
    if (failed(counted))
      return forOp.emitError("internal error: cannot count the iterations of "
                             "this loop");
    (*counted)->setAttr(kTripCountAttr, rewriter.getUnitAttr());
    return success();
  }

  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto forOp = cast<ForOp>(op);
    OpBuilder &b = ctx.builder();
    Location loc = forOp.getLoc();
    Block *body = forOp.getBody();
    auto yield = cast<YieldOp>(body->getTerminator());

    // Adjoints carried from one reverse iteration to the next: those of the
    // active loop-carried values, then those of active free values.
    SmallVector<Value> carriedArgs, carriedResults;
    bool counted = forOp->hasAttr(kTripCountAttr);
    for (auto [arg, result] :
         llvm::zip(forOp.getRegionIterArgs(), forOp.getResults()))
      if (ctx.isActive(arg) || ctx.isActive(result)) {
        carriedArgs.push_back(arg);
        carriedResults.push_back(result);
      }
    SmallVector<Value> free = ctx.activeValuesDefinedAbove(forOp);
    SmallVector<Value> inits;
    appendAdjoints(ctx, carriedResults, inits);
    appendAdjoints(ctx, free, inits);

    Value lb = ctx.primal(forOp.getLowerBound());
    Value ub = ctx.primal(forOp.getUpperBound());
    Value step = ctx.primal(forOp.getStep());
    Value count =
        counted ? ctx.primal(forOp.getResults().back())
                : buildTripCount(b, loc, lb, ub, step, forOp.getUnsignedCmp());
    Type ivType = lb.getType();
    Value zero = arith::ConstantOp::create(b, loc, ivType, b.getZeroAttr(ivType));
    Value one = arith::ConstantOp::create(b, loc, ivType, b.getOneAttr(ivType));

    auto reverse = ForOp::create(b, loc, zero, count, one, inits);
    OpBuilder::InsertionGuard guard(b);
    Block *reverseBody = reverse.getBody();
    if (reverseBody->mightHaveTerminator())
      reverseBody->getTerminator()->erase();
    b.setInsertionPointToEnd(reverseBody);
    // The k-th reverse iteration undoes primal iteration count-1-k.
    Value back = arith::SubIOp::create(
        b, loc, arith::SubIOp::create(b, loc, count, one),
        reverse.getInductionVar());
    Value iv = arith::AddIOp::create(
        b, loc, lb, arith::MulIOp::create(b, loc, back, step));

    ValueRange iterArgs = reverse.getRegionIterArgs();
    ctx.enterBlock(*body);
    ctx.mapPrimal(forOp.getInductionVar(), iv);
    bindCarried(ctx, free, iterArgs.drop_front(carriedArgs.size()));
    for (auto [arg, adj] : llvm::zip(carriedArgs, iterArgs)) {
      unsigned position = cast<BlockArgument>(arg).getArgNumber() - 1;
      ctx.accumulate(yield.getOperand(position), adj);
    }
    if (failed(ctx.reverseBlock(*body)))
      return failure();
    SmallVector<Value> yields;
    appendAdjoints(ctx, carriedArgs, yields);
    appendAdjoints(ctx, free, yields);
    ctx.exitBlock();
    YieldOp::create(b, loc, yields);

    b.setInsertionPointAfter(reverse);
    ValueRange results = reverse.getResults();
    bindCarried(ctx, free, results.drop_front(carriedArgs.size()));
    for (auto [arg, adj] : llvm::zip(carriedArgs, results)) {
      unsigned position = cast<BlockArgument>(arg).getArgNumber() - 1;
      ctx.accumulate(forOp.getInitArgs()[position], adj);
    }
    return success();
  }

  Value buildExecutionBound(Operation *op, OpBuilder &b, unsigned,
                            function_ref<bool(Value)> isAvailable) const {
    auto forOp = cast<ForOp>(op);
    Value lb = forOp.getLowerBound(), ub = forOp.getUpperBound(),
          step = forOp.getStep();
    if (!hasComputableTripCount(forOp) || !isAvailable(lb) ||
        !isAvailable(ub) || !isAvailable(step))
      return Value();
    return buildIndexTripCount(b, forOp.getLoc(), lb, ub, step,
                               forOp.getUnsignedCmp());
  }
};

//===----------------------------------------------------------------------===//
// scf.if
//===----------------------------------------------------------------------===//

struct IfOpRule : public ReverseModeOpInterface::ExternalModel<IfOpRule, IfOp> {
  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto ifOp = cast<IfOp>(op);
    OpBuilder &b = ctx.builder();
    Location loc = ifOp.getLoc();
    SmallVector<Value> free = ctx.activeValuesDefinedAbove(ifOp);
    SmallVector<Value> outerAdjoints;
    for (Value v : free)
      outerAdjoints.push_back(ctx.adjoint(v));
    SmallVector<Value> resultAdjoints;
    for (Value r : ifOp.getResults())
      resultAdjoints.push_back(ctx.adjoint(r));

    LogicalResult status = success();
    // One branch of the reverse: starts from the adjoints known before the
    // scf.if and yields the free values' adjoints after the branch.
    auto reverseBranch = [&](Region &primalRegion) {
      for (auto [v, adj] : llvm::zip(free, outerAdjoints))
        ctx.setAdjoint(v, adj);
      if (!primalRegion.empty()) {
        Block &block = primalRegion.front();
        ctx.enterBlock(block);
        auto yield = cast<YieldOp>(block.getTerminator());
        for (auto [operand, adj] :
             llvm::zip(yield.getOperands(), resultAdjoints))
          ctx.accumulate(operand, adj);
        if (failed(ctx.reverseBlock(block)))
          status = failure();
        ctx.exitBlock();
      }
      SmallVector<Value> yields;
      appendAdjoints(ctx, free, yields);
      YieldOp::create(b, loc, yields);
    };
    SmallVector<Type> types;
    for (Value v : free)
      types.push_back(v.getType());
    auto reverse = IfOp::create(b, loc, types, ctx.primal(ifOp.getCondition()),
                                /*withElseRegion=*/true);
    for (auto [primalRegion, reverseRegion] :
         llvm::zip(ifOp->getRegions(), reverse->getRegions())) {
      OpBuilder::InsertionGuard guard(b);
      Block *block = &reverseRegion.front();
      if (block->mightHaveTerminator())
        block->getTerminator()->erase();
      b.setInsertionPointToEnd(block);
      reverseBranch(primalRegion);
    }
    bindCarried(ctx, free, reverse.getResults());
    return status;
  }

  /// A branch runs once or not at all: by its condition when it is known
  /// beforehand (the tape of the branch not taken takes no memory).
  Value buildExecutionBound(Operation *op, OpBuilder &b, unsigned region,
                            function_ref<bool(Value)> isAvailable) const {
    Location loc = op->getLoc();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value condition = cast<IfOp>(op).getCondition();
    if (!isAvailable(condition))
      return one;
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    return region == 0 ? arith::SelectOp::create(b, loc, condition, one, zero)
                       : arith::SelectOp::create(b, loc, condition, zero, one);
  }
};

//===----------------------------------------------------------------------===//
// scf.while
//===----------------------------------------------------------------------===//

/// Iterations of the first segment of an scf.while checkpointed online; each
/// next segment is twice as long as the one before, up to kMaxWhileSegment.
static constexpr int64_t kFirstWhileSegment = 64;
static constexpr int64_t kMaxWhileSegment = int64_t(1) << 40;

/// Clones the ops of `block` but its terminator with `b`, `mapping` mapping
/// its arguments; returns the terminator's operands, mapped.
static SmallVector<Value> cloneBlockBody(OpBuilder &b, Block &block,
                                         IRMapping &mapping) {
  for (Operation &op : block.without_terminator())
    b.clone(op, mapping);
  return llvm::map_to_vector(block.getTerminator()->getOperands(),
                             [&](Value v) { return mapping.lookupOrDefault(v); });
}

/// Online checkpointing of an scf.while within a budget (`tape.budget` on
/// it): its trip count is unknown until it ends, so it runs as segments of
/// K, 2K, 4K, ... iterations, each a call of a function holding an scf.for
/// over at most that many iterations, which stops doing work once the
/// loop's condition fails and returns whether it may continue. The forward
/// sweep saves the loop-carried values at each segment's start (about
/// log2(n / K) snapshots for n iterations); the reverse of each segment
/// recomputes it, its scf.for planned under the same budget (tape.budget).
/// Work: the loop's, again in the reverse (more under tight budgets), and
/// at most as many empty iterations at the end of the last segment. The
/// loop's results are its before region's on the final state.
static void checkpointWhile(WhileOp whileOp, int64_t budget,
                            RewriterBase &rewriter) {
  Location loc = whileOp.getLoc();
  Type index = rewriter.getIndexType(), i1 = rewriter.getI1Type();
  SmallVector<Type> stateTypes(whileOp.getInits().getTypes());
  Block &before = *whileOp.getBeforeBody(), &after = *whileOp.getAfterBody();

  // @__rewind_while_segment(K, state..., captured...) -> (state..., more)
  SmallVector<Type> leading{index}, results(stateTypes);
  llvm::append_range(leading, stateTypes);
  results.push_back(i1);
  Outlined segment =
      outlineSegment(whileOp, "__rewind_while_segment", leading, results);
  {
    Block *entry = &segment.fn.getBody().front();
    OpBuilder b = OpBuilder::atBlockEnd(entry);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> inits(entry->getArguments().slice(1, stateTypes.size()));
    inits.push_back(arith::ConstantIntOp::create(b, loc, 1, 1));
    inits.push_back(zero);
    // Carries the state, whether the condition held so far, and the
    // iterations run.
    auto loop = ForOp::create(
        b, loc, zero, entry->getArgument(0), one, inits,
        [&](OpBuilder &b, Location loc, Value, ValueRange carried) {
          ValueRange state = carried.take_front(stateTypes.size());
          Value go = carried[stateTypes.size()], ran = carried.back();
          auto guard = IfOp::create(
              b, loc, go,
              [&](OpBuilder &b, Location loc) {
                IRMapping mapping = segment.mapping;
                mapping.map(before.getArguments(), state);
                SmallVector<Value> condition =
                    cloneBlockBody(b, before, mapping);
                Value holds = condition.front();
                auto step = IfOp::create(
                    b, loc, holds,
                    [&](OpBuilder &b, Location loc) {
                      mapping.map(after.getArguments(),
                                  ArrayRef(condition).drop_front());
                      SmallVector<Value> next =
                          cloneBlockBody(b, after, mapping);
                      next.push_back(arith::AddIOp::create(b, loc, ran, one));
                      YieldOp::create(b, loc, next);
                    },
                    [&](OpBuilder &b, Location loc) {
                      SmallVector<Value> same(state);
                      same.push_back(ran);
                      YieldOp::create(b, loc, same);
                    });
                SmallVector<Value> out(step.getResults());
                out.insert(out.begin() + stateTypes.size(), holds);
                YieldOp::create(b, loc, out);
              },
              [&](OpBuilder &b, Location loc) {
                YieldOp::create(b, loc, carried);
              });
          YieldOp::create(b, loc, guard.getResults());
        });
    loop->setAttr(tape::TapeDialect::kBudget, b.getI64IntegerAttr(budget));
    if (auto levels = whileOp->getAttr(tape::TapeDialect::kCheckpointLevels))
      loop->setAttr(tape::TapeDialect::kCheckpointLevels, levels);
    tape::RecomputedOp::create(b, loc, loop.getResults().back());
    func::ReturnOp::create(b, loc, loop.getResults().drop_back());
  }

  // The segments, each twice as long as the one before.
  rewriter.setInsertionPoint(whileOp);
  SmallVector<Value> inits(whileOp.getInits());
  inits.push_back(arith::ConstantIndexOp::create(rewriter, loc,
                                                 kFirstWhileSegment));
  inits.push_back(arith::ConstantIntOp::create(rewriter, loc, 1, 1));
  SmallVector<Type> forwarded(stateTypes);
  forwarded.push_back(index);
  auto outer = WhileOp::create(
      rewriter, loc, forwarded, inits,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        ConditionOp::create(b, loc, args.back(), args.drop_back());
      },
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value length = args.back();
        SmallVector<Value> operands{length};
        llvm::append_range(operands, args.drop_back());
        llvm::append_range(operands, segment.captured);
        auto call = func::CallOp::create(b, loc, segment.fn, operands);
        Value longest =
            arith::ConstantIndexOp::create(b, loc, kMaxWhileSegment);
        Value next = arith::MinUIOp::create(
            b, loc,
            arith::MulIOp::create(b, loc, length,
                                  arith::ConstantIndexOp::create(b, loc, 2)),
            longest);
        SmallVector<Value> yielded(call.getResults().drop_back());
        yielded.push_back(next);
        yielded.push_back(call.getResults().back());
        YieldOp::create(b, loc, yielded);
      });
  // The loop's results: what its before region forwards from the final
  // state (where the condition fails).
  IRMapping mapping;
  mapping.map(before.getArguments(),
              outer.getResults().take_front(stateTypes.size()));
  SmallVector<Value> condition = cloneBlockBody(rewriter, before, mapping);
  rewriter.replaceOp(whileOp, ArrayRef(condition).drop_front());
}

/// Offline checkpointing of an scf.while (`tape.binomial` or
/// `tape.snapshots` on it): a first run of the loop, which nothing
/// differentiates (only its iteration count is used, so it tapes nothing),
/// counts its n iterations; the loop then runs again as an scf.for over n
/// iterations carrying the same state, checkpointed as the attribute says
/// (binomialLoop keeps at most c snapshots). Work: n primal iterations more
/// than the same schedule on an scf.for. The loop's results are its before
/// region's on the final state.
static void countedWhile(WhileOp whileOp, NamedAttribute schedule,
                         RewriterBase &rewriter) {
  Location loc = whileOp.getLoc();
  Type index = rewriter.getIndexType();
  Block &before = *whileOp.getBeforeBody(), &after = *whileOp.getAfterBody();
  rewriter.setInsertionPoint(whileOp);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);

  SmallVector<Value> inits(whileOp.getInits());
  inits.push_back(zero);
  SmallVector<Type> forwarded(whileOp.getResultTypes());
  forwarded.push_back(index);
  auto counter = WhileOp::create(
      rewriter, loc, forwarded, inits,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        IRMapping mapping;
        mapping.map(before.getArguments(), args.drop_back());
        SmallVector<Value> condition = cloneBlockBody(b, before, mapping);
        SmallVector<Value> out(llvm::drop_begin(condition));
        out.push_back(args.back());
        ConditionOp::create(b, loc, condition.front(), out);
      },
      [&](OpBuilder &b, Location loc, ValueRange args) {
        IRMapping mapping;
        mapping.map(after.getArguments(), args.drop_back());
        SmallVector<Value> next = cloneBlockBody(b, after, mapping);
        next.push_back(arith::AddIOp::create(b, loc, args.back(), one));
        YieldOp::create(b, loc, next);
      });
  counter->setAttr(kTripCountAttr, rewriter.getUnitAttr());

  auto loop = ForOp::create(
      rewriter, loc, zero, counter.getResults().back(), one,
      whileOp.getInits(),
      [&](OpBuilder &b, Location loc, Value, ValueRange state) {
        IRMapping mapping;
        mapping.map(before.getArguments(), state);
        SmallVector<Value> condition = cloneBlockBody(b, before, mapping);
        mapping.map(after.getArguments(), ArrayRef(condition).drop_front());
        YieldOp::create(b, loc, cloneBlockBody(b, after, mapping));
      });
  loop->setAttr(schedule.getName(), schedule.getValue());
  IRMapping mapping;
  mapping.map(before.getArguments(), loop.getResults());
  SmallVector<Value> condition = cloneBlockBody(rewriter, before, mapping);
  rewriter.replaceOp(whileOp, ArrayRef(condition).drop_front());
}

struct WhileOpRule
    : public ReverseModeOpInterface::ExternalModel<WhileOpRule, WhileOp> {
  /// Adds an iteration counter as an extra loop-carried value, so the reverse
  /// knows how many times to run the body's reverse. A loop with a
  /// checkpointing attribute is checkpointed instead: countedWhile for a
  /// schedule of snapshots, checkpointWhile for a budget.
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    auto whileOp = cast<WhileOp>(op);
    for (StringRef name :
         {tape::TapeDialect::kBinomial, tape::TapeDialect::kSnapshots}) {
      if (auto schedule = whileOp->getAttrOfType<IntegerAttr>(name)) {
        countedWhile(whileOp, rewriter.getNamedAttr(name, schedule), rewriter);
        return success();
      }
    }
    if (auto budget =
            whileOp->getAttrOfType<IntegerAttr>(tape::TapeDialect::kBudget)) {
      checkpointWhile(whileOp, budget.getInt(), rewriter);
      return success();
    }
    if (whileOp->hasAttr(kTripCountAttr))
      return success();
    Location loc = whileOp.getLoc();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    SmallVector<Value> inits(whileOp.getInits());
    inits.push_back(zero);
    SmallVector<Type> types(whileOp.getResultTypes());
    types.push_back(rewriter.getIndexType());
    auto counted = WhileOp::create(rewriter, loc, types, inits);
    counted->setAttrs(whileOp->getAttrs());
    counted->setAttr(kTripCountAttr, rewriter.getUnitAttr());
    rewriter.inlineRegionBefore(whileOp.getBefore(), counted.getBefore(),
                                counted.getBefore().end());
    rewriter.inlineRegionBefore(whileOp.getAfter(), counted.getAfter(),
                                counted.getAfter().end());
    Value before = counted.getBeforeBody()->addArgument(rewriter.getIndexType(), loc);
    Value after = counted.getAfterBody()->addArgument(rewriter.getIndexType(), loc);
    counted.getConditionOp().getArgsMutable().append(before);
    YieldOp yield = counted.getYieldOp();
    rewriter.setInsertionPoint(yield);
    Value next = arith::AddIOp::create(
        rewriter, loc, after, arith::ConstantIndexOp::create(rewriter, loc, 1));
    yield.getResultsMutable().append(next);
    rewriter.replaceOp(whileOp, counted.getResults().drop_back());
    return success();
  }

  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto whileOp = cast<WhileOp>(op);
    if (!whileOp->hasAttr(kTripCountAttr))
      return whileOp.emitError("internal error: scf.while was not prepared "
                               "for differentiation");
    OpBuilder &b = ctx.builder();
    Location loc = whileOp.getLoc();
    Block &before = *whileOp.getBeforeBody(), &after = *whileOp.getAfterBody();
    ConditionOp condition = whileOp.getConditionOp();
    YieldOp yield = whileOp.getYieldOp();
    Value count = ctx.primal(whileOp.getResults().back());

    SmallVector<Value> free = ctx.activeValuesDefinedAbove(whileOp);
    SmallVector<unsigned> beforePositions, afterPositions;
    for (BlockArgument arg : before.getArguments())
      if (ctx.isActive(arg))
        beforePositions.push_back(arg.getArgNumber());
    for (BlockArgument arg : after.getArguments())
      if (ctx.isActive(arg))
        afterPositions.push_back(arg.getArgNumber());

    // Reverse of one execution of the before region, given the adjoints of
    // the values it forwards; leaves the adjoints of its arguments in `out`.
    auto reverseBefore = [&](ArrayRef<std::pair<unsigned, Value>> forwarded,
                             SmallVectorImpl<Value> &out) -> LogicalResult {
      ctx.enterBlock(before);
      for (auto [position, adj] : forwarded)
        ctx.accumulate(condition.getArgs()[position], adj);
      if (failed(ctx.reverseBlock(before)))
        return failure();
      for (unsigned position : beforePositions)
        out.push_back(ctx.adjointOrZero(before.getArgument(position)));
      ctx.exitBlock();
      return success();
    };

    // The final execution of the before region, whose condition was false.
    SmallVector<std::pair<unsigned, Value>> resultAdjoints;
    for (auto [i, r] : llvm::enumerate(whileOp.getResults().drop_back()))
      resultAdjoints.push_back({(unsigned)i, ctx.adjoint(r)});
    SmallVector<Value> inits;
    if (failed(reverseBefore(resultAdjoints, inits)))
      return failure();
    appendAdjoints(ctx, free, inits);

    // Then each iteration backwards: the after region, then the before
    // region that led to it.
    Type indexType = b.getIndexType();
    Value zero = arith::ConstantOp::create(b, loc, indexType, b.getIndexAttr(0));
    Value one = arith::ConstantOp::create(b, loc, indexType, b.getIndexAttr(1));
    auto reverse = ForOp::create(b, loc, zero, count, one, inits);
    {
      OpBuilder::InsertionGuard guard(b);
      Block *body = reverse.getBody();
      if (body->mightHaveTerminator())
        body->getTerminator()->erase();
      b.setInsertionPointToEnd(body);
      ValueRange iterArgs = reverse.getRegionIterArgs();
      bindCarried(ctx, free, iterArgs.drop_front(beforePositions.size()));

      ctx.enterBlock(after);
      for (auto [position, adj] : llvm::zip(beforePositions, iterArgs))
        ctx.accumulate(yield.getOperand(position), adj);
      if (failed(ctx.reverseBlock(after)))
        return failure();
      SmallVector<std::pair<unsigned, Value>> forwarded;
      for (unsigned position : afterPositions)
        forwarded.push_back(
            {position, ctx.adjointOrZero(after.getArgument(position))});
      ctx.exitBlock();

      SmallVector<Value> yields;
      if (failed(reverseBefore(forwarded, yields)))
        return failure();
      appendAdjoints(ctx, free, yields);
      YieldOp::create(b, loc, yields);
    }
    ValueRange results = reverse.getResults();
    bindCarried(ctx, free, results.drop_front(beforePositions.size()));
    for (auto [position, adj] : llvm::zip(beforePositions, results))
      ctx.accumulate(whileOp.getInits()[position], adj);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Ops rewritten into scf.if and scf.for before differentiation
//===----------------------------------------------------------------------===//

/// Moves the single block of `region` before `op` and returns the values
/// its scf.yield yields (the terminator is erased).
static SmallVector<Value> inlineBlockBefore(RewriterBase &rewriter,
                                            Region &region, Operation *op) {
  Block *body = &region.front();
  auto yield = cast<YieldOp>(body->getTerminator());
  SmallVector<Value> yielded(yield.getOperands());
  rewriter.eraseOp(yield);
  rewriter.inlineBlockBefore(body, op);
  return yielded;
}

/// scf.execute_region with one block is its block, inlined.
static LogicalResult rewriteForReverse(ExecuteRegionOp op,
                                       RewriterBase &rewriter) {
  if (!op.getRegion().hasOneBlock())
    return op.emitError("cannot differentiate an scf.execute_region with "
                        "several blocks (unstructured control flow)");
  rewriter.replaceOp(op, inlineBlockBefore(rewriter, op.getRegion(), op));
  return success();
}

/// scf.index_switch becomes a chain of scf.if testing each case in turn,
/// the default region in the last else.
static LogicalResult rewriteForReverse(IndexSwitchOp op,
                                       RewriterBase &rewriter) {
  Location loc = op.getLoc();
  if (op.getCases().empty()) {
    rewriter.replaceOp(op, inlineBlockBefore(rewriter, op.getDefaultRegion(),
                                             op));
    return success();
  }
  SmallVector<Value> results;
  for (auto [value, region] : llvm::zip(op.getCases(), op.getCaseRegions())) {
    Value expected = arith::ConstantIndexOp::create(rewriter, loc, value);
    Value matches = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::eq, op.getArg(), expected);
    auto ifOp = IfOp::create(rewriter, loc, op.getResultTypes(), matches,
                             /*addThenBlock=*/false, /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(region, ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    if (results.empty())
      results = ifOp.getResults();
    else
      YieldOp::create(rewriter, loc, ifOp.getResults());
    rewriter.createBlock(&ifOp.getElseRegion());
  }
  // The innermost else region (empty so far) takes the default region.
  Region *lastElse = rewriter.getInsertionBlock()->getParent();
  rewriter.eraseBlock(&lastElse->front());
  rewriter.inlineRegionBefore(op.getDefaultRegion(), *lastElse,
                              lastElse->end());
  rewriter.replaceOp(op, results);
  return success();
}

/// Maps the mixed sizes of a slice op through `mapping`.
static SmallVector<OpFoldResult> mapMixed(ArrayRef<OpFoldResult> values,
                                          IRMapping &mapping) {
  return llvm::map_to_vector(values, [&](OpFoldResult v) -> OpFoldResult {
    if (auto value = dyn_cast<Value>(v))
      return mapping.lookupOrDefault(value);
    return v;
  });
}

/// An scf.forall whose reverse cannot run in parallel (it writes at slice
/// positions computed by ops with regions or side effects) runs its
/// iterations in order, as an scf.for nest carrying the shared outputs,
/// each tensor.parallel_insert_slice becoming a tensor.insert_slice into
/// the carried tensor.
static LogicalResult runInOrder(ForallOp op, RewriterBase &rewriter) {
  Location loc = op.getLoc();
  Block *body = op.getBody();
  unsigned numIvs = op.getRank();
  auto nest = buildLoopNest(
      rewriter, loc, op.getLowerBound(rewriter), op.getUpperBound(rewriter),
      op.getStep(rewriter), op.getOutputs(),
      [&](OpBuilder &b, Location, ValueRange ivs, ValueRange carried) {
        IRMapping mapping;
        mapping.map(op.getInductionVars(), ivs);
        mapping.map(op.getRegionIterArgs(), carried);
        for (Operation &inner : body->without_terminator())
          b.clone(inner, mapping);
        SmallVector<Value> updated(carried);
        for (Operation &yielding : op.getTerminator().getYieldingOps()) {
          auto insert = cast<tensor::ParallelInsertSliceOp>(yielding);
          unsigned k = cast<BlockArgument>(insert.getDest()).getArgNumber() -
                       numIvs;
          updated[k] = tensor::InsertSliceOp::create(
              b, insert.getLoc(), mapping.lookupOrDefault(insert.getSource()),
              updated[k], mapMixed(insert.getMixedOffsets(), mapping),
              mapMixed(insert.getMixedSizes(), mapping),
              mapMixed(insert.getMixedStrides(), mapping));
        }
        return updated;
      });
  rewriter.replaceOp(op, nest.results);
  return success();
}

/// An scf.parallel with a floating-point reduction that is not a sum runs
/// its iterations in order, as an scf.for nest; each scf.reduce region
/// combines the carried value (its left operand) with the iteration's (its
/// right).
static LogicalResult runInOrder(ParallelOp op, RewriterBase &rewriter) {
  Location loc = op.getLoc();
  Block *body = op.getBody();
  auto reduce = cast<ReduceOp>(body->getTerminator());
  auto nest = buildLoopNest(
      rewriter, loc, op.getLowerBound(), op.getUpperBound(), op.getStep(),
      op.getInitVals(),
      [&](OpBuilder &b, Location, ValueRange ivs, ValueRange carried) {
        IRMapping mapping;
        mapping.map(op.getInductionVars(), ivs);
        for (Operation &inner : body->without_terminator())
          b.clone(inner, mapping);
        SmallVector<Value> combined;
        for (auto [k, region] : llvm::enumerate(reduce.getReductions())) {
          Block &combiner = region.front();
          mapping.map(combiner.getArgument(0), carried[k]);
          mapping.map(combiner.getArgument(1),
                      mapping.lookupOrDefault(reduce.getOperands()[k]));
          for (Operation &inner : combiner.without_terminator())
            b.clone(inner, mapping);
          combined.push_back(mapping.lookupOrDefault(
              cast<ReduceReturnOp>(combiner.getTerminator()).getResult()));
        }
        return combined;
      });
  rewriter.replaceOp(op, nest.results);
  return success();
}

//===----------------------------------------------------------------------===//
// scf.forall and scf.parallel: independent iterations, reversed in parallel
//===----------------------------------------------------------------------===//

/// The ops of `loop`'s body that compute `values`, in order, when all are
/// pure ops without regions directly in the body (index arithmetic on the
/// induction variables, mostly); failure otherwise.
static FailureOr<SmallVector<Operation *>> computationOf(Operation *loop,
                                                         ValueRange values) {
  Block *body = &loop->getRegion(0).front();
  llvm::SetVector<Operation *> ops;
  SmallVector<Value> work(values);
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || !loop->isProperAncestor(def))
      continue;
    if (def->getBlock() != body || def->getNumRegions() || !isPure(def))
      return failure();
    if (ops.insert(def))
      llvm::append_range(work, def->getOperands());
  }
  SmallVector<Operation *> sorted(ops.begin(), ops.end());
  llvm::sort(sorted, [](Operation *a, Operation *b) {
    return a->isBeforeInBlock(b);
  });
  return sorted;
}

static SmallVector<tensor::ParallelInsertSliceOp> insertsOf(ForallOp op) {
  return llvm::map_to_vector(op.getTerminator().getYieldingOps(),
                             [](Operation &yielding) {
                               return cast<tensor::ParallelInsertSliceOp>(
                                   yielding);
                             });
}

/// The offsets, sizes and strides an scf.forall's iterations write at.
static SmallVector<Value> insertPositions(ForallOp op) {
  SmallVector<Value> positions;
  for (tensor::ParallelInsertSliceOp insert : insertsOf(op)) {
    llvm::append_range(positions, insert.getOffsets());
    llvm::append_range(positions, insert.getSizes());
    llvm::append_range(positions, insert.getStrides());
  }
  return positions;
}

/// True when every floating-point reduction of `op` is a sum of scalars:
/// one arith.addf of the combiner's two arguments. (An scf.parallel
/// reducing tensors does not bufferize; run in order, it does.)
static bool reducesBySums(ParallelOp op) {
  auto reduce = cast<ReduceOp>(op.getBody()->getTerminator());
  return llvm::all_of(reduce.getReductions(), [](Region &region) {
    Block &combiner = region.front();
    Type type = combiner.getArgument(0).getType();
    if (isa<ShapedType>(type))
      return false;
    if (!tape::isDifferentiableType(type))
      return true;
    auto add = dyn_cast<arith::AddFOp>(&combiner.front());
    auto ret = cast<ReduceReturnOp>(combiner.getTerminator());
    return add && ret.getResult() == add.getResult() &&
           llvm::is_contained(add->getOperands(), combiner.getArgument(0)) &&
           llvm::is_contained(add->getOperands(), combiner.getArgument(1));
  });
}

/// One iteration of `loop` as a private function taking the body's block
/// arguments (induction variables, shared outputs) and the values its body
/// uses from above (`captured`; constants are cloned into it), and
/// returning `yielded`.
static Outlined outlineIteration(Operation *loop, ValueRange yielded) {
  Block *body = &loop->getRegion(0).front();
  auto parent = loop->getParentOfType<func::FuncOp>();
  Outlined outlined =
      outlineSegment(loop, (parent.getSymName() + "_iteration").str(),
                     body->getArgumentTypes(), TypeRange(yielded));
  outlined.mapping.map(body->getArguments(), outlined.fn.getArguments().take_front(
                                                 body->getNumArguments()));
  OpBuilder b = OpBuilder::atBlockEnd(&outlined.fn.front());
  for (Operation &op : body->without_terminator())
    b.clone(op, outlined.mapping);
  func::ReturnOp::create(
      b, loop->getLoc(), llvm::map_to_vector(yielded, [&](Value v) {
        return outlined.mapping.lookupOrDefault(v);
      }));
  return outlined;
}

/// The reverse of a loop whose iterations are independent. `iteration` is
/// one iteration outlined (outlineIteration), `args` the primal values its
/// arguments after the induction variables stand for, and `seedsOf` builds
/// one iteration's seeds (the adjoints of its differentiable results) from
/// its induction variables. The iterations are split into
/// tape.thread_count chunks of consecutive iterations, an scf.forall over
/// the chunks; each chunk calls the pullback of `iteration` for its
/// iterations in turn, summing the gradients of `args` (shared by all
/// iterations) into accumulators of its own, each chunk's written to its
/// row of a stack of them. The rows are added up in chunk order
/// afterwards: no atomics, and the result depends on the thread count only.
static LogicalResult
reverseIterations(AdjointBuilder &ctx, Location loc, func::FuncOp iteration,
                  ArrayRef<Value> lbs, ArrayRef<Value> ubs,
                  ArrayRef<Value> steps, ArrayRef<Value> args,
                  function_ref<SmallVector<Value>(OpBuilder &, ValueRange)>
                      seedsOf) {
  unsigned numIvs = lbs.size();
  SmallVector<unsigned> wrt;
  SmallVector<Value> primals;
  for (auto [i, arg] : llvm::enumerate(args)) {
    primals.push_back(ctx.primal(arg));
    if (ctx.isActive(arg))
      wrt.push_back(numIvs + i);
  }
  if (wrt.empty())
    return success();
  ctx.pullbacks().addCallee(iteration);
  FailureOr<func::FuncOp> pullback = ctx.getPullback(iteration, wrt);
  if (failed(pullback))
    return failure();
  bool inPlace = accumulatesInPlace(*pullback);

  OpBuilder &b = ctx.builder();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> trips;
  Value total = one;
  for (auto [lb, ub, step] : llvm::zip(lbs, ubs, steps)) {
    trips.push_back(buildIndexTripCount(b, loc, lb, ub, step, false));
    total = arith::MulIOp::create(b, loc, total, trips.back());
  }
  Value chunks = tape::ThreadCountOp::create(b, loc, b.getIndexType());
  SmallVector<Value> stacks;
  for (unsigned k : wrt) {
    Value p = primals[k - numIvs];
    auto type = dyn_cast<RankedTensorType>(p.getType());
    SmallVector<int64_t> shape{ShapedType::kDynamic};
    SmallVector<Value> dynamic{chunks};
    if (type) {
      llvm::append_range(shape, type.getShape());
      for (int64_t d = 0, e = type.getRank(); d < e; ++d)
        if (type.isDynamicDim(d))
          dynamic.push_back(tensor::DimOp::create(b, loc, p, d));
    }
    Type element = type ? type.getElementType() : p.getType();
    stacks.push_back(tensor::EmptyOp::create(
        b, loc, RankedTensorType::get(shape, element), dynamic));
  }
  auto forall = ForallOp::create(b, loc, ArrayRef<OpFoldResult>{chunks},
                                 stacks, std::nullopt);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forall.getTerminator());
    Value t = forall.getInductionVar(0);
    Value begin = arith::DivUIOp::create(
        b, loc, arith::MulIOp::create(b, loc, t, total), chunks);
    Value end = arith::DivUIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, arith::AddIOp::create(b, loc, t, one),
                              total),
        chunks);
    SmallVector<Value> zeros;
    for (unsigned k : wrt) {
      Value p = primals[k - numIvs];
      zeros.push_back(buildConstant(b, loc, p.getType(), [&] { return p; }, 0.0));
    }
    auto loop = ForOp::create(b, loc, begin, end, one, zeros);
    Block *loopBody = loop.getBody();
    if (loopBody->mightHaveTerminator())
      loopBody->getTerminator()->erase();
    b.setInsertionPointToEnd(loopBody);
    // Iteration i of the nest, the last induction variable fastest.
    SmallVector<Value> ivs(numIvs);
    Value rest = loop.getInductionVar();
    for (unsigned d = numIvs; d-- > 0;) {
      Value index = rest;
      if (d > 0) {
        index = arith::RemUIOp::create(b, loc, rest, trips[d]);
        rest = arith::DivUIOp::create(b, loc, rest, trips[d]);
      }
      ivs[d] = arith::AddIOp::create(
          b, loc, lbs[d], arith::MulIOp::create(b, loc, index, steps[d]));
    }
    SmallVector<Value> operands(ivs);
    llvm::append_range(operands, primals);
    llvm::append_range(operands, seedsOf(b, ivs));
    ValueRange accumulators = loop.getRegionIterArgs();
    for (auto [j, k] : llvm::enumerate(wrt))
      if (inPlace && hasInOutAdjoint(primals[k - numIvs].getType()))
        operands.push_back(accumulators[j]);
    auto call = func::CallOp::create(b, loc, *pullback, operands);
    SmallVector<Value> updated;
    for (auto [j, gradient] : llvm::enumerate(
             call.getResults().drop_front(iteration.getNumResults())))
      updated.push_back(inPlace && hasInOutAdjoint(gradient.getType())
                            ? gradient
                            : arith::AddFOp::create(b, loc, accumulators[j],
                                                    gradient)
                                  .getResult());
    YieldOp::create(b, loc, updated);

    // Row t of each stack: a scalar's sum as a tensor<1xT>, a tensor's
    // with a leading unit dimension.
    b.setInsertionPoint(forall.getTerminator());
    SmallVector<Value> rows;
    SmallVector<SmallVector<OpFoldResult>> rowSizes;
    for (Value sum : loop.getResults()) {
      bool scalar = !isa<RankedTensorType>(sum.getType());
      rows.push_back(scalar ? tensor::FromElementsOp::create(b, loc, sum)
                            : sum);
      rowSizes.push_back(scalar ? SmallVector<OpFoldResult>{}
                                : tensor::getMixedSizes(b, loc, sum));
    }
    b.setInsertionPointToEnd(forall.getTerminator().getBody());
    for (auto [row, sizesOfRow, stack] :
         llvm::zip(rows, rowSizes, forall.getRegionIterArgs())) {
      SmallVector<OpFoldResult> offsets{t};
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
      offsets.append(sizesOfRow.size(), b.getIndexAttr(0));
      llvm::append_range(sizes, sizesOfRow);
      SmallVector<OpFoldResult> strides(offsets.size(), b.getIndexAttr(1));
      tensor::ParallelInsertSliceOp::create(b, loc, row, stack, offsets, sizes,
                                            strides);
    }
  }
  // The chunks' sums, added in chunk order.
  for (auto [j, k] : llvm::enumerate(wrt)) {
    Value p = primals[k - numIvs];
    auto type = dyn_cast<RankedTensorType>(p.getType());
    Value init = type ? buildConstant(b, loc, type, [&] { return p; }, 0.0)
                      : tensor::FromElementsOp::create(
                            b, loc, RankedTensorType::get({}, p.getType()),
                            buildConstant(b, loc, p.getType(),
                                          [&] { return p; }, 0.0));
    auto sum = linalg::ReduceOp::create(
        b, loc, ValueRange{forall.getResult(j)}, ValueRange{init},
        ArrayRef<int64_t>{0},
        [](OpBuilder &nb, Location nloc, ValueRange blockArgs) {
          linalg::YieldOp::create(
              nb, nloc,
              arith::AddFOp::create(nb, nloc, blockArgs[1], blockArgs[0])
                  .getResult());
        });
    Value total = sum.getResult(0);
    if (!type)
      total = tensor::ExtractOp::create(b, loc, total, ValueRange{});
    ctx.accumulate(args[k - numIvs], total);
  }
  return success();
}

/// A value of the reverse sweep for each of `values` (constants for
/// attributes).
static SmallVector<Value> primalValues(AdjointBuilder &ctx, Location loc,
                                       ArrayRef<OpFoldResult> values) {
  return llvm::map_to_vector(values, [&](OpFoldResult v) -> Value {
    if (auto value = dyn_cast<Value>(v))
      return ctx.primal(value);
    return arith::ConstantIndexOp::create(
        ctx.builder(), loc, cast<IntegerAttr>(cast<Attribute>(v)).getInt());
  });
}

/// scf.forall: iterations write disjoint slices of the shared outputs, so
/// the primal loop stays parallel and its reverse is parallel too
/// (reverseIterations): iteration i's seeds are the slices of the outputs'
/// adjoints it wrote, and its body (outlined) reads the shared outputs'
/// initial values, whose adjoints get those reads' contributions plus the
/// outputs' adjoints with the written slices zeroed (an scf.forall of its
/// own). The positions written are recomputed in the reverse, so they must
/// come from pure ops without regions (else the loop runs in order).
struct ForallOpRule
    : public ReverseModeOpInterface::ExternalModel<ForallOpRule, ForallOp> {
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    auto forall = cast<ForallOp>(op);
    if (succeeded(computationOf(forall, insertPositions(forall))))
      return success();
    return runInOrder(forall, rewriter);
  }

  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto forall = cast<ForallOp>(op);
    Location loc = forall.getLoc();
    OpBuilder &b = ctx.builder();
    unsigned numIvs = forall.getRank();
    SmallVector<tensor::ParallelInsertSliceOp> inserts = insertsOf(forall);
    FailureOr<SmallVector<Operation *>> positions =
        computationOf(forall, insertPositions(forall));
    if (failed(positions))
      return forall.emitError("internal error: the slices this scf.forall "
                              "writes cannot be recomputed");
    Outlined outlined = outlineIteration(
        forall, llvm::map_to_vector(inserts, [](auto insert) -> Value {
          return insert.getSource();
        }));
    SmallVector<Value> args(forall.getOutputs());
    llvm::append_range(args, outlined.captured);

    SmallVector<Value> lbs =
        primalValues(ctx, loc, forall.getMixedLowerBound());
    SmallVector<Value> ubs =
        primalValues(ctx, loc, forall.getMixedUpperBound());
    SmallVector<Value> steps = primalValues(ctx, loc, forall.getMixedStep());
    SmallVector<Value> outAdjoints;
    for (Value result : forall.getResults())
      outAdjoints.push_back(tape::isDifferentiableType(result.getType())
                                ? ctx.adjointOrZero(result)
                                : Value());
    // The values from above that the positions use (through the ops that
    // compute them or directly), and the shared outputs (their initial
    // values), as the reverse sees them.
    IRMapping above;
    SmallVector<Value> used = insertPositions(forall);
    for (Operation *position : *positions)
      llvm::append_range(used, position->getOperands());
    for (Value v : used)
      if (!forall->isAncestor(v.getParentBlock()->getParentOp()))
        above.map(v, ctx.primal(v));
    for (auto [arg, init] :
         llvm::zip(forall.getRegionIterArgs(), forall.getOutputs()))
      above.map(arg, ctx.primal(init));
    auto clonePositions = [&](OpBuilder &ib, ValueRange ivs) {
      IRMapping mapping = above;
      mapping.map(forall.getInductionVars(), ivs);
      for (Operation *position : *positions)
        ib.clone(*position, mapping);
      return mapping;
    };
    auto outputOf = [&](tensor::ParallelInsertSliceOp insert) {
      return cast<BlockArgument>(insert.getDest()).getArgNumber() - numIvs;
    };
    auto sliceOf = [&](OpBuilder &ib, tensor::ParallelInsertSliceOp insert,
                       Value whole, IRMapping &mapping) -> Value {
      return tensor::ExtractSliceOp::create(
          ib, insert.getLoc(), insert.getSourceType(), whole,
          mapMixed(insert.getMixedOffsets(), mapping),
          mapMixed(insert.getMixedSizes(), mapping),
          mapMixed(insert.getMixedStrides(), mapping));
    };
    if (failed(reverseIterations(
            ctx, loc, outlined.fn, lbs, ubs, steps, args,
            [&](OpBuilder &ib, ValueRange ivs) {
              IRMapping mapping = clonePositions(ib, ivs);
              SmallVector<Value> seeds;
              for (tensor::ParallelInsertSliceOp insert : inserts)
                if (tape::isDifferentiableType(insert.getSourceType()))
                  seeds.push_back(sliceOf(ib, insert,
                                          outAdjoints[outputOf(insert)],
                                          mapping));
              return seeds;
            })))
      return failure();

    // The outputs' adjoints with the slices the loop wrote zeroed, for
    // the active initial values.
    SmallVector<Value> zeroed;
    SmallVector<int> slot(forall.getNumResults(), -1);
    for (auto [k, init] : llvm::enumerate(forall.getOutputs()))
      if (ctx.isActive(init) && outAdjoints[k]) {
        slot[k] = zeroed.size();
        zeroed.push_back(outAdjoints[k]);
      }
    if (zeroed.empty())
      return success();
    auto zeroing = ForallOp::create(
        b, loc, getAsOpFoldResult(lbs), getAsOpFoldResult(ubs),
        getAsOpFoldResult(steps), zeroed, std::nullopt);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(zeroing.getTerminator());
    IRMapping mapping = clonePositions(b, zeroing.getInductionVars());
    SmallVector<std::pair<tensor::ParallelInsertSliceOp, Value>> fills;
    for (tensor::ParallelInsertSliceOp insert : inserts) {
      int j = slot[outputOf(insert)];
      if (j < 0)
        continue;
      Value slice =
          sliceOf(b, insert, zeroing.getRegionIterArgs()[j], mapping);
      Type element = insert.getSourceType().getElementType();
      Value zero = arith::ConstantOp::create(b, loc, element,
                                             b.getFloatAttr(element, 0.0));
      fills.push_back(
          {insert, linalg::FillOp::create(b, loc, zero, slice).getResult(0)});
    }
    b.setInsertionPointToEnd(zeroing.getTerminator().getBody());
    for (auto [insert, zeros] : fills)
      tensor::ParallelInsertSliceOp::create(
          b, insert.getLoc(), zeros,
          zeroing.getRegionIterArgs()[slot[outputOf(insert)]],
          mapMixed(insert.getMixedOffsets(), mapping),
          mapMixed(insert.getMixedSizes(), mapping),
          mapMixed(insert.getMixedStrides(), mapping));
    b.setInsertionPointAfter(zeroing);
    for (auto [k, init] : llvm::enumerate(forall.getOutputs()))
      if (slot[k] >= 0)
        ctx.accumulate(init, zeroing.getResult(slot[k]));
    return success();
  }
};

/// scf.parallel whose floating-point reductions are sums: the primal loop
/// stays parallel, and its reverse is parallel too (reverseIterations):
/// every iteration's seeds are the adjoints of the loop's results, which
/// are also those of the reductions' initial values. A loop with another
/// floating-point reduction (a product, a maximum) runs in order.
struct ParallelOpRule
    : public ReverseModeOpInterface::ExternalModel<ParallelOpRule,
                                                   ParallelOp> {
  LogicalResult prepareForReverse(Operation *op, RewriterBase &rewriter) const {
    auto parallel = cast<ParallelOp>(op);
    if (reducesBySums(parallel))
      return success();
    return runInOrder(parallel, rewriter);
  }

  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    auto parallel = cast<ParallelOp>(op);
    Location loc = parallel.getLoc();
    auto reduce = cast<ReduceOp>(parallel.getBody()->getTerminator());
    Outlined outlined = outlineIteration(parallel, reduce.getOperands());
    SmallVector<Value> seeds;
    for (Value result : parallel.getResults())
      if (tape::isDifferentiableType(result.getType()))
        seeds.push_back(ctx.adjointOrZero(result));
    auto primals = [&](ValueRange values) {
      return llvm::map_to_vector(values,
                                 [&](Value v) { return ctx.primal(v); });
    };
    if (failed(reverseIterations(
            ctx, loc, outlined.fn, primals(parallel.getLowerBound()),
            primals(parallel.getUpperBound()), primals(parallel.getStep()),
            SmallVector<Value>(outlined.captured.begin(),
                               outlined.captured.end()),
            [&](OpBuilder &, ValueRange) { return seeds; })))
      return failure();
    for (auto [init, result] :
         llvm::zip(parallel.getInitVals(), parallel.getResults()))
      ctx.accumulate(init, ctx.adjoint(result));
    return success();
  }
};

static constexpr OpCoverageNote kSCFNotes[] = {
    {"scf.for", Coverage::Rule,
     "the reverse loop runs backwards; values of the body are saved on the "
     "tape or recomputed"},
    {"scf.while", Coverage::Rule,
     "the forward loop counts its iterations; the reverse runs them back"},
    {"scf.execute_region", Coverage::Rule,
     "inlined (one block only: several blocks are unstructured control flow "
     "and rejected)"},
    {"scf.index_switch", Coverage::Rule, "rewritten as a chain of scf.if"},
    {"scf.forall", Coverage::Rule,
     "stays parallel; the reverse runs chunks of iterations in parallel, "
     "each calling the pullback of the outlined body and summing shared "
     "adjoints privately (in order, as an scf.for nest, when the slices "
     "written come from ops with regions or side effects)"},
    {"scf.parallel", Coverage::Rule,
     "with sums of scalars, stays parallel and is reversed like "
     "scf.forall; with another floating-point reduction (product, maximum, "
     "a sum of tensors) runs in order as an scf.for nest"},
    {"scf.yield", Coverage::PartOfParent, "terminator"},
    {"scf.condition", Coverage::PartOfParent, "terminator of scf.while"},
    {"scf.reduce", Coverage::PartOfParent, "terminator of scf.parallel"},
    {"scf.reduce.return", Coverage::PartOfParent,
     "terminator of scf.reduce"},
    {"scf.forall.in_parallel", Coverage::PartOfParent,
     "terminator of scf.forall"},
};

llvm::ArrayRef<OpCoverageNote> scfCoverageNotes() { return kSCFNotes; }

//===----------------------------------------------------------------------===//
// Forward mode: each region op becomes one that carries, next to each
// floating-point value, its tangent.
//===----------------------------------------------------------------------===//

/// Types of `values` followed by those of their floating-point ones.
static SmallVector<Type> withTangentTypes(TypeRange types) {
  SmallVector<Type> all(types);
  for (Type t : types)
    if (tape::isDifferentiableType(t))
      all.push_back(t);
  return all;
}

/// Maps the arguments of primal block `from` to the first arguments of
/// `to`, and gives the floating-point ones the tangents that follow.
static void mapBlockArguments(TangentBuilder &ctx, Block &from, Block &to,
                              unsigned skip = 0) {
  unsigned n = from.getNumArguments();
  unsigned next = n;
  for (unsigned i = 0; i < n; ++i) {
    BlockArgument arg = from.getArgument(i);
    ctx.mapPrimal(arg, to.getArgument(i));
    if (i >= skip && tape::isDifferentiableType(arg.getType()))
      ctx.setTangent(arg, to.getArgument(next++));
  }
}

/// The copies of `values`, then the tangents of the floating-point ones.
static SmallVector<Value> withTangents(TangentBuilder &ctx, ValueRange values) {
  SmallVector<Value> all;
  for (Value v : values)
    all.push_back(ctx.primal(v));
  for (Value v : floatValues(values))
    all.push_back(ctx.tangentOrZero(v));
  return all;
}

/// Differentiates primal block `from` into `to` (arguments mapped), ended
/// by a copy of its terminator (scf.yield or scf.condition) that passes on
/// the tangents of the floating-point values it passes on.
static LogicalResult differentiateRegionBlock(TangentBuilder &ctx, Block &from,
                                              Block &to) {
  OpBuilder::InsertionGuard guard(ctx.builder());
  ctx.builder().setInsertionPointToEnd(&to);
  if (failed(ctx.differentiateBlock(from)))
    return failure();
  Operation *terminator = from.getTerminator();
  Location loc = terminator->getLoc();
  if (auto condition = dyn_cast<ConditionOp>(terminator))
    ConditionOp::create(ctx.builder(), loc,
                        ctx.primal(condition.getCondition()),
                        withTangents(ctx, condition.getArgs()));
  else
    YieldOp::create(ctx.builder(), loc,
                    withTangents(ctx, terminator->getOperands()));
  return success();
}

// Every floating-point carried value carries its tangent (zero if it
// starts without one).
static LogicalResult buildTangentFor(ForOp op, TangentBuilder &ctx) {
  OpBuilder &b = ctx.builder();
  auto copy = ForOp::create(b, op.getLoc(), ctx.primal(op.getLowerBound()),
                            ctx.primal(op.getUpperBound()),
                            ctx.primal(op.getStep()),
                            withTangents(ctx, op.getInitArgs()), nullptr,
                            op.getUnsignedCmp());
  Block &body = *copy.getBody();
  if (!body.empty())
    body.getTerminator()->erase();
  mapBlockArguments(ctx, *op.getBody(), body, /*skip=*/1);
  if (failed(differentiateRegionBlock(ctx, *op.getBody(), body)))
    return failure();
  ctx.mapResults(op, copy->getResults());
  return success();
}

static LogicalResult buildTangentFor(IfOp op, TangentBuilder &ctx) {
  OpBuilder &b = ctx.builder();
  auto copy = IfOp::create(b, op.getLoc(),
                           withTangentTypes(op.getResultTypes()),
                           ctx.primal(op.getCondition()),
                           /*addThenBlock=*/true,
                           /*addElseBlock=*/!op.getElseRegion().empty());
  for (auto [from, to] : llvm::zip(op->getRegions(), copy->getRegions())) {
    if (from.empty())
      continue;
    Block &block = to.front();
    if (!block.empty())
      block.getTerminator()->erase();
    if (failed(differentiateRegionBlock(ctx, from.front(), block)))
      return failure();
  }
  ctx.mapResults(op, copy->getResults());
  return success();
}

static LogicalResult buildTangentFor(WhileOp op, TangentBuilder &ctx) {
  OpBuilder &b = ctx.builder();
  Block &before = op.getBefore().front(), &after = op.getAfter().front();
  auto copy = WhileOp::create(b, op.getLoc(),
                              withTangentTypes(op.getResultTypes()),
                              withTangents(ctx, op.getInits()));
  SmallVector<Type> beforeTypes = withTangentTypes(before.getArgumentTypes());
  SmallVector<Type> afterTypes = withTangentTypes(after.getArgumentTypes());
  Block *newBefore = b.createBlock(
      &copy.getBefore(), {}, beforeTypes,
      SmallVector<Location>(beforeTypes.size(), op.getLoc()));
  Block *newAfter = b.createBlock(
      &copy.getAfter(), {}, afterTypes,
      SmallVector<Location>(afterTypes.size(), op.getLoc()));
  b.setInsertionPointAfter(copy);
  mapBlockArguments(ctx, before, *newBefore);
  if (failed(differentiateRegionBlock(ctx, before, *newBefore)))
    return failure();
  mapBlockArguments(ctx, after, *newAfter);
  if (failed(differentiateRegionBlock(ctx, after, *newAfter)))
    return failure();
  ctx.mapResults(op, copy->getResults());
  return success();
}

// The shared outputs carry, next to each floating-point one, its tangent;
// each iteration writes its slices of both.
static LogicalResult buildTangentFor(ForallOp op, TangentBuilder &ctx) {
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  auto primals = [&](ArrayRef<OpFoldResult> values) {
    return llvm::map_to_vector(values, [&](OpFoldResult v) -> OpFoldResult {
      if (auto value = dyn_cast<Value>(v))
        return ctx.primal(value);
      return v;
    });
  };
  auto copy = ForallOp::create(
      b, loc, primals(op.getMixedLowerBound()),
      primals(op.getMixedUpperBound()), primals(op.getMixedStep()),
      withTangents(ctx, op.getOutputs()), op.getMapping());
  Block &from = *op.getBody(), &to = *copy.getBody();
  unsigned numIvs = op.getRank();
  mapBlockArguments(ctx, from, to, /*skip=*/numIvs);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(copy.getTerminator());
  if (failed(ctx.differentiateBlock(from)))
    return failure();
  SmallVector<std::pair<tensor::ParallelInsertSliceOp, Value>> tangents;
  for (tensor::ParallelInsertSliceOp insert : insertsOf(op))
    tangents.push_back(
        {insert, tape::isDifferentiableType(insert.getDest().getType())
                     ? ctx.tangentOrZero(insert.getSource())
                     : Value()});
  b.setInsertionPointToEnd(copy.getTerminator().getBody());
  for (auto [insert, tangent] : tangents) {
    auto positions = [&, insert = insert](Value source, Value dest) mutable {
      tensor::ParallelInsertSliceOp::create(
          b, insert.getLoc(), source, dest,
          primals(insert.getMixedOffsets()), primals(insert.getMixedSizes()),
          primals(insert.getMixedStrides()));
    };
    positions(ctx.primal(insert.getSource()), ctx.primal(insert.getDest()));
    if (tangent)
      positions(tangent, ctx.tangent(insert.getDest()));
  }
  ctx.mapResults(op, copy.getResults());
  return success();
}

// Each floating-point reduction (a sum: ParallelOpRule) also reduces its
// tangents by a sum.
static LogicalResult buildTangentFor(ParallelOp op, TangentBuilder &ctx) {
  OpBuilder &b = ctx.builder();
  Location loc = op.getLoc();
  auto reduce = cast<ReduceOp>(op.getBody()->getTerminator());
  auto primals = [&](ValueRange values) {
    return llvm::map_to_vector(values, [&](Value v) { return ctx.primal(v); });
  };
  auto copy = ParallelOp::create(b, loc, primals(op.getLowerBound()),
                                 primals(op.getUpperBound()),
                                 primals(op.getStep()),
                                 withTangents(ctx, op.getInitVals()));
  Block &to = *copy.getBody();
  if (to.mightHaveTerminator())
    to.getTerminator()->erase();
  for (auto [iv, copied] : llvm::zip(op.getInductionVars(),
                                     copy.getInductionVars()))
    ctx.mapPrimal(iv, copied);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&to);
  if (failed(ctx.differentiateBlock(*op.getBody())))
    return failure();
  auto copyReduce =
      ReduceOp::create(b, reduce.getLoc(), withTangents(ctx, reduce.getOperands()));
  unsigned numPrimal = reduce.getNumOperands();
  for (auto [k, region] : llvm::enumerate(copyReduce.getReductions())) {
    if (k < numPrimal) {
      region.getBlocks().clear();
      IRMapping mapping;
      reduce.getReductions()[k].cloneInto(&region, mapping);
      continue;
    }
    Block &combiner = region.front();
    b.setInsertionPointToEnd(&combiner);
    ReduceReturnOp::create(
        b, loc,
        arith::AddFOp::create(b, loc, combiner.getArgument(0),
                              combiner.getArgument(1))
            .getResult());
  }
  ctx.mapResults(op, copy.getResults());
  return success();
}

void registerSCFRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, SCFDialect *) {
    ForOp::attachInterface<ForOpRule>(*context);
    IfOp::attachInterface<IfOpRule>(*context);
    WhileOp::attachInterface<WhileOpRule>(*context);
    attachTangentRules<ForOp, IfOp, WhileOp>(context);
    attachRewriteRule<ExecuteRegionOp, rewriteForReverse>(context);
    attachRewriteRule<IndexSwitchOp, rewriteForReverse>(context);
    ForallOp::attachInterface<ForallOpRule>(*context);
    ParallelOp::attachInterface<ParallelOpRule>(*context);
    attachTangentRules<ForallOp, ParallelOp>(context);
  });
}

} // namespace rw::ad
