//===- OutlineMath.cpp - One copy of each vector math function ------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"

namespace rw {
#define GEN_PASS_DEF_OUTLINEMATHPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

/// Math on vectors that lowers to a few instructions, never worth a call.
static bool isCheap(Operation *op) {
  return isa<math::AbsFOp, math::AbsIOp, math::CeilOp, math::ClampFOp,
             math::CopySignOp, math::CountLeadingZerosOp,
             math::CountTrailingZerosOp, math::CtPopOp, math::FloorOp,
             math::FmaOp, math::IsFiniteOp, math::IsInfOp, math::IsNaNOp,
             math::IsNormalOp, math::RoundEvenOp, math::RoundOp,
             math::RsqrtOp, math::SqrtOp, math::TruncOp>(op);
}

/// Whether `op` runs at most `maxTrips` times per call of its function:
/// every loop around it is an scf.for with constant bounds, and their trip
/// counts multiply to at most `maxTrips`.
static bool isCold(Operation *op, int64_t maxTrips) {
  int64_t trips = 1;
  for (Operation *parent = op->getParentOp();
       parent && !isa<FunctionOpInterface>(parent);
       parent = parent->getParentOp()) {
    if (isa<scf::IfOp, scf::IndexSwitchOp, scf::ExecuteRegionOp>(parent))
      continue;
    auto loop = dyn_cast<scf::ForOp>(parent);
    if (!loop)
      return false;
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!lower || !upper || !step || *step <= 0)
      return false;
    trips *= std::max<int64_t>(0, llvm::divideCeil(*upper - *lower, *step));
    if (trips > maxTrips)
      return false;
  }
  return true;
}

namespace {
struct OutlineMathPass
    : public rw::impl::OutlineMathPassBase<OutlineMathPass> {
  using OutlineMathPassBase::OutlineMathPassBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Cold sites by what they compute: op name, operand and result types,
    // attributes (fast-math flags).
    using Key = std::tuple<OperationName, FunctionType, DictionaryAttr>;
    llvm::MapVector<Key, SmallVector<Operation *>> sites;
    Builder types(module.getContext());
    module.walk([&](Operation *op) {
      if (!isa<math::MathDialect>(op->getDialect()) || isCheap(op) ||
          op->getNumResults() != 1 ||
          !isa<VectorType>(op->getResult(0).getType()) ||
          op->getNumRegions() != 0 || !isCold(op, maxColdTrips))
        return;
      sites[{op->getName(),
             types.getFunctionType(op->getOperandTypes(),
                                   op->getResultTypes()),
             op->getAttrDictionary()}]
          .push_back(op);
    });

    SymbolTable symbols(module);
    OpBuilder b(module.getContext());
    for (auto &[key, ops] : sites) {
      if (ops.size() < 2)
        continue;
      Operation *first = ops.front();
      FunctionType type = std::get<1>(key);
      b.setInsertionPointToEnd(module.getBody());
      std::string name = "__rewind_" + first->getName().getStringRef().str();
      std::replace(name.begin(), name.end(), '.', '_');
      auto outlined = func::FuncOp::create(b, first->getLoc(), name, type);
      // Internal to the module, and never inlined back.
      outlined.setPrivate();
      outlined->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                            b.getContext(),
                                            LLVM::Linkage::Internal));
      outlined->setAttr("passthrough", b.getStrArrayAttr({"noinline"}));
      symbols.insert(outlined);
      Block *body = outlined.addEntryBlock();
      b.setInsertionPointToStart(body);
      IRMapping map;
      map.map(first->getOperands(), body->getArguments());
      Operation *copy = b.clone(*first, map);
      func::ReturnOp::create(b, first->getLoc(), copy->getResults());
      for (Operation *op : ops) {
        b.setInsertionPoint(op);
        auto call = func::CallOp::create(b, op->getLoc(), outlined,
                                         op->getOperands());
        op->replaceAllUsesWith(call);
        op->erase();
      }
    }
  }
};
} // namespace
