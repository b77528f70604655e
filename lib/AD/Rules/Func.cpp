//===- Func.cpp - Derivative rules for the func dialect -------------------===//
//
// Part of the Rewind project.
//
// The reverse of a call is a call to the callee's pullback, which recomputes
// the callee's forward sweep: no tape crosses a function boundary. The
// adjoints of tensor arguments go in and out (kAccumulatedInto). Its
// forward mode is a call to the callee's forward-mode function.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Pullback.h"
#include "rewind/AD/Rules.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::func;

namespace rw::ad {

static LogicalResult buildAdjointFor(CallOp call, AdjointBuilder &ctx) {
  auto callee =
      SymbolTable::lookupNearestSymbolFrom<FuncOp>(call, call.getCalleeAttr());
  if (!callee)
    return call.emitError() << "cannot differentiate call to unknown function "
                            << call.getCalleeAttr();
  // A function with its own pullback (tape.custom_vjp): call it.
  if (FuncOp custom = tape::customPullback(callee)) {
    SmallVector<Value> operands;
    for (Value operand : call.getOperands())
      operands.push_back(ctx.primal(operand));
    for (Value result : floatValues(call.getResults()))
      operands.push_back(ctx.adjointOrZero(result));
    auto reverse =
        CallOp::create(ctx.builder(), call.getLoc(), custom, operands);
    for (auto [operand, gradient] :
         llvm::zip(floatValues(call.getOperands()), reverse.getResults()))
      ctx.accumulate(operand, gradient);
    return success();
  }
  if (callee.isExternal() && !ctx.pullbacks().isPending(callee))
    return call.emitError()
           << "cannot differentiate call to external function @"
           << callee.getSymName() << ": it has no body";

  SmallVector<unsigned> wrt;
  for (auto [i, operand] : llvm::enumerate(call.getOperands()))
    if (ctx.isActive(operand))
      wrt.push_back(i);
  FailureOr<FuncOp> pullback = ctx.getPullback(callee, wrt);
  if (failed(pullback))
    return failure();

  SmallVector<Value> operands;
  for (Value operand : call.getOperands())
    operands.push_back(ctx.primal(operand));
  for (Value result : call.getResults())
    if (tape::isDifferentiableType(result.getType()))
      operands.push_back(ctx.adjointOrZero(result));
  // A tensor's adjoint goes in and comes back with the callee's part added
  // (a tensor passed twice: its adjoint goes in once, zeros the other time).
  llvm::SmallPtrSet<Value, 4> passedIn;
  SmallVector<bool> replaces;
  bool inPlace = accumulatesInPlace(*pullback);
  for (unsigned position : wrt) {
    Value operand = call.getOperand(position);
    bool inOut = inPlace && hasInOutAdjoint(operand.getType());
    bool first = inOut && passedIn.insert(operand).second;
    if (inOut)
      operands.push_back(first ? ctx.adjointOrZero(operand)
                               : ctx.zerosLike(operand));
    replaces.push_back(first);
  }
  auto reverse =
      CallOp::create(ctx.builder(), call.getLoc(), *pullback, operands);
  for (auto [position, gradient, replace] :
       llvm::zip(wrt, reverse.getResults().drop_front(call.getNumResults()),
                 replaces)) {
    if (replace)
      ctx.setAdjoint(call.getOperand(position), gradient);
    else
      ctx.accumulate(call.getOperand(position), gradient);
  }
  return success();
}

// Forward mode: a call of the callee's forward-mode function, with the
// tangents of the arguments that have one.
static LogicalResult buildTangentFor(CallOp call, TangentBuilder &ctx) {
  auto callee =
      SymbolTable::lookupNearestSymbolFrom<FuncOp>(call, call.getCalleeAttr());
  if (!callee)
    return call.emitError() << "cannot differentiate call to unknown function "
                            << call.getCalleeAttr();
  // A function with its own tangent function (tape.custom_jvp): call it,
  // with a tangent (zero if none) for every floating-point argument.
  if (FuncOp custom = tape::customTangent(callee)) {
    SmallVector<Value> operands;
    for (Value operand : call.getOperands())
      operands.push_back(ctx.primal(operand));
    for (Value operand : floatValues(call.getOperands()))
      operands.push_back(ctx.tangentOrZero(operand));
    auto copy = CallOp::create(ctx.builder(), call.getLoc(), custom, operands);
    ctx.mapResults(call, copy.getResults());
    return success();
  }
  if (tape::customPullback(callee))
    return call.emitError()
           << "cannot differentiate @" << callee.getSymName()
           << " in forward mode: it has its own pullback (tape.custom_vjp) "
              "but no tangent function (tape.custom_jvp)";
  SmallVector<unsigned> wrt;
  SmallVector<Value> operands;
  for (auto [i, operand] : llvm::enumerate(call.getOperands())) {
    operands.push_back(ctx.primal(operand));
    if (ctx.tangent(operand))
      wrt.push_back(i);
  }
  for (unsigned i : wrt)
    operands.push_back(ctx.tangent(call.getOperand(i)));
  FailureOr<FuncOp> jvp = ctx.getJvp(callee, wrt);
  if (failed(jvp))
    return failure();
  auto copy = CallOp::create(ctx.builder(), call.getLoc(), *jvp, operands);
  ctx.mapResults(call, copy.getResults());
  return success();
}

static constexpr OpCoverageNote kFuncNotes[] = {
    {"func.call", Coverage::Rule,
     "the callee gets a pullback of its own (recursion included)"},
    {"func.func", Coverage::PartOfParent,
     "a function: differentiated when called or requested"},
    {"func.return", Coverage::PartOfParent, "terminator"},
    {"func.constant", Coverage::NoDerivative,
     "a reference to a function, not a number"},
    {"func.call_indirect", Coverage::Unsupported,
     "the callee is not known when compiling: call it by name (func.call)"},
};

llvm::ArrayRef<OpCoverageNote> funcCoverageNotes() { return kFuncNotes; }

void registerFuncRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, FuncDialect *) {
    attachAdjointRules<CallOp>(context);
    attachTangentRules<CallOp>(context);
  });
}

} // namespace rw::ad
