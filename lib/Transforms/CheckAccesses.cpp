//===- CheckAccesses.cpp - Check indices and sizes at run time ------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace rw {
#define GEN_PASS_DEF_CHECKACCESSESPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
/// Dynamic sizes as SSA values, one per (value, dimension) wherever the IR
/// says how a size was made: a linalg result has its init's sizes, a
/// tensor.empty its operands, a slice its size operands (MLIR's
/// `ReifyRankedShapedTypeOpInterface`). Otherwise a `tensor.dim` (or
/// `memref.dim`) right after the value's definition, shared by every check.
/// Two operands whose sizes were made from the same value then compare
/// equal at compile time, and the check disappears.
class Sizes {
public:
  OpFoldResult get(Value shaped, int64_t dim) {
    auto type = cast<ShapedType>(shaped.getType());
    Builder b(shaped.getContext());
    if (!type.isDynamicDim(dim))
      return b.getIndexAttr(type.getDimSize(dim));
    auto key = std::make_pair(shaped, dim);
    if (auto found = cache.find(key); found != cache.end())
      return found->second;
    OpFoldResult size = make(shaped, dim);
    // A size read off another shaped value is that value's size.
    if (auto value = dyn_cast<Value>(size)) {
      Operation *def = value.getDefiningOp();
      std::optional<int64_t> index;
      if (auto op = dyn_cast_or_null<tensor::DimOp>(def))
        index = op.getConstantIndex();
      else if (auto op = dyn_cast_or_null<memref::DimOp>(def))
        index = op.getConstantIndex();
      if (index && def->getOperand(0) != shaped)
        size = get(def->getOperand(0), *index);
    }
    cache[key] = size;
    return size;
  }

private:
  OpFoldResult make(Value shaped, int64_t dim) {
    OpBuilder b(shaped.getContext());
    if (auto result = dyn_cast<OpResult>(shaped)) {
      b.setInsertionPointAfter(result.getOwner());
      if (isa<ReifyRankedShapedTypeOpInterface>(result.getOwner())) {
        FailureOr<OpFoldResult> size = reifyDimOfResult(
            b, result.getOwner(), result.getResultNumber(), dim);
        if (succeeded(size))
          return *size;
      }
    } else {
      b.setInsertionPointToStart(cast<BlockArgument>(shaped).getOwner());
    }
    return linalg::createOrFoldDimOp(b, shaped.getLoc(), shaped, dim);
  }

  DenseMap<std::pair<Value, int64_t>, OpFoldResult> cache;
};

/// The sizes of a linalg op's operands along each loop must agree. When
/// every indexing map result is a loop dimension (elementwise ops,
/// reductions, contractions, broadcasts, transposes), that is one equality
/// per operand dimension with the first operand dimension on the same loop,
/// and an equality already checked where it dominates is not checked again.
/// (MLIR's own check, used for other maps, recomputes each size from the
/// loop ranges, so no two checks are ever alike.)
class LinalgSizeChecks {
public:
  LinalgSizeChecks(Operation *root) : dominance(root) {}

  /// Adds the checks of `op`; false if its maps are not all dimensions.
  bool add(linalg::LinalgOp op,
           function_ref<std::string(Operation *, StringRef)> message) {
    auto isDim = [](AffineExpr e) { return isa<AffineDimExpr>(e); };
    for (AffineMap map : op.getIndexingMapsArray())
      if (!llvm::all_of(map.getResults(), isDim))
        return false;
    struct First {
      OpFoldResult size;
      int64_t operand, dim;
    };
    SmallVector<std::optional<First>> loops(op.getNumLoops());
    OpBuilder b(op);
    for (OpOperand &operand : op->getOpOperands()) {
      if (!isa<ShapedType>(operand.get().getType()))
        continue;
      AffineMap map = op.getMatchingIndexingMap(&operand);
      for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
        std::optional<First> &first =
            loops[cast<AffineDimExpr>(expr).getPosition()];
        OpFoldResult size = sizes.get(operand.get(), dim);
        if (!first) {
          first = First{size, operand.getOperandNumber(), int64_t(dim)};
          continue;
        }
        requireEqual(b, op, first->size, size, [&] {
          return message(op, "dimension #" + std::to_string(dim) +
                                 " of operand #" +
                                 std::to_string(operand.getOperandNumber()) +
                                 " and dimension #" +
                                 std::to_string(first->dim) + " of operand #" +
                                 std::to_string(first->operand) +
                                 " run over the same loop but differ in size");
        });
      }
    }
    return true;
  }

private:
  void requireEqual(OpBuilder &b, Operation *op, OpFoldResult x,
                    OpFoldResult y, function_ref<std::string()> message) {
    if (x == y)
      return;
    auto key = std::make_pair(x.getOpaqueValue(), y.getOpaqueValue());
    if (key.first > key.second)
      std::swap(key.first, key.second);
    SmallVector<Operation *> &earlier = checked[key];
    if (llvm::any_of(earlier, [&](Operation *check) {
          return dominance.properlyDominates(check, op);
        }))
      return;
    Location loc = op->getLoc();
    Value equal = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq,
        getValueOrCreateConstantIndexOp(b, loc, x),
        getValueOrCreateConstantIndexOp(b, loc, y));
    earlier.push_back(cf::AssertOp::create(b, loc, equal, message()));
  }

  DominanceInfo dominance;
  Sizes sizes;
  DenseMap<std::pair<void *, void *>, SmallVector<Operation *>> checked;
};

struct CheckAccessesPass
    : public rw::impl::CheckAccessesPassBase<CheckAccessesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<RuntimeVerifiableOpInterface> ops;
    module.walk([&](RuntimeVerifiableOpInterface op) { ops.push_back(op); });
    auto message = [](Operation *checked, StringRef what) {
      return (what + " in the " + checked->getName().getStringRef() + " at " +
              rw::runtime::describeLocation(checked->getLoc()))
          .str();
    };
    // MLIR's checks (and Rewind's for linalg sizes), as cf.assert ops whose
    // message is the error.
    LinalgSizeChecks linalgChecks(module);
    for (RuntimeVerifiableOpInterface op : ops) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op.getOperation());
      if (linalgOp && linalgChecks.add(linalgOp, message))
        continue;
      OpBuilder b(op);
      op.generateRuntimeVerification(b, op->getLoc(), message);
    }
    // Conditions that fold to true (a tensor.dim's constant index, sizes
    // made from one value) drop their assertion.
    SmallVector<Operation *> checks;
    module.walk([&](cf::AssertOp op) { checks.push_back(op); });
    BackwardSliceOptions slice;
    slice.inclusive = true;
    slice.omitBlockArguments = true;
    slice.filter = [](Operation *op) {
      return op->getNumRegions() == 0 && isMemoryEffectFree(op);
    };
    llvm::SetVector<Operation *> conditions;
    for (Operation *check : checks)
      (void)getBackwardSlice(cast<cf::AssertOp>(check).getArg(), &conditions,
                             slice);
    checks.append(conditions.begin(), conditions.end());
    RewritePatternSet patterns(&getContext());
    cf::AssertOp::getCanonicalizationPatterns(patterns, &getContext());
    GreedyRewriteConfig config;
    config.enableFolding();
    (void)applyOpPatternsGreedily(checks, std::move(patterns), config);
    // Each assertion that may fail becomes a call into the runtime, which
    // ends the call with the message (cf.assert would abort the host
    // process).
    SmallVector<cf::AssertOp> asserts;
    module.walk([&](cf::AssertOp op) { asserts.push_back(op); });
    for (cf::AssertOp check : asserts) {
      OpBuilder b(check);
      Location loc = check.getLoc();
      Value failed = arith::XOrIOp::create(
          b, loc, check.getArg(),
          arith::ConstantIntOp::create(b, loc, 1, 1));
      auto ifFailed = scf::IfOp::create(b, loc, failed,
                                        /*withElseRegion=*/false);
      b.setInsertionPointToStart(ifFailed.thenBlock());
      int64_t site = rw::runtime::addSite(module, check.getMsg());
      rw::runtime::callRuntime(b, loc, module, rw::runtime::kCheckFailed,
                               {arith::ConstantIntOp::create(b, loc, site, 64)},
                               /*hasResult=*/false);
      check.erase();
    }
  }
};
} // namespace
