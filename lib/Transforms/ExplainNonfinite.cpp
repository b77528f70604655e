//===- ExplainNonfinite.cpp - Report the first NaN or infinity ------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace rw {
#define GEN_PASS_DEF_EXPLAINNONFINITEPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
/// How the report names `op`: "'arith.divf' at f.mlir:7:8", or for an op of
/// the reverse sweep "'arith.divf' of the adjoint of 'math.log' at
/// f.mlir:7:8".
static std::string describe(Operation *op) {
  std::string where = rw::runtime::describeLocation(op->getLoc());
  std::string name = ("'" + op->getName().getStringRef() + "'").str();
  auto tag = op->getLoc()->findInstanceOf<NameLoc>();
  if (tag &&
      tag.getName().getValue().starts_with(rw::runtime::kAdjointOfPrefix))
    return name + " of the adjoint of " +
           tag.getName().getValue()
               .drop_front(rw::runtime::kAdjointOfPrefix.size())
               .str() +
           " at " + where;
  return name + " at " + where;
}

/// True (i1) where the float `x` is NaN or infinite: |x| is unordered with
/// or equal to infinity.
static Value isNonfinite(OpBuilder &b, Location loc, Value x) {
  auto type = cast<FloatType>(x.getType());
  Value inf = arith::ConstantOp::create(
      b, loc, type,
      b.getFloatAttr(type, llvm::APFloat::getInf(type.getFloatSemantics())));
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UEQ,
                               math::AbsFOp::create(b, loc, x), inf);
}

/// The bits of `x` as an f64, in an i64.
static Value asF64Bits(OpBuilder &b, Location loc, Value x) {
  Type f64 = b.getF64Type();
  if (x.getType() != f64)
    x = x.getType().getIntOrFloatBitWidth() < 64
            ? arith::ExtFOp::create(b, loc, f64, x).getResult()
            : arith::TruncFOp::create(b, loc, f64, x).getResult();
  return arith::BitcastOp::create(b, loc, b.getI64Type(), x);
}

/// i1: some element of the tensor of floats `t` is NaN or infinite.
static Value anyNonfinite(OpBuilder &b, Location loc, RankedTensorType type,
                          Value t) {
  Value none = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  Value init = tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({}, b.getI1Type()), ValueRange{none});
  unsigned rank = type.getRank();
  MLIRContext *context = b.getContext();
  auto reduced = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{t}, ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, context),
                          AffineMap::get(rank, 0, context)},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value bad = isNonfinite(nb, nloc, args[0]);
        linalg::YieldOp::create(
            nb, nloc,
            ValueRange{arith::OrIOp::create(nb, nloc, args[1], bad)});
      });
  return tensor::ExtractOp::create(b, loc, reduced.getResult(0), ValueRange{});
}

struct ExplainNonfinitePass
    : public rw::impl::ExplainNonfinitePassBase<ExplainNonfinitePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      // Not inside linalg bodies: their results are checked as tensors.
      func.walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (isa<linalg::LinalgOp, tensor::GenerateOp>(op)) {
          ops.push_back(op);
          return WalkResult::skip();
        }
        // Constants are what they are; an empty tensor's contents are
        // undefined until written.
        if (!isa<arith::ConstantOp, tensor::EmptyOp>(op))
          ops.push_back(op);
        return WalkResult::advance();
      });
    }
    OpBuilder b(&getContext());
    for (Operation *op : ops) {
      if (op->hasTrait<OpTrait::IsTerminator>())
        continue;
      for (Value result : op->getResults()) {
        Type type = result.getType();
        auto tensorType = dyn_cast<RankedTensorType>(type);
        bool isFloat = isa<FloatType>(type);
        if (!isFloat &&
            !(tensorType && isa<FloatType>(tensorType.getElementType())))
          continue;
        Location loc = op->getLoc();
        b.setInsertionPointAfter(op);
        Value bad = isFloat ? isNonfinite(b, loc, result)
                            : anyNonfinite(b, loc, tensorType, result);
        int64_t site = rw::runtime::addSite(module, describe(op));
        auto ifOp = scf::IfOp::create(b, loc, bad, /*withElseRegion=*/false);
        OpBuilder inside = ifOp.getThenBodyBuilder();
        SmallVector<Value> args{arith::ConstantOp::create(
            inside, loc, inside.getI64IntegerAttr(site))};
        SmallVector<Value> operands;
        if (isFloat)
          for (Value operand : op->getOperands())
            if (isa<FloatType>(operand.getType()) && operands.size() < 3)
              operands.push_back(asF64Bits(inside, loc, operand));
        args.push_back(arith::ConstantOp::create(
            inside, loc, inside.getI64IntegerAttr(operands.size())));
        while (operands.size() < 3)
          operands.push_back(arith::ConstantOp::create(
              inside, loc, inside.getI64IntegerAttr(0)));
        args.append(operands);
        rw::runtime::callRuntime(inside, loc, module,
                                 rw::runtime::kNonfinite, args,
                                 /*hasResult=*/false);
      }
    }
  }
};
} // namespace
