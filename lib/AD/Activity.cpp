//===- Activity.cpp - Activity analysis -----------------------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/Activity.h"
#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/IR/Iterators.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace rw;
using namespace rw::ad;

static bool insertIfDifferentiable(llvm::DenseSet<Value> &set, Value v) {
  return tape::isDifferentiableType(v.getType()) && set.insert(v).second;
}

/// Ops whose regions are bodies evaluated as part of the op itself
/// (linalg.generic), or whose results the control-flow interface does not
/// explain (scf.forall's results come from tensor.parallel_insert_slice,
/// scf.parallel's from scf.reduce): data is taken to flow from everything
/// the op reads to all its results, not through the regions.
static bool isOpaqueRegionOp(Operation *op) {
  if (!op->getNumRegions())
    return false;
  auto branch = dyn_cast<RegionBranchOpInterface>(op);
  if (!branch)
    return true;
  RegionBranchSuccessorMapping mapping;
  branch.getSuccessorOperandInputMapping(mapping);
  llvm::SmallPtrSet<Value, 8> explained;
  for (auto &entry : mapping)
    explained.insert(entry.second.begin(), entry.second.end());
  return llvm::any_of(op->getResults(),
                      [&](Value r) { return !explained.contains(r); });
}

/// The values an op reads: its operands and, for ops whose regions are not
/// control flow (linalg.generic bodies, ...), the values defined above that
/// its regions use.
static SmallVector<Value> readValues(Operation *op) {
  SmallVector<Value> values(op->getOperands());
  if (isOpaqueRegionOp(op)) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    values.append(captured.begin(), captured.end());
  }
  return values;
}


/// Visits the ops of `body` in pre-order, without entering the regions of
/// opaque region ops (their bodies are analysed by their own rules).
static void forEachOp(Region &body, llvm::function_ref<void(Operation *)> fn) {
  body.walk<WalkOrder::PreOrder>([&](Operation *op) {
    fn(op);
    return isOpaqueRegionOp(op) ? WalkResult::skip() : WalkResult::advance();
  });
}

/// Visits the ops of `body` from last to first, each op before the ops of
/// its regions (also from last to first), without entering the regions of
/// opaque region ops: the order in which a property flowing from results to
/// operands spreads through straight-line code in one visit.
static void forEachOpBackward(Region &body,
                              llvm::function_ref<void(Operation *)> fn) {
  for (Block &block : llvm::reverse(body))
    for (Operation &op : llvm::reverse(block)) {
      fn(&op);
      if (!isOpaqueRegionOp(&op))
        for (Region &region : llvm::reverse(op.getRegions()))
          forEachOpBackward(region, fn);
    }
}

static SmallVector<Value> differentiableResults(func::FuncOp func) {
  SmallVector<Value> results;
  func.walk([&](func::ReturnOp ret) {
    for (Value v : ret.getOperands())
      if (tape::isDifferentiableType(v.getType()))
        results.push_back(v);
  });
  return results;
}

namespace rw::ad {
/// For calls to functions with a body: which results a derivative can reach
/// from each argument, computed from the callee on first use.
class CallSummaries {
public:
  /// Bit j is set when result j of `callee` depends differentiably on
  /// argument `arg`.
  const llvm::BitVector &reachable(func::FuncOp callee, unsigned arg);

private:
  llvm::DenseMap<std::pair<Operation *, unsigned>, llvm::BitVector> cache;
};
} // namespace rw::ad

/// True when `rule`, the custom pullback of `fn`, returns a constant zero
/// (a scalar or a splat) as the gradient of `fn`'s argument `arg`.
static bool customGradientIsZero(func::FuncOp fn, func::FuncOp rule,
                                 unsigned arg) {
  if (rule.isExternal() ||
      !tape::isDifferentiableType(fn.getArgumentTypes()[arg]))
    return false;
  // One gradient per floating-point argument, in order.
  unsigned position = llvm::count_if(
      fn.getArgumentTypes().take_front(arg), tape::isDifferentiableType);
  bool zero = true;
  rule.walk([&](func::ReturnOp ret) {
    zero &= matchPattern(ret.getOperand(position), m_AnyZeroFloat());
  });
  return zero;
}

/// Functions whose summary is being computed (recursion is summarized
/// conservatively: every argument reaches every result).
static thread_local llvm::SmallPtrSet<Operation *, 4> calleesInProgress;

static void propagateVaried(Region &body, llvm::DenseSet<Value> &varied,
                            CallSummaries &calls);

const llvm::BitVector &CallSummaries::reachable(func::FuncOp callee,
                                                unsigned arg) {
  auto key = std::make_pair(callee.getOperation(), arg);
  auto it = cache.find(key);
  if (it != cache.end())
    return it->second;
  unsigned numResults = callee.getNumResults();
  llvm::BitVector bits(numResults, true);
  // A function with its own pullback is opaque: any argument may reach any
  // result through the user's rule, whatever its body says, unless the rule
  // returns a zero gradient for it.
  if (func::FuncOp rule = tape::customPullback(callee)) {
    if (customGradientIsZero(callee, rule, arg))
      bits.reset();
    return cache[key] = bits;
  }
  if (!callee.isExternal() &&
      calleesInProgress.insert(callee).second) {
    llvm::DenseSet<Value> varied;
    insertIfDifferentiable(varied, callee.getArgument(arg));
    propagateVaried(callee.getBody(), varied, *this);
    bits.reset();
    callee.walk([&](func::ReturnOp ret) {
      for (auto [j, v] : llvm::enumerate(ret.getOperands()))
        if (varied.contains(v))
          bits.set(j);
    });
    calleesInProgress.erase(callee);
  }
  return cache[key] = bits;
}

/// Calls `fn(from, to)` for each pair of values of `op` such that a
/// derivative flows from `from` (a value it reads) to `to` (a result).
static void forEachDerivativeEdge(Operation *op, CallSummaries &calls,
                                  function_ref<void(Value, Value)> fn) {
  if (auto call = dyn_cast<CallOpInterface>(op)) {
    if (auto callee = dyn_cast_or_null<func::FuncOp>(call.resolveCallable())) {
      for (auto [i, operand] : llvm::enumerate(call.getArgOperands())) {
        const llvm::BitVector &bits = calls.reachable(callee, i);
        for (auto [j, result] : llvm::enumerate(op->getResults()))
          if (j < bits.size() && bits[j])
            fn(operand, result);
      }
      return;
    }
  }
  auto rule = dyn_cast<ReverseModeOpInterface>(op);
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (!rule || !rule.hasZeroDerivative(i))
      for (Value result : op->getResults())
        fn(operand, result);
  if (isOpaqueRegionOp(op)) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    for (Value v : captured)
      for (Value result : op->getResults())
        fn(v, result);
  }
}

/// Forward propagation: everything reachable from `varied` through
/// differentiable operations.
static void propagateVaried(Region &body, llvm::DenseSet<Value> &varied,
                            CallSummaries &calls) {
  bool changed = true;
  while (changed) {
    changed = false;
    forEachOp(body, [&](Operation *op) {
      auto branch = dyn_cast<RegionBranchOpInterface>(op);
      if (branch && !isOpaqueRegionOp(op)) {
        RegionBranchSuccessorMapping mapping;
        branch.getSuccessorOperandInputMapping(mapping);
        for (auto &[operand, inputs] : mapping)
          if (varied.contains(operand->get()))
            for (Value input : inputs)
              changed |= insertIfDifferentiable(varied, input);
        return;
      }
      if (op->hasTrait<OpTrait::IsTerminator>())
        return;
      forEachDerivativeEdge(op, calls, [&](Value from, Value to) {
        if (varied.contains(from))
          changed |= insertIfDifferentiable(varied, to);
      });
    });
  }
}

/// Backward propagation: everything that reaches `useful` through
/// differentiable operations.
static void propagateUseful(Region &body, llvm::DenseSet<Value> &useful,
                            CallSummaries &calls) {
  bool changed = true;
  while (changed) {
    changed = false;
    forEachOpBackward(body, [&](Operation *op) {
      auto branch = dyn_cast<RegionBranchOpInterface>(op);
      if (branch && !isOpaqueRegionOp(op)) {
        RegionBranchSuccessorMapping mapping;
        branch.getSuccessorOperandInputMapping(mapping);
        for (auto &[operand, inputs] : mapping)
          if (llvm::any_of(inputs, [&](Value v) { return useful.contains(v); }))
            changed |= insertIfDifferentiable(useful, operand->get());
        return;
      }
      if (op->hasTrait<OpTrait::IsTerminator>())
        return;
      forEachDerivativeEdge(op, calls, [&](Value from, Value to) {
        if (useful.contains(to))
          changed |= insertIfDifferentiable(useful, from);
      });
    });
  }
}

static SmallVector<Value> argumentsAt(func::FuncOp func, ArrayRef<unsigned> wrt) {
  SmallVector<Value> args;
  for (unsigned i : wrt)
    args.push_back(func.getArgument(i));
  return args;
}

ActivityAnalysis::ActivityAnalysis(func::FuncOp func, ArrayRef<unsigned> wrt,
                                   bool outputsMasked)
    : ActivityAnalysis(func.getBody(), argumentsAt(func, wrt),
                       differentiableResults(func), outputsMasked) {}

/// Everything an op holds: its results and the values defined in its
/// regions.
static void insertAllValuesOf(Operation *op, llvm::DenseSet<Value> &set) {
  op->walk([&](Operation *inner) {
    set.insert(inner->result_begin(), inner->result_end());
    for (Region &region : inner->getRegions())
      for (Block &block : region)
        set.insert(block.args_begin(), block.args_end());
  });
}

/// The values whose adjoints may be masked zeros: backwards from the
/// operands of masking ops, through everything that computes them. A region
/// op any of whose values is reached counts as a whole (its loop-carried
/// values, its bodies), which is conservative and simple.
static llvm::DenseSet<Value> maskedCone(Region &body) {
  llvm::DenseSet<Value> masked;
  body.walk([&](ReverseModeOpInterface op) {
    if (op.masksAdjoint())
      masked.insert(op->operand_begin(), op->operand_end());
  });
  if (masked.empty())
    return masked;
  // Backwards over the ops of `body` (not entering regions) until nothing
  // changes: once for straight-line code, more with loops.
  SmallVector<Operation *> ops;
  for (Block &block : body)
    for (Operation &op : block)
      ops.push_back(&op);
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation *op : llvm::reverse(ops)) {
      bool reached = false;
      if (op->getNumRegions())
        op->walk([&](Operation *inner) {
          reached |= llvm::any_of(inner->getResults(), [&](Value v) {
            return masked.contains(v);
          }) || llvm::any_of(inner->getOperands(), [&](Value v) {
            return masked.contains(v);
          });
        });
      else
        reached = llvm::any_of(op->getResults(),
                               [&](Value v) { return masked.contains(v); });
      if (!reached)
        continue;
      size_t before = masked.size();
      insertAllValuesOf(op, masked);
      for (Value v : readValues(op))
        masked.insert(v);
      op->walk([&](Operation *inner) {
        masked.insert(inner->operand_begin(), inner->operand_end());
      });
      changed |= masked.size() != before;
    }
  }
  return masked;
}

ActivityAnalysis::ActivityAnalysis(Region &body, ArrayRef<Value> inputs,
                                   ArrayRef<Value> outputs, bool outputsMasked)
    : body(&body), outputs(outputs), allMasked(outputsMasked),
      calls(std::make_unique<CallSummaries>()) {
  for (Value v : inputs)
    insertIfDifferentiable(varied, v);
  propagateVaried(body, varied, *calls);
  for (Value v : outputs)
    insertIfDifferentiable(useful, v);
  propagateUseful(body, useful, *calls);
  if (!allMasked)
    masked = maskedCone(body);
}

bool ActivityAnalysis::isInactive(Operation *op) const {
  if (op->getNumResults() == 0)
    return false;
  for (Operation *p = op->getParentOp(); p != body->getParentOp();
       p = p->getParentOp())
    if (!p || isOpaqueRegionOp(p))
      return false;
  return llvm::none_of(op->getResults(), [&](Value r) { return isActive(r); });
}

/// Every value any result depends on, through any operation, data or control:
/// the operands of an op with regions reach its results, and so do the values
/// its regions' terminators pass on.
static llvm::DenseSet<Value> valuesReachingResults(Region &body,
                                                  ArrayRef<Value> outputs) {
  llvm::DenseSet<Value> reach(outputs.begin(), outputs.end());
  llvm::DenseSet<Operation *> reachingRegionOps;
  bool changed = true;
  while (changed) {
    changed = false;
    forEachOpBackward(body, [&](Operation *op) {
      bool reaches =
          llvm::any_of(op->getResults(),
                       [&](Value v) { return reach.contains(v); }) ||
          llvm::any_of(op->getRegions(), [&](Region &r) {
            return llvm::any_of(r.getArguments(), [&](Value v) {
              return reach.contains(v);
            });
          });
      if (op->hasTrait<OpTrait::IsTerminator>())
        reaches = reachingRegionOps.contains(op->getParentOp());
      if (!reaches)
        return;
      if (op->getNumRegions() && reachingRegionOps.insert(op).second)
        changed = true;
      for (Value operand : readValues(op))
        changed |= reach.insert(operand).second;
    });
  }
  return reach;
}

std::string rw::ad::formatLocation(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return (file.getFilename().getValue() + ":" + Twine(file.getLine()) + ":" +
            Twine(file.getColumn()))
        .str();
  return "an unknown location";
}

std::optional<std::string>
ActivityAnalysis::explainZeroGradient(Value arg) const {
  if (isUseful(arg))
    return std::nullopt;
  if (arg.use_empty())
    return std::string("it is unused");

  llvm::DenseSet<Value> fromArg;
  insertIfDifferentiable(fromArg, arg);
  propagateVaried(*body, fromArg, *calls);
  llvm::DenseSet<Value> reach = valuesReachingResults(*body, outputs);

  // A cut: an op that consumes a value carrying derivatives from `arg`, passes
  // none on, and whose results still reach the result.
  SmallVector<Operation *> cuts;
  forEachOp(*body, [&](Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>() ||
        (isa<RegionBranchOpInterface>(op) && !isOpaqueRegionOp(op)))
      return;
    bool consumes = llvm::any_of(
        readValues(op), [&](Value v) { return fromArg.contains(v); });
    bool passesOn = llvm::any_of(
        op->getResults(), [&](Value v) { return fromArg.contains(v); });
    bool reaches = llvm::any_of(op->getResults(),
                                [&](Value v) { return reach.contains(v); });
    if (consumes && !passesOn && reaches)
      cuts.push_back(op);
  });
  if (cuts.empty())
    return std::string("it does not influence the result");

  std::string text;
  llvm::raw_string_ostream os(text);
  os << (cuts.size() == 1 ? "its only path to the result goes through "
                          : "every path to the result goes through a "
                            "non-differentiable operation: ");
  llvm::interleaveComma(cuts, os, [&](Operation *op) {
    os << "'" << op->getName() << "' at " << formatLocation(op->getLoc());
    // A call cuts when the callee ignores what it gets: say why, recursively.
    auto call = dyn_cast<CallOpInterface>(op);
    auto callee =
        call ? dyn_cast_or_null<func::FuncOp>(call.resolveCallable()) : nullptr;
    if (func::FuncOp rule = callee ? tape::customPullback(callee) : nullptr) {
      for (auto [i, operand] : llvm::enumerate(call.getArgOperands()))
        if (fromArg.contains(operand) &&
            customGradientIsZero(callee, rule, i))
          os << " (the custom pullback of @" << callee.getSymName() << ", @"
             << rule.getSymName() << ", gives argument #" << i
             << " a zero gradient)";
      return;
    }
    if (!callee || callee.isExternal() ||
        !calleesInProgress.insert(callee).second)
      return;
    for (auto [i, operand] : llvm::enumerate(call.getArgOperands())) {
      if (!fromArg.contains(operand))
        continue;
      ActivityAnalysis inner(callee, {(unsigned)i});
      if (auto why = inner.explainZeroGradient(callee.getArgument(i)))
        os << " (in @" << callee.getSymName() << ", argument #" << i << ": "
           << *why << ")";
    }
    calleesInProgress.erase(callee);
  });
  return text;
}

ActivityAnalysis::~ActivityAnalysis() = default;
