//===- TangentBuilder.cpp - Forward-mode function generation --------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/TangentBuilder.h"
#include "rewind/AD/ForwardModeOpInterface.h"
#include "rewind/AD/ReverseModeOpInterface.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace rw;
using namespace rw::ad;

TangentBuilder::TangentBuilder(JvpGenerator &generator,
                               const ActivityAnalysis *activity)
    : b(generator.context()), generator(generator), activity(activity) {}

Value TangentBuilder::constantLike(Value like, double value) {
  // A primal value of the original function is read through its copy.
  return buildConstant(
      b, like.getLoc(), like.getType(),
      [&] { return mapping.lookupOrDefault(like); }, value);
}

Value TangentBuilder::tangentOrZero(Value v) {
  if (Value t = tangent(v))
    return t;
  return constantLike(v, 0.0);
}

void TangentBuilder::setTangent(Value v, Value t) {
  if (t && tape::isDifferentiableType(v.getType()))
    tangents[v] = t;
}

void TangentBuilder::mapResults(Operation *op, ValueRange copies) {
  unsigned next = op->getNumResults();
  for (auto [i, result] : llvm::enumerate(op->getResults())) {
    mapPrimal(result, copies[i]);
    if (tape::isDifferentiableType(result.getType()))
      setTangent(result, copies[next++]);
  }
}

bool TangentBuilder::hasTangentInput(Operation *op) const {
  if (llvm::any_of(op->getOperands(),
                   [&](Value v) { return tangents.contains(v); }))
    return true;
  if (op->getNumRegions() == 0)
    return false;
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(op->getRegions(), above);
  return llvm::any_of(above, [&](Value v) { return tangents.contains(v); });
}

Operation *TangentBuilder::clonePrimal(Operation *op) {
  return b.clone(*op, mapping);
}

LogicalResult TangentBuilder::differentiateOp(Operation *op) {
  // No tangent flows in, or none can flow out (a comparison, a conversion
  // to an integer: zero derivative), or none would reach a result.
  bool floatResults = llvm::any_of(op->getResultTypes(), [](Type t) {
    return tape::isDifferentiableType(t);
  });
  if (!hasTangentInput(op) || (!floatResults && op->getNumRegions() == 0) ||
      (activity && activity->isInactive(op))) {
    clonePrimal(op);
    return success();
  }
  auto rule = dyn_cast<ForwardModeOpInterface>(op);
  if (!rule)
    return op->emitError() << "cannot differentiate '" << op->getName()
                           << "' in forward mode: it has no forward-mode rule";
  return rule.buildTangent(*this);
}

LogicalResult TangentBuilder::differentiateBlock(Block &block) {
  for (Operation &op : block.without_terminator())
    if (failed(differentiateOp(&op)))
      return failure();
  return success();
}

FailureOr<func::FuncOp> TangentBuilder::getJvp(func::FuncOp callee,
                                               ArrayRef<unsigned> wrt) {
  return generator.getOrCreate(callee, wrt);
}

//===----------------------------------------------------------------------===//
// JvpGenerator
//===----------------------------------------------------------------------===//

JvpGenerator::JvpGenerator(ModuleOp module) : module(module), symbols(module) {}

SmallVector<func::FuncOp> JvpGenerator::functions() const {
  SmallVector<func::FuncOp> fns;
  for (const auto &entry : generated)
    fns.push_back(entry.second);
  return fns;
}

static std::string jvpName(func::FuncOp primal, ArrayRef<unsigned> wrt) {
  std::string name = ("__rewind_jvp_" + primal.getSymName() + "_wrt").str();
  for (unsigned i : wrt)
    name += "_" + std::to_string(i);
  return name;
}

FailureOr<func::FuncOp> JvpGenerator::getOrCreate(func::FuncOp primal,
                                                  ArrayRef<unsigned> wrt) {
  std::string name = jvpName(primal, wrt);
  if (func::FuncOp existing = generated.lookup(name))
    return existing;
  bool custom = tape::customTangent(primal) || tape::customPullback(primal);
  if (primal.isExternal() && !custom)
    return primal.emitError() << "cannot differentiate external function @"
                              << primal.getSymName();
  if (!custom && !primal.getBody().hasOneBlock())
    return primal.emitError()
           << "cannot differentiate @" << primal.getSymName()
           << ": only single-block functions (structured control flow) are "
              "supported";
  FunctionType type = primal.getFunctionType();
  SmallVector<Type> inputs(type.getInputs());
  for (unsigned i : wrt)
    inputs.push_back(type.getInput(i));
  SmallVector<Type> outputs(type.getResults());
  for (Type t : type.getResults())
    if (tape::isDifferentiableType(t))
      outputs.push_back(t);
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  auto jvp = func::FuncOp::create(b, primal.getLoc(), name,
                                  b.getFunctionType(inputs, outputs));
  jvp.setPrivate();
  symbols.insert(jvp);
  generated[name] = jvp;
  // Recursive calls find the declaration above.
  if (failed(generate(primal, jvp, wrt)))
    return failure();
  return jvp;
}

LogicalResult JvpGenerator::generate(func::FuncOp primal, func::FuncOp jvp,
                                     ArrayRef<unsigned> wrt) {
  // A function with its own tangent function: call it, with zero tangents
  // for the floating-point arguments not in `wrt`.
  if (func::FuncOp custom = tape::customTangent(primal)) {
    Block *entry = jvp.addEntryBlock();
    TangentBuilder ctx(*this);
    OpBuilder &b = ctx.builder();
    b.setInsertionPointToEnd(entry);
    unsigned numArgs = primal.getNumArguments();
    SmallVector<Value> operands(entry->getArguments().take_front(numArgs));
    for (unsigned i = 0; i < numArgs; ++i) {
      Value arg = entry->getArgument(i);
      if (!tape::isDifferentiableType(arg.getType()))
        continue;
      const unsigned *given = llvm::find(wrt, i);
      operands.push_back(given != wrt.end()
                             ? entry->getArgument(numArgs + (given - wrt.begin()))
                             : ctx.constantLike(arg, 0.0));
    }
    auto call = func::CallOp::create(b, primal.getLoc(), custom, operands);
    func::ReturnOp::create(b, primal.getLoc(), call.getResults());
    return success();
  }
  if (tape::customPullback(primal))
    return primal.emitError()
           << "cannot differentiate @" << primal.getSymName()
           << " in forward mode: it has its own pullback (tape.custom_vjp) "
              "but no tangent function (tape.custom_jvp)";
  // A prepared copy of the function (named ops generalized, ...), in the
  // module while it is differentiated so that its calls resolve.
  auto scratch = cast<func::FuncOp>(primal->clone());
  scratch.setPrivate();
  symbols.insert(scratch);
  llvm::scope_exit erase([&] { symbols.erase(scratch); });
  if (failed(prepareForDifferentiation(scratch, wrt)))
    return failure();
  Block &from = scratch.getBody().front();
  Block *to = jvp.addEntryBlock();
  unsigned numArgs = primal.getNumArguments();
  ActivityAnalysis activity(scratch, wrt);
  TangentBuilder ctx(*this, &activity);
  for (unsigned i = 0; i < numArgs; ++i)
    ctx.mapPrimal(from.getArgument(i), to->getArgument(i));
  for (auto [k, i] : llvm::enumerate(wrt))
    ctx.setTangent(from.getArgument(i), to->getArgument(numArgs + k));
  ctx.builder().setInsertionPointToEnd(to);
  if (failed(ctx.differentiateBlock(from)))
    return failure();
  auto ret = cast<func::ReturnOp>(from.getTerminator());
  SmallVector<Value> outputs;
  for (Value v : ret.getOperands())
    outputs.push_back(ctx.primal(v));
  for (Value v : ret.getOperands())
    if (tape::isDifferentiableType(v.getType()))
      outputs.push_back(ctx.tangentOrZero(v));
  func::ReturnOp::create(ctx.builder(), ret.getLoc(), outputs);
  return success();
}
