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
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace rw;
using namespace rw::ad;

bool ActivityAnalysis::hasZeroDerivative(Operation *op) {
  auto rule = dyn_cast<ReverseModeOpInterface>(op);
  return rule && rule.hasZeroDerivative();
}

static bool insertIfDifferentiable(llvm::DenseSet<Value> &set, Value v) {
  return tape::isDifferentiableType(v.getType()) && set.insert(v).second;
}

/// Forward propagation: everything reachable from `seeds` through
/// differentiable operations.
static void propagateVaried(func::FuncOp func, llvm::DenseSet<Value> &varied) {
  bool changed = true;
  while (changed) {
    changed = false;
    func.walk([&](Operation *op) {
      if (auto branch = dyn_cast<RegionBranchOpInterface>(op)) {
        RegionBranchSuccessorMapping mapping;
        branch.getSuccessorOperandInputMapping(mapping);
        for (auto &[operand, inputs] : mapping)
          if (varied.contains(operand->get()))
            for (Value input : inputs)
              changed |= insertIfDifferentiable(varied, input);
        return;
      }
      if (op->hasTrait<OpTrait::IsTerminator>() ||
          ActivityAnalysis::hasZeroDerivative(op))
        return;
      if (llvm::any_of(op->getOperands(),
                       [&](Value v) { return varied.contains(v); }))
        for (Value r : op->getResults())
          changed |= insertIfDifferentiable(varied, r);
    });
  }
}

/// Backward propagation: everything that reaches `seeds` through
/// differentiable operations.
static void propagateUseful(func::FuncOp func, llvm::DenseSet<Value> &useful) {
  bool changed = true;
  while (changed) {
    changed = false;
    func.walk<WalkOrder::PostOrder, ReverseIterator>([&](Operation *op) {
      if (auto branch = dyn_cast<RegionBranchOpInterface>(op)) {
        RegionBranchSuccessorMapping mapping;
        branch.getSuccessorOperandInputMapping(mapping);
        for (auto &[operand, inputs] : mapping)
          if (llvm::any_of(inputs, [&](Value v) { return useful.contains(v); }))
            changed |= insertIfDifferentiable(useful, operand->get());
        return;
      }
      if (op->hasTrait<OpTrait::IsTerminator>() ||
          ActivityAnalysis::hasZeroDerivative(op))
        return;
      if (llvm::any_of(op->getResults(),
                       [&](Value v) { return useful.contains(v); }))
        for (Value operand : op->getOperands())
          changed |= insertIfDifferentiable(useful, operand);
    });
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

ActivityAnalysis::ActivityAnalysis(func::FuncOp func, ArrayRef<unsigned> wrt)
    : func(func) {
  for (unsigned i : wrt)
    insertIfDifferentiable(varied, func.getArgument(i));
  propagateVaried(func, varied);
  for (Value v : differentiableResults(func))
    useful.insert(v);
  propagateUseful(func, useful);
}

/// Every value any result depends on, through any operation, data or control:
/// the operands of an op with regions reach its results, and so do the values
/// its regions' terminators pass on.
static llvm::DenseSet<Value> valuesReachingResults(func::FuncOp func) {
  llvm::DenseSet<Value> reach;
  for (Value v : differentiableResults(func))
    reach.insert(v);
  llvm::DenseSet<Operation *> reachingRegionOps;
  bool changed = true;
  while (changed) {
    changed = false;
    func.walk<WalkOrder::PostOrder, ReverseIterator>([&](Operation *op) {
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
      for (Value operand : op->getOperands())
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
ActivityAnalysis::explainZeroGradient(unsigned argIndex) const {
  func::FuncOp func = this->func;
  BlockArgument arg = func.getArgument(argIndex);
  if (isUseful(arg))
    return std::nullopt;
  if (arg.use_empty())
    return std::string("it is unused");

  llvm::DenseSet<Value> fromArg;
  insertIfDifferentiable(fromArg, arg);
  propagateVaried(func, fromArg);
  llvm::DenseSet<Value> reach = valuesReachingResults(func);

  // A cut: an op that consumes a value carrying derivatives from `arg`, passes
  // none on, and whose results still reach the result.
  SmallVector<Operation *> cuts;
  func.walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>() ||
        isa<RegionBranchOpInterface>(op))
      return;
    bool consumes = llvm::any_of(
        op->getOperands(), [&](Value v) { return fromArg.contains(v); });
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
  });
  return text;
}
