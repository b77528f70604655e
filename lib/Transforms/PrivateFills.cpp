//===- PrivateFills.cpp - One fill per linalg op writing into it ----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace rw {
#define GEN_PASS_DEF_PRIVATEFILLSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;
using namespace mlir::linalg;

/// Whether `op` writes a value computed from scalars alone into a fresh
/// tensor: filling again is cheaper than copying what it wrote.
static bool isFill(Operation *op) {
  auto linalgOp = dyn_cast_or_null<LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp->getNumResults() != 1 ||
      !linalgOp.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
    return false;
  if (isa<FillOp>(op))
    return true;
  auto generic = dyn_cast<GenericOp>(op);
  return generic && generic.getNumParallelLoops() == generic.getNumLoops() &&
         llvm::all_of(generic.getDpsInputs(),
                      [](Value v) {
                        auto shaped = dyn_cast<ShapedType>(v.getType());
                        return !shaped || shaped.getRank() == 0;
                      }) &&
         generic.getRegionOutputArgs()[0].use_empty();
}

namespace {
struct PrivateFillsPass
    : public rw::impl::PrivateFillsPassBase<PrivateFillsPass> {
  void runOnOperation() override {
    SmallVector<OpOperand *> writes;
    getOperation().walk([&](DestinationStyleOpInterface op) {
      if (!op.hasPureTensorSemantics())
        return;
      for (OpOperand &init : op.getDpsInitsMutable())
        if (isFill(init.get().getDefiningOp()) && !init.get().hasOneUse())
          writes.push_back(&init);
    });
    OpBuilder b(&getContext());
    llvm::SetVector<Operation *> fills;
    for (OpOperand *init : writes) {
      Operation *fill = init->get().getDefiningOp();
      fills.insert(fill);
      b.setInsertionPoint(init->getOwner());
      Operation *empty = cast<LinalgOp>(fill).getDpsInits()[0].getDefiningOp();
      IRMapping mapping;
      mapping.map(empty->getResult(0), b.clone(*empty)->getResult(0));
      init->set(b.clone(*fill, mapping)->getResult(0));
    }
    for (Operation *fill : fills) {
      if (!fill->use_empty())
        continue;
      Operation *empty = cast<LinalgOp>(fill).getDpsInits()[0].getDefiningOp();
      fill->erase();
      if (empty->use_empty())
        empty->erase();
    }
  }
};
} // namespace
