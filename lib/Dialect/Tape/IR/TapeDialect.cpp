//===- TapeDialect.cpp - Tape dialect -------------------------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace rw::tape;

#include "rewind/Dialect/Tape/IR/TapeDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "rewind/Dialect/Tape/IR/TapeTypes.cpp.inc"

#define GET_OP_CLASSES
#include "rewind/Dialect/Tape/IR/TapeOps.cpp.inc"

namespace {
/// Tape operations carry no assumption about their enclosing function, so
/// pullbacks inline into their callers.
struct TapeInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final {
    return true;
  }
};
} // namespace

void TapeDialect::initialize() {
  addInterfaces<TapeInlinerInterface>();
  addTypes<
#define GET_TYPEDEF_LIST
#include "rewind/Dialect/Tape/IR/TapeTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "rewind/Dialect/Tape/IR/TapeOps.cpp.inc"
      >();
}

/// The type a custom rule of `fn` must have: the pullback's (vjp) or the
/// tangent function's.
static FunctionType customRuleType(func::FuncOp fn, bool vjp) {
  FunctionType type = fn.getFunctionType();
  SmallVector<Type> floatArgs, floatResults;
  for (Type t : type.getInputs())
    if (rw::tape::isDifferentiableType(t))
      floatArgs.push_back(t);
  for (Type t : type.getResults())
    if (rw::tape::isDifferentiableType(t))
      floatResults.push_back(t);
  SmallVector<Type> inputs(type.getInputs());
  llvm::append_range(inputs, vjp ? floatResults : floatArgs);
  SmallVector<Type> results;
  if (vjp) {
    results = floatArgs;
  } else {
    results.assign(type.getResults().begin(), type.getResults().end());
    llvm::append_range(results, floatResults);
  }
  return FunctionType::get(fn.getContext(), inputs, results);
}

static func::FuncOp customRule(func::FuncOp fn, StringRef attr) {
  auto name = fn->getAttrOfType<FlatSymbolRefAttr>(attr);
  if (!name)
    return nullptr;
  return SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(fn, name);
}

func::FuncOp rw::tape::customPullback(func::FuncOp fn) {
  return customRule(fn, TapeDialect::kCustomVjp);
}
func::FuncOp rw::tape::customTangent(func::FuncOp fn) {
  return customRule(fn, TapeDialect::kCustomJvp);
}

LogicalResult TapeDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kSnapshots || name == kBinomial || name == kBudget ||
      name == kCheckpointLevels) {
    auto count = dyn_cast<IntegerAttr>(attr.getValue());
    bool levels = name == kCheckpointLevels;
    if (!isa<scf::ForOp, scf::WhileOp>(op) || !count ||
        count.getInt() < (levels ? 0 : 1))
      return op->emitError()
             << "'" << name << "' must be a "
             << (levels ? "non-negative" : "positive")
             << " integer on an scf.for or scf.while";
    if (levels && !op->hasAttr(kBudget))
      return op->emitError() << "'" << name << "' needs '" << kBudget << "'";
    return success();
  }
  bool vjp = name == kCustomVjp;
  if (!vjp && name != kCustomJvp)
    return op->emitError() << "unknown attribute '" << name
                           << "' of the tape dialect";
  auto fn = dyn_cast<func::FuncOp>(op);
  auto symbol = dyn_cast<FlatSymbolRefAttr>(attr.getValue());
  if (!fn || !symbol)
    return op->emitError() << "'" << name
                           << "' must name a function (@f) on a func.func";
  auto rule = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(op, symbol);
  if (!rule)
    return op->emitError() << "'" << name << "' refers to no function "
                           << symbol;
  FunctionType expected = customRuleType(fn, vjp);
  if (rule.getFunctionType() != expected)
    return op->emitError()
           << "'" << name << "' function " << symbol << " must have type "
           << expected
           << (vjp ? " (arguments, a cotangent per floating-point result -> "
                     "a gradient per floating-point argument)"
                   : " (arguments, a tangent per floating-point argument -> "
                     "results, a tangent per floating-point result)")
           << ", not " << rule.getFunctionType();
  return success();
}

bool rw::tape::isDifferentiableType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  return isa<FloatType>(type);
}

//===----------------------------------------------------------------------===//
// StackType
//===----------------------------------------------------------------------===//

static bool isScalar(Type type) {
  return isa<FloatType, IntegerType, IndexType>(type);
}

LogicalResult StackType::verify(function_ref<InFlightDiagnostic()> emitError,
                                Type elementType) {
  auto tensor = dyn_cast<RankedTensorType>(elementType);
  if (!isScalar(elementType) && !(tensor && isScalar(tensor.getElementType())))
    return emitError() << "stack element type must be a scalar integer, index "
                          "or float type or a ranked tensor of one, got "
                       << elementType;
  return success();
}

/// True when `buffer` is the bufferized form of a tensor of type `tensor`.
static bool isBufferOf(Type buffer, Type tensor) {
  auto memref = dyn_cast<MemRefType>(buffer);
  auto ranked = dyn_cast<RankedTensorType>(tensor);
  return memref && ranked && memref.getShape() == ranked.getShape() &&
         memref.getElementType() == ranked.getElementType();
}

LogicalResult CheckpointPlanOp::verify() {
  if (getBudget() < 1)
    return emitOpError("needs a budget of at least one byte, not ")
           << getBudget();
  if (getLevels() < 0)
    return emitOpError("needs a non-negative number of levels, not ")
           << getLevels();
  return success();
}

LogicalResult PushOp::verify() {
  Type element = getStack().getType().getElementType();
  Type value = getValue().getType();
  if (value != element && !isBufferOf(value, element))
    return emitOpError() << "pushes a value of type " << value
                         << " on a stack of " << element;
  return success();
}

LogicalResult PopOp::verify() {
  Type element = getStack().getType().getElementType();
  auto tensor = dyn_cast<RankedTensorType>(element);
  int64_t dynamic = tensor ? tensor.getNumDynamicDims() : 0;
  if ((int64_t)getDynamicSizes().size() != dynamic)
    return emitOpError() << "expects " << dynamic
                         << " dynamic sizes for " << element << ", got "
                         << getDynamicSizes().size();
  return success();
}

namespace {
/// Erases a stack whose popped values are all unused, with every op on it,
/// when nothing else (a call, pop_into) sees it.
struct EraseUnusedStack : OpRewritePattern<PopOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PopOp pop,
                                PatternRewriter &rewriter) const override {
    if (!pop.use_empty())
      return failure();
    Value stack = pop.getStack();
    auto create = stack.getDefiningOp<StackCreateOp>();
    if (!create)
      return failure();
    for (Operation *user : stack.getUsers()) {
      auto other = dyn_cast<PopOp>(user);
      if (!isa<PushOp, StackDestroyOp>(user) && !(other && other.use_empty()))
        return failure();
    }
    for (Operation *user : llvm::make_early_inc_range(stack.getUsers()))
      rewriter.eraseOp(user);
    rewriter.eraseOp(create);
    return success();
  }
};

/// The size of a popped tensor is the size it was popped with: the reverse
/// sweep asks for a primal tensor's shape (to build its adjoint) without
/// keeping the tensor.
struct FoldDimOfPop : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp dim,
                                PatternRewriter &rewriter) const override {
    auto pop = dim.getSource().getDefiningOp<PopOp>();
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!pop || !index)
      return failure();
    auto type = cast<RankedTensorType>(pop.getType());
    if (*index < 0 || *index >= type.getRank() || !type.isDynamicDim(*index))
      return failure();
    rewriter.replaceOp(dim, pop.getDynamicSizes()[type.getDynamicDimIndex(*index)]);
    return success();
  }
};
} // namespace

void PopOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<EraseUnusedStack, FoldDimOfPop>(context);
}

LogicalResult PopIntoOp::verify() {
  Type element = getStack().getType().getElementType();
  if (!isBufferOf(getBuffer().getType(), element))
    return emitOpError() << "buffer type " << getBuffer().getType()
                         << " is not a buffer for " << element;
  return success();
}

//===----------------------------------------------------------------------===//
// Derivative requests
//===----------------------------------------------------------------------===//

/// Shared verification of tape.grad / tape.value_and_grad / tape.vjp /
/// tape.jvp against the callee. `valueResults` is the number of leading
/// results that are the callee's value (0 or 1); `seeds` are the vjp seeds
/// (empty otherwise).
static LogicalResult
verifyDerivativeRequest(Operation *op, SymbolTableCollection &table,
                        FlatSymbolRefAttr callee, ValueRange operands,
                        std::optional<ArrayRef<int64_t>> wrt,
                        unsigned valueResults, bool isVjp, ValueRange seeds) {
  auto fn = table.lookupNearestSymbolFrom<func::FuncOp>(op, callee);
  if (!fn)
    return op->emitOpError() << "'" << callee.getValue()
                             << "' does not reference a func.func";
  FunctionType fnType = fn.getFunctionType();
  if (fn.isExternal() && !customPullback(fn) && !customTangent(fn))
    return op->emitOpError() << "cannot differentiate external function @"
                             << fn.getSymName();
  if (fnType.getNumInputs() != operands.size())
    return op->emitOpError() << "expects " << fnType.getNumInputs()
                             << " operands for @" << fn.getSymName()
                             << ", got " << operands.size();
  for (auto [i, expected, got] :
       llvm::enumerate(fnType.getInputs(), operands.getTypes()))
    if (expected != got)
      return op->emitOpError() << "operand #" << i << " has type " << got
                               << " but @" << fn.getSymName() << " expects "
                               << expected;

  SmallVector<unsigned> positions;
  if (wrt) {
    int64_t prev = -1;
    for (int64_t p : *wrt) {
      if (p < 0 || p >= (int64_t)operands.size())
        return op->emitOpError() << "wrt position " << p
                                 << " is out of range for " << operands.size()
                                 << " arguments";
      if (p <= prev)
        return op->emitOpError()
               << "wrt positions must be strictly increasing";
      prev = p;
      if (!isDifferentiableType(operands[p].getType()))
        return op->emitOpError()
               << "cannot differentiate with respect to argument #" << p
               << " of non-floating-point type " << operands[p].getType();
      positions.push_back(p);
    }
  } else {
    for (auto [i, v] : llvm::enumerate(operands))
      if (isDifferentiableType(v.getType()))
        positions.push_back(i);
  }

  if (auto jvp = dyn_cast<JvpOp>(op)) {
    auto diag = [&]() { return op->emitOpError(); };
    if (jvp.getTangents().size() != positions.size())
      return diag() << "expects one tangent per differentiated argument ("
                    << positions.size() << "), got "
                    << jvp.getTangents().size();
    for (auto [p, tangent] : llvm::zip(positions, jvp.getTangents()))
      if (tangent.getType() != operands[p].getType())
        return diag() << "tangent for argument #" << p << " must have type "
                      << operands[p].getType() << ", got "
                      << tangent.getType();
    SmallVector<Type> expected(fnType.getResults());
    for (Type t : fnType.getResults())
      if (isDifferentiableType(t))
        expected.push_back(t);
    if (TypeRange(op->getResultTypes()) != TypeRange(expected)) {
      auto error = diag() << "expects the results of @" << fn.getSymName()
                          << " and a tangent per floating-point result (";
      llvm::interleaveComma(expected, error);
      return error << ")";
    }
    return success();
  }

  if (isVjp) {
    SmallVector<Type> seedTypes;
    for (Type t : fnType.getResults())
      if (isDifferentiableType(t))
        seedTypes.push_back(t);
    if (TypeRange(seeds) != TypeRange(seedTypes)) {
      auto diag = op->emitOpError()
                  << "expects one seed per floating-point result of @"
                  << fn.getSymName() << " (";
      llvm::interleaveComma(seedTypes, diag);
      return diag << ")";
    }
  } else {
    if (fnType.getNumResults() != 1 ||
        !isa<FloatType>(fnType.getResult(0)))
      return op->emitOpError()
             << "requires @" << fn.getSymName()
             << " to return one floating-point scalar; use tape.vjp for other "
                "results";
  }

  unsigned numResults = op->getNumResults();
  if (numResults != valueResults + positions.size())
    return op->emitOpError()
           << "expects " << valueResults + positions.size() << " results, got "
           << numResults;
  if (valueResults && op->getResult(0).getType() != fnType.getResult(0))
    return op->emitOpError() << "value result must have type "
                             << fnType.getResult(0);
  for (auto [i, p] : llvm::enumerate(positions)) {
    Type got = op->getResult(valueResults + i).getType();
    if (got != operands[p].getType())
      return op->emitOpError() << "gradient for argument #" << p
                               << " must have type " << operands[p].getType()
                               << ", got " << got;
  }
  return success();
}

static SmallVector<unsigned> wrtPositions(std::optional<ArrayRef<int64_t>> wrt,
                                          ValueRange operands) {
  SmallVector<unsigned> positions;
  if (wrt) {
    for (int64_t p : *wrt)
      positions.push_back(p);
    return positions;
  }
  for (auto [i, v] : llvm::enumerate(operands))
    if (isDifferentiableType(v.getType()))
      positions.push_back(i);
  return positions;
}

#define DEFINE_DERIVATIVE_OP_METHODS(OP, VALUE_RESULTS, IS_VJP, SEEDS)         \
  LogicalResult OP::verifySymbolUses(SymbolTableCollection &table) {           \
    return verifyDerivativeRequest(*this, table, getCalleeAttr(),              \
                                   getArgs(), getWrt(), VALUE_RESULTS,     \
                                   IS_VJP, SEEDS);                             \
  }                                                                            \
  func::FuncOp OP::getCalleeFunc(SymbolTableCollection &table) {               \
    return table.lookupNearestSymbolFrom<func::FuncOp>(*this,                  \
                                                       getCalleeAttr());       \
  }                                                                            \
  SmallVector<unsigned> OP::getWrtPositions() {                                \
    return wrtPositions(getWrt(), getArgs());                              \
  }

DEFINE_DERIVATIVE_OP_METHODS(GradOp, 0, false, ValueRange())
DEFINE_DERIVATIVE_OP_METHODS(ValueAndGradOp, 1, false, ValueRange())
DEFINE_DERIVATIVE_OP_METHODS(VjpOp, 0, true, getSeeds())
DEFINE_DERIVATIVE_OP_METHODS(JvpOp, 0, false, ValueRange())
#undef DEFINE_DERIVATIVE_OP_METHODS

