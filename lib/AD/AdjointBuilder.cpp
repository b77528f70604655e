//===- AdjointBuilder.cpp - What a derivative rule sees -------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/AdjointBuilder.h"
#include "rewind/AD/Rules.h"
#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/AD/Pullback.h"
#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace rw;
using namespace rw::ad;

/// How far back the reverse sweep recomputes a chain of ops instead of
/// taking a value from the tape.
static constexpr unsigned kMaxRecomputeDepth = 6;

AdjointBuilder::AdjointBuilder(Region &body, const ActivityAnalysis &activity,
                               PullbackGenerator &generator,
                               Recompute recompute)
    : b(body.getContext()), entry(&body.front()), recompute(recompute),
      activity(activity), generator(generator) {}

//===----------------------------------------------------------------------===//
// Scopes
//===----------------------------------------------------------------------===//

AdjointBuilder::Scope &AdjointBuilder::scopeOf(Value v) {
  if (!entry->getParent()->isAncestor(v.getParentRegion()))
    return outerScope;
  Block *block = v.getParentBlock();
  for (auto &scope : llvm::reverse(scopes))
    if (scope->primalBlock == block)
      return *scope;
  llvm::report_fatal_error("rewind: a derivative rule asked for a value whose "
                           "block is not being differentiated");
}

void AdjointBuilder::enterBlock(Block &primalBlock) {
  auto scope = std::make_unique<Scope>();
  scope->primalBlock = &primalBlock;
  scope->anchorBlock = b.getInsertionBlock();
  Block::iterator ip = b.getInsertionPoint();
  scope->anchor = ip == scope->anchorBlock->begin() ? nullptr : &*std::prev(ip);
  scopes.push_back(std::move(scope));
}

void AdjointBuilder::exitBlock() {
  std::unique_ptr<Scope> scope = scopes.pop_back_val();
  Block *block = scope->primalBlock;
  finishedScopes[block].push_back(std::move(scope));
}

OpBuilder AdjointBuilder::builderAtAnchor(const Scope &scope) {
  OpBuilder anchored(b.getContext());
  if (scope.anchor)
    anchored.setInsertionPointAfter(scope.anchor);
  else
    anchored.setInsertionPointToStart(scope.anchorBlock);
  return anchored;
}

//===----------------------------------------------------------------------===//
// Adjoints
//===----------------------------------------------------------------------===//

Value AdjointBuilder::adjoint(Value v) {
  Value adj = scopeOf(v).adjoints.lookup(v);
  if (adj && activity.mayHaveMaskedAdjoint(v))
    maskedAdjoints.insert(adj);
  return adj;
}

Value AdjointBuilder::adjointOrZero(Value v) {
  if (Value adj = adjoint(v))
    return adj;
  return zerosLike(v);
}

void AdjointBuilder::setAdjoint(Value v, Value adj) {
  scopeOf(v).adjoints[v] = adj;
}

void AdjointBuilder::accumulate(Value v, Value contribution) {
  if (!contribution || !isActive(v))
    return;
  Value &slot = scopeOf(v).adjoints[v];
  slot = slot ? arith::AddFOp::create(b, v.getLoc(), slot, contribution)
                    .getResult()
              : contribution;
}

/// True when `v` dominates the builder's insertion point (its block
/// encloses it, and its definition comes first).
bool AdjointBuilder::isUsableAtInsertionPoint(Value v) {
  Block *defBlock = v.getParentBlock();
  Block *block = b.getInsertionBlock();
  // The op of `block` at (or around) the insertion point; null at its end.
  Block::iterator ip = b.getInsertionPoint();
  Operation *point = ip == block->end() ? nullptr : &*ip;
  while (block != defBlock) {
    Operation *parent = block->getParentOp();
    if (!parent || !parent->getBlock())
      return false;
    point = parent;
    block = parent->getBlock();
  }
  Operation *def = v.getDefiningOp();
  return !def || !point || def->isBeforeInBlock(point);
}

Value rw::ad::buildConstant(OpBuilder &b, Location loc, Type type,
                            function_ref<Value()> sizeSource, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, floatType,
                                     b.getFloatAttr(floatType, value));
  auto shaped = cast<RankedTensorType>(type);
  auto elementType = cast<FloatType>(shaped.getElementType());
  if (shaped.hasStaticShape())
    return arith::ConstantOp::create(
        b, loc, shaped,
        DenseElementsAttr::get(shaped, b.getFloatAttr(elementType, value)));
  Value source = sizeSource();
  SmallVector<Value> dynamicSizes;
  for (auto [i, size] : llvm::enumerate(shaped.getShape()))
    if (ShapedType::isDynamic(size))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, source, i));
  Value empty = tensor::EmptyOp::create(b, loc, shaped, dynamicSizes);
  Value scalar = arith::ConstantOp::create(b, loc, elementType,
                                           b.getFloatAttr(elementType, value));
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value AdjointBuilder::constantLike(Value like, double value) {
  // Adjoints and other values of the reverse sweep give their own sizes;
  // primal values come through primal() (the tape, inside loops).
  return buildConstant(
      b, like.getLoc(), like.getType(),
      [&] { return isUsableAtInsertionPoint(like) ? like : primal(like); },
      value);
}

Value AdjointBuilder::zerosLike(Value primalValue) {
  return constantLike(primalValue, 0.0);
}

//===----------------------------------------------------------------------===//
// Primal values and the tape
//===----------------------------------------------------------------------===//

void AdjointBuilder::mapPrimal(Value v, Value available) {
  scopeOf(v).primals[v] = available;
}

OpBuilder AdjointBuilder::builderAfter(const Scope &scope, ValueRange values) {
  OpBuilder anchored = builderAtAnchor(scope);
  for (Value v : values) {
    Operation *def = v.getDefiningOp();
    if (!def || def->getBlock() != anchored.getInsertionBlock())
      continue;
    Block::iterator ip = anchored.getInsertionPoint();
    if (ip != anchored.getInsertionBlock()->end() && !def->isBeforeInBlock(&*ip))
      anchored.setInsertionPointAfter(def);
  }
  return anchored;
}

bool AdjointBuilder::isAvailableWithoutTape(Value v, unsigned depth) {
  if (v.getParentBlock() == entry ||
      !entry->getParent()->isAncestor(v.getParentRegion()))
    return true;
  if (scopeOf(v).primals.contains(v))
    return true;
  Operation *def = v.getDefiningOp();
  if (!def || depth > kMaxRecomputeDepth)
    return false;
  if (def->hasTrait<OpTrait::ConstantLike>())
    return true;
  // Cheap to recompute: pure integer/index arithmetic, slices (views once
  // bufferized) and elements of tensors (one load), from operands that are
  // themselves available.
  bool cheap = recompute == Recompute::AllPure ||
               llvm::all_of(def->getResultTypes(),
                            [](Type t) { return t.isIntOrIndex(); }) ||
               isa<OffsetSizeAndStrideOpInterface, tensor::ExtractOp>(def);
  if (!cheap || def->getNumRegions() || !isPure(def))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return isAvailableWithoutTape(operand, depth + 1);
  });
}

Value AdjointBuilder::primal(Value v) {
  // Values of the function body dominate the whole reverse sweep.
  if (v.getParentBlock() == entry || !entry->getParent()->isAncestor(
                                         v.getParentRegion()))
    return v;
  Scope &scope = scopeOf(v);
  if (Value known = scope.primals.lookup(v))
    return known;
  Value result;
  Operation *def = v.getDefiningOp();
  if (def && isAvailableWithoutTape(v, 0)) {
    // Recompute instead of saving: constants, index arithmetic, slices.
    SmallVector<Value> operands;
    for (Value operand : def->getOperands())
      operands.push_back(primal(operand));
    OpBuilder at = builderAfter(scope, operands);
    IRMapping mapping;
    mapping.map(def->getOperands(), operands);
    result = at.clone(*def, mapping)
                 ->getResult(cast<OpResult>(v).getResultNumber());
  } else {
    Value stack = stackFor(v);
    // A tensor's dynamic sizes are saved too (as values of the same block),
    // and popped before it.
    SmallVector<Value> sizes;
    if (auto tensor = dyn_cast<RankedTensorType>(v.getType())) {
      OpBuilder atDef(b.getContext());
      atDef.setInsertionPointAfterValue(v);
      for (auto [i, size] : llvm::enumerate(tensor.getShape()))
        if (ShapedType::isDynamic(size))
          sizes.push_back(
              primal(tensor::DimOp::create(atDef, v.getLoc(), v, i)));
    }
    OpBuilder at = builderAfter(scope, sizes);
    result = tape::PopOp::create(at, v.getLoc(), v.getType(), stack, sizes);
  }
  scope.primals[v] = result;
  return result;
}

Value AdjointBuilder::stackFor(Value v) {
  if (Value stack = stacks.lookup(v))
    return stack;
  Operation *top = v.getParentBlock()->getParentOp();
  while (top->getBlock() != entry)
    top = top->getParentOp();

  // The capacity: the product of how often each enclosing region runs per
  // execution of `top`, when every factor is known before `top` runs.
  OpBuilder atTop(top);
  auto isAvailable = [&](Value x) {
    if (x.getParentBlock() != entry)
      return false;
    Operation *xdef = x.getDefiningOp();
    return !xdef || xdef->isBeforeInBlock(top);
  };
  Value capacity;
  for (Block *block = v.getParentBlock(); block != entry;
       block = block->getParentOp()->getBlock()) {
    Operation *parent = block->getParentOp();
    auto rule = dyn_cast<ReverseModeOpInterface>(parent);
    Value bound =
        rule ? rule.buildExecutionBound(atTop,
                                        block->getParent()->getRegionNumber(),
                                        isAvailable)
             : Value();
    if (!bound) {
      capacity = Value();
      break;
    }
    capacity = capacity ? rw::runtime::buildSaturatingMul(atTop, v.getLoc(),
                                                      capacity, bound)
                        : bound;
  }
  // The stack is located at the op whose region saves the value, which the
  // runtime's errors name ("the tape of the scf.for at prog.mlir:3:8").
  Operation *owner = v.getParentBlock()->getParentOp();
  Location stackLoc = NameLoc::get(
      StringAttr::get(v.getContext(), owner->getName().getStringRef()),
      owner->getLoc());
  Value stack = tape::StackCreateOp::create(
      atTop, stackLoc, tape::StackType::get(v.getContext(), v.getType()),
      capacity);

  OpBuilder atDef(b.getContext());
  if (auto arg = dyn_cast<BlockArgument>(v))
    atDef.setInsertionPointToStart(arg.getOwner());
  else
    atDef.setInsertionPointAfter(v.getDefiningOp());
  tape::PushOp::create(atDef, v.getLoc(), stack, v);
  stacks[v] = stack;
  return stack;
}

void AdjointBuilder::finalizeTape(Operation *end) {
  if (stacks.empty())
    return;
  // Each execution of a block pushes each of its saved values once; each
  // reverse execution must pop each of them once, used or not.
  for (auto &[v, stack] : stacks) {
    auto it = finishedScopes.find(v.getParentBlock());
    if (it == finishedScopes.end())
      continue;
    for (auto &scope : it->second) {
      if (scope->primals.contains(v))
        continue;
      OpBuilder anchored = builderAtAnchor(*scope);
      tape::PopOp::create(anchored, v.getLoc(), v.getType(), stack);
    }
  }
  OpBuilder atEnd(end);
  for (auto &entry : stacks)
    tape::StackDestroyOp::create(atEnd, end->getLoc(), entry.second);
}

//===----------------------------------------------------------------------===//
// Regions
//===----------------------------------------------------------------------===//

namespace {
/// While alive, wraps the location of every op `b` inserts (and of the ops
/// nested in it) in a NameLoc `tag`, unless an inner tagger did.
class AdjointTagger : public OpBuilder::Listener {
public:
  AdjointTagger(OpBuilder &b, StringRef tag)
      : b(b), tag(StringAttr::get(b.getContext(), tag)),
        previous(b.getListener()) {
    b.setListener(this);
  }
  ~AdjointTagger() override { b.setListener(previous); }

  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previousPoint) override {
    op->walk([&](Operation *inner) {
      if (!inner->getLoc()->findInstanceOf<NameLoc>())
        inner->setLoc(NameLoc::get(tag, inner->getLoc()));
    });
    if (previous)
      previous->notifyOperationInserted(op, previousPoint);
  }

private:
  OpBuilder &b;
  StringAttr tag;
  OpBuilder::Listener *previous;
};
} // namespace

LogicalResult AdjointBuilder::reverseBlock(Block &primalBlock) {
  SmallVector<Operation *> ops;
  for (Operation &op : primalBlock.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value r) { return isActive(r); }))
      continue;
    auto rule = dyn_cast<ReverseModeOpInterface>(op);
    if (!rule) {
      InFlightDiagnostic diag = op->emitError()
                                << "no derivative rule for '" << op->getName()
                                << "'";
      if (const OpCoverageNote *note =
              findCoverageNote(op->getName().getStringRef()))
        diag << ": " << note->why;
      return diag;
    }
    // The ops the rule creates say whose adjoint they compute (reports of
    // non-finite values name it: rewind-explain-nonfinite).
    AdjointTagger tagger(
        b, (rw::runtime::kAdjointOfPrefix + "'" + op->getName().getStringRef() +
            "'")
               .str());
    if (failed(rule.buildAdjoint(*this)))
      return failure();
  }
  return success();
}

SmallVector<Value> AdjointBuilder::activeValuesDefinedAbove(Operation *op) {
  llvm::SetVector<Value> used;
  getUsedValuesDefinedAbove(op->getRegions(), used);
  SmallVector<Value> active;
  for (Value v : used)
    if (isActive(v))
      active.push_back(v);
  return active;
}

FailureOr<func::FuncOp> AdjointBuilder::getPullback(func::FuncOp callee,
                                                    ArrayRef<unsigned> wrt) {
  return generator.getOrCreate(callee, wrt);
}
