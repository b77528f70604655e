//===- ReverseModePass.cpp - Pullback generation and the pass -------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/AdjointBuilder.h"
#include "rewind/AD/Passes.h"
#include "rewind/AD/Pullback.h"
#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/Transforms/LinalgUtils.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace rw::ad {
#define GEN_PASS_DEF_REVERSEMODEPASS
#include "rewind/AD/Passes.h.inc"
} // namespace rw::ad

using namespace mlir;
using namespace rw;
using namespace rw::ad;

//===----------------------------------------------------------------------===//
// PullbackGenerator
//===----------------------------------------------------------------------===//

PullbackGenerator::PullbackGenerator(ModuleOp module)
    : module(module), symbols(module) {
  // Differentiated: the callees of derivative requests and, transitively,
  // the functions they call.
  llvm::DenseSet<Operation *> differentiated;
  SmallVector<func::FuncOp> work;
  auto reach = [&](func::FuncOp f) {
    if (f && differentiated.insert(f).second)
      work.push_back(f);
  };
  module.walk([&](Operation *op) {
    if (isa<tape::GradOp, tape::ValueAndGradOp, tape::VjpOp>(op))
      if (auto callee = op->getAttrOfType<FlatSymbolRefAttr>("callee"))
        reach(symbols.lookup<func::FuncOp>(callee.getValue()));
  });
  while (!work.empty()) {
    func::FuncOp f = work.pop_back_val();
    f.walk([&](CallOpInterface call) {
      auto callee = dyn_cast_or_null<func::FuncOp>(call.resolveCallable());
      if (!callee)
        return;
      calledWhileDifferentiated.insert(callee);
      reach(callee);
    });
  }
}

static std::string pullbackName(func::FuncOp primal, ArrayRef<unsigned> wrt) {
  std::string name = ("__rewind_pullback_" + primal.getSymName() + "_wrt").str();
  for (unsigned i : wrt)
    name += "_" + std::to_string(i);
  return name;
}

FailureOr<func::FuncOp>
PullbackGenerator::getOrCreate(func::FuncOp primal, ArrayRef<unsigned> wrt) {
  std::string name = pullbackName(primal, wrt);
  if (func::FuncOp existing = pullbacks.lookup(name))
    return existing;
  if (primal.isExternal() && !isPending(primal) &&
      !tape::customPullback(primal))
    return primal.emitError() << "cannot differentiate external function @"
                              << primal.getSymName();

  FunctionType type = primal.getFunctionType();
  SmallVector<Type> inputs(type.getInputs());
  for (Type t : type.getResults())
    if (tape::isDifferentiableType(t))
      inputs.push_back(t);
  SmallVector<Type> outputs(type.getResults());
  bool called = calledWhileDifferentiated.contains(primal);
  SmallVector<std::pair<unsigned, unsigned>> inOut; // (input, output)
  for (unsigned i : wrt) {
    if (called && hasInOutAdjoint(type.getInput(i))) {
      inOut.push_back({unsigned(inputs.size()), unsigned(outputs.size())});
      inputs.push_back(type.getInput(i));
    }
    outputs.push_back(type.getInput(i));
  }

  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  auto pullback = func::FuncOp::create(b, primal.getLoc(), name,
                                       b.getFunctionType(inputs, outputs));
  pullback.setPrivate();
  for (auto [input, output] : inOut)
    pullback.setArgAttr(input, kAccumulatedInto,
                        b.getI64IntegerAttr(output));
  symbols.insert(pullback);
  pullbacks[name] = pullback;
  worklist.push_back({primal, pullback, SmallVector<unsigned>(wrt), called});
  return pullback;
}

bool PullbackGenerator::isPending(func::FuncOp func) const {
  return llvm::any_of(worklist,
                      [&](const Pending &job) { return job.pullback == func; });
}

LogicalResult PullbackGenerator::run() {
  while (!worklist.empty()) {
    Pending job = worklist.pop_back_val();
    if (failed(generate(job)))
      return failure();
  }
  return success();
}

LogicalResult PullbackGenerator::generate(const Pending &job) {
  func::FuncOp primal = job.primal, pullback = job.pullback;
  // Differentiating a pullback (nested derivatives) needs its body first.
  auto pending = llvm::find_if(
      worklist, [&](const Pending &other) { return other.pullback == primal; });
  if (pending != worklist.end()) {
    Pending first = *pending;
    worklist.erase(pending);
    if (failed(generate(first)))
      return failure();
  }
  // A function with its own pullback: call it (and the function, for the
  // values).
  if (func::FuncOp custom = tape::customPullback(primal)) {
    Block *entry = pullback.addEntryBlock();
    OpBuilder b = OpBuilder::atBlockEnd(entry);
    Location loc = primal.getLoc();
    ValueRange args = entry->getArguments().take_front(primal.getNumArguments());
    auto values = func::CallOp::create(b, loc, primal, args);
    unsigned numSeeds = llvm::count_if(primal.getFunctionType().getResults(),
                                       tape::isDifferentiableType);
    auto gradients = func::CallOp::create(
        b, loc, custom,
        entry->getArguments().take_front(args.size() + numSeeds));
    // One gradient per floating-point argument, in order.
    DenseMap<unsigned, Value> byArgument;
    unsigned k = 0;
    for (auto [i, arg] : llvm::enumerate(args))
      if (tape::isDifferentiableType(arg.getType()))
        byArgument[i] = gradients.getResult(k++);
    SmallVector<Value> outputs(values.getResults());
    auto accumulated = entry->getArguments().drop_front(
        args.size() + numSeeds);
    for (unsigned i : job.wrt) {
      Value gradient = byArgument.lookup(i);
      if (job.inOut && hasInOutAdjoint(gradient.getType())) {
        gradient = arith::AddFOp::create(b, loc, accumulated.front(), gradient);
        accumulated = accumulated.drop_front();
      }
      outputs.push_back(gradient);
    }
    func::ReturnOp::create(b, loc, outputs);
    return success();
  }
  if (!primal.getBody().hasOneBlock())
    return primal.emitError()
           << "cannot differentiate @" << primal.getSymName()
           << ": only single-block functions (structured control flow) are "
              "supported";

  IRMapping mapping;
  primal.getBody().cloneInto(&pullback.getBody(), mapping);
  Block &entry = pullback.getBody().front();
  SmallVector<Value> seeds;
  for (Type t : primal.getFunctionType().getResults())
    if (tape::isDifferentiableType(t))
      seeds.push_back(entry.addArgument(t, primal.getLoc()));
  SmallVector<std::pair<unsigned, Value>> accumulated;
  for (unsigned i : job.wrt) {
    Type type = entry.getArgument(i).getType();
    if (job.inOut && hasInOutAdjoint(type))
      accumulated.push_back({i, entry.addArgument(type, primal.getLoc())});
  }
  if (failed(prepareForDifferentiation(pullback, job.wrt)))
    return failure();

  // A function called from a differentiated one may get masked seeds (its
  // caller's adjoints): strong zeros throughout.
  ActivityAnalysis activity(pullback, job.wrt,
                            calledWhileDifferentiated.contains(primal));
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  AdjointBuilder ctx(pullback.getBody(), activity, *this);
  ctx.builder().setInsertionPoint(ret);
  ctx.enterBlock(entry);
  for (auto [i, adjoint] : accumulated)
    ctx.setAdjoint(entry.getArgument(i), adjoint);
  auto seed = seeds.begin();
  for (Value result : ret.getOperands())
    if (tape::isDifferentiableType(result.getType()))
      ctx.accumulate(result, *seed++);
  if (failed(ctx.reverseBlock(entry)))
    return failure();
  SmallVector<Value> outputs(ret.getOperands());
  for (unsigned i : job.wrt)
    outputs.push_back(ctx.adjointOrZero(entry.getArgument(i)));
  ctx.exitBlock();
  auto newRet = func::ReturnOp::create(ctx.builder(), ret.getLoc(), outputs);
  ret.erase();
  ctx.finalizeTape(newRet);
  if (primal->hasAttr(kBinomialFunction)) {
    unsigned numState = primal.getNumResults();
    ValueRange state = entry.getArguments().slice(4, numState);
    for (unsigned i = 0; i < numState; ++i)
      newRet.setOperand(i, state[i]);
    SmallVector<func::CallOp> tails;
    pullback.walk([&](func::CallOp call) {
      if (call->hasAttr(kBinomialTail))
        tails.push_back(call);
    });
    for (func::CallOp tail : tails) {
      tail.replaceAllUsesWith(tail.getOperands().slice(4, numState));
      tail.erase();
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
/// A linalg.generic on tensors whose body yields each output's own element
/// leaves its inits as they are (the adjoint of a reduction's initial value
/// can be such an op: it still reads, to size its loops, a tensor as large
/// as the reduction's input).
struct EraseYieldOfOutputs : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics() || op.getNumResults() == 0)
      return failure();
    Block *body = op.getBody();
    if (&body->front() != body->getTerminator())
      return failure();
    for (auto [value, arg] : llvm::zip(body->getTerminator()->getOperands(),
                                       op.getRegionOutputArgs()))
      if (value != arg)
        return failure();
    rewriter.replaceOp(op, op.getDpsInits());
    return success();
  }
};

} // namespace

void rw::ad::eraseUnusedDerivativeCode(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
  populateEraseDeadOutputsPatterns(patterns);
  patterns.add<EraseYieldOfOutputs>(context);
  tape::PopOp::getCanonicalizationPatterns(patterns, context);
  GreedyRewriteConfig config;
  config.enableFolding(false).enableConstantCSE(false).setRegionSimplificationLevel(
      GreedySimplifyRegionLevel::Disabled);
  (void)applyPatternsGreedily(root, std::move(patterns), config);
}

namespace {
struct ReverseModePass
    : public rw::ad::impl::ReverseModePassBase<ReverseModePass> {
  using Base::Base;

  /// Warns (or errs, per the `unconnected` policy) for every requested
  /// argument whose gradient is always zero. Returns failure on error.
  LogicalResult explainZeroGradients(Operation *request, func::FuncOp callee,
                                     ArrayRef<unsigned> wrt) {
    // A custom pullback decides alone which gradients are zero.
    if (tape::customPullback(callee))
      return success();
    ActivityAnalysis activity(callee, wrt);
    bool asError = unconnected == "error";
    bool ok = true;
    for (unsigned i : wrt) {
      std::optional<std::string> why =
          activity.explainZeroGradient(callee.getArgument(i));
      if (!why)
        continue;
      Location loc = callee.getArgument(i).getLoc();
      InFlightDiagnostic diag = asError ? emitError(loc) : emitWarning(loc);
      diag << "gradient of @" << callee.getSymName()
           << " with respect to argument #" << i << " is always zero: " << *why;
      if (!isa<UnknownLoc>(request->getLoc()))
        diag.attachNote(request->getLoc()) << "derivative requested here";
      ok &= !asError;
    }
    return success(ok);
  }

  LogicalResult lowerRequest(Operation *request, PullbackGenerator &generator,
                             SymbolTableCollection &table) {
    func::FuncOp callee;
    SmallVector<unsigned> wrt;
    ValueRange args, seeds;
    unsigned valueResults = 0;
    if (auto op = dyn_cast<tape::GradOp>(request)) {
      callee = op.getCalleeFunc(table);
      wrt = op.getWrtPositions();
      args = op.getArgs();
    } else if (auto op = dyn_cast<tape::ValueAndGradOp>(request)) {
      callee = op.getCalleeFunc(table);
      wrt = op.getWrtPositions();
      args = op.getArgs();
      valueResults = 1;
    } else {
      auto vjp = cast<tape::VjpOp>(request);
      callee = vjp.getCalleeFunc(table);
      wrt = vjp.getWrtPositions();
      args = vjp.getArgs();
      seeds = vjp.getSeeds();
    }
    if (failed(explainZeroGradients(request, callee, wrt)))
      return failure();
    FailureOr<func::FuncOp> pullback = generator.getOrCreate(callee, wrt);
    if (failed(pullback))
      return failure();

    OpBuilder b(request);
    SmallVector<Value> operands(args);
    if (isa<tape::VjpOp>(request)) {
      llvm::append_range(operands, seeds);
    } else {
      auto type = cast<FloatType>(callee.getFunctionType().getResult(0));
      operands.push_back(arith::ConstantOp::create(
          b, request->getLoc(), type, b.getFloatAttr(type, 1.0)));
    }
    // Tensor arguments' adjoints start from zero.
    bool inPlace = accumulatesInPlace(*pullback);
    for (unsigned i : wrt)
      if (inPlace && hasInOutAdjoint(args[i].getType()))
        operands.push_back(buildConstant(
            b, request->getLoc(), args[i].getType(),
            [&] { return args[i]; }, 0.0));
    auto call = func::CallOp::create(b, request->getLoc(), *pullback, operands);
    unsigned numPrimalResults = callee.getNumResults();
    SmallVector<Value> replacements;
    if (valueResults)
      replacements.push_back(call.getResult(0));
    llvm::append_range(replacements,
                       call.getResults().drop_front(numPrimalResults));
    request->replaceAllUsesWith(replacements);
    request->erase();
    return success();
  }

  void runOnOperation() override {
    if (unconnected != "zero" && unconnected != "error") {
      emitError(getOperation().getLoc())
          << "unconnected must be 'zero' or 'error', got '" << unconnected
          << "'";
      return signalPassFailure();
    }
    if (tapeBudget < 0) {
      emitError(getOperation().getLoc())
          << "tape-budget must be a number of bytes >= 0, got "
          << static_cast<int64_t>(tapeBudget);
      return signalPassFailure();
    }
    if (tapeBudget > 0)
      setBudgets();
    // Requests nest (a derivative of code that takes one): each round
    // answers the reverse-mode requests whose callees hold no tape.jvp
    // (rewind-forward-mode left those whose callees hold reverse-mode
    // requests), then the tape.jvp requests whose callees hold no
    // reverse-mode request any more.
    PullbackGenerator generator(getOperation());
    SymbolTableCollection table;
    auto isJvp = llvm::IsaPred<tape::JvpOp>;
    auto isReverse =
        llvm::IsaPred<tape::GradOp, tape::ValueAndGradOp, tape::VjpOp>;
    while (true) {
      SmallVector<Operation *> requests, ready;
      getOperation().walk([&](Operation *op) {
        if (isReverse(op) || isJvp(op))
          requests.push_back(op);
      });
      if (requests.empty())
        break;
      for (Operation *request : requests)
        if (isReverse(request) &&
            !reachesOp(
                TypeSwitch<Operation *, func::FuncOp>(request)
                    .Case<tape::GradOp, tape::ValueAndGradOp, tape::VjpOp>(
                        [&](auto op) { return op.getCalleeFunc(table); }),
                isJvp))
          ready.push_back(request);
      bool ok = true;
      for (Operation *request : ready)
        ok &= succeeded(lowerRequest(request, generator, table));
      if (!ok || failed(generator.run()) ||
          failed(lowerJvpRequests(getOperation(), /*deferNested=*/true)))
        return signalPassFailure();
      size_t left = 0;
      getOperation().walk([&](Operation *op) {
        left += isReverse(op) || isJvp(op);
      });
      if (left == requests.size()) {
        requests.front()->emitError()
            << "derivative requests that need each other's answers first "
               "(a cycle of tape.jvp and reverse-mode requests)";
        return signalPassFailure();
      }
    }
    // With every request answered, stop_gradient is the identity.
    getOperation().walk([](tape::StopGradientOp op) {
      op.replaceAllUsesWith(op.getInput());
      op.erase();
    });
    // An adjoint linalg.generic takes every input of its primal op; those
    // its body does not read go, and so do the stacks that saved them.
    eraseUnusedDerivativeCode(getOperation());
    // And functions' custom rules are plain functions, checkpointed loops
    // plain loops.
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      fn->removeAttr(tape::TapeDialect::kCustomVjp);
      fn->removeAttr(tape::TapeDialect::kCustomJvp);
    }
    getOperation().walk([](Operation *op) {
      if (!isa<scf::ForOp, scf::WhileOp>(op))
        return;
      op->removeAttr(tape::TapeDialect::kSnapshots);
      op->removeAttr(tape::TapeDialect::kBinomial);
      op->removeAttr(tape::TapeDialect::kBudget);
      op->removeAttr(tape::TapeDialect::kCheckpointLevels);
    });
    // A segment of a checkpointed loop runs again only in its pullback.
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (!generator.isPullback(fn))
        fn.walk([](tape::RecomputedOp op) { op.erase(); });
      fn->removeAttr(kBinomialFunction);
      fn.walk([](func::CallOp call) { call->removeAttr(kBinomialTail); });
    }
  }

  /// `tape-budget`: the loops at the top of function bodies (scf.for with a
  /// constant step, scf.while) that compute floating-point values (those
  /// that tape) get the budget; nested loops are inside them, so planning
  /// the outer loop bounds theirs too.
  void setBudgets() {
    auto computesFloats = [](Operation *loop) {
      return loop
          ->walk([](Operation *op) {
            return llvm::any_of(op->getResultTypes(),
                                tape::isDifferentiableType)
                       ? WalkResult::interrupt()
                       : WalkResult::advance();
          })
          .wasInterrupted();
    };
    Builder b(&getContext());
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal())
        continue;
      for (Operation &loop : fn.getBody().front()) {
        auto forOp = dyn_cast<scf::ForOp>(loop);
        bool plannable = forOp ? getConstantIntValue(forOp.getStep()).has_value()
                               : isa<scf::WhileOp>(loop);
        if (plannable && !loop.hasAttr(tape::TapeDialect::kSnapshots) &&
            !loop.hasAttr(tape::TapeDialect::kBinomial) &&
            !loop.hasAttr(tape::TapeDialect::kBudget) && computesFloats(&loop))
          loop.setAttr(tape::TapeDialect::kBudget,
                       b.getI64IntegerAttr(tapeBudget));
      }
    }
  }
};
} // namespace
