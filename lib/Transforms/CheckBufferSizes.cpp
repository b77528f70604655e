//===- CheckBufferSizes.cpp - Check dynamic buffer sizes at run time ------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

namespace rw {
#define GEN_PASS_DEF_CHECKBUFFERSIZESPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct CheckBufferSizesPass
    : public rw::impl::CheckBufferSizesPassBase<CheckBufferSizesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> allocations;
    module.walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::AllocaOp>(op) &&
          op->getNumOperands() > 0)
        allocations.push_back(op);
    });
    for (Operation *op : allocations)
      if (failed(check(module, op)))
        return signalPassFailure();
  }

  LogicalResult check(ModuleOp module, Operation *op) {
    auto type = cast<MemRefType>(op->getResult(0).getType());
    int64_t bytes = rw::runtime::elementBytes(type.getElementType());
    for (int64_t size : type.getShape())
      if (!ShapedType::isDynamic(size) &&
          __builtin_mul_overflow(bytes, size, &bytes))
        return op->emitError() << "a buffer of type " << type
                               << " needs more than 2^63 bytes";
    Location loc = op->getLoc();
    OpBuilder b(op);
    int64_t site = rw::runtime::addSite(
        module, "the tensor created at " + rw::runtime::describeLocation(loc));
    Value siteValue = arith::ConstantIntOp::create(b, loc, site, 64);
    Value total = arith::ConstantIntOp::create(b, loc, bytes, 64);
    ValueRange dynamicSizes = isa<memref::AllocOp>(op)
                                  ? cast<memref::AllocOp>(op).getDynamicSizes()
                                  : cast<memref::AllocaOp>(op).getDynamicSizes();
    for (Value size : dynamicSizes)
      total = rw::runtime::callRuntime(b, loc, module,
                                       rw::runtime::kBufferSize,
                                       {siteValue, total, size},
                                       /*hasResult=*/true);
    return success();
  }
};
} // namespace
