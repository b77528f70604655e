//===- AllowContraction.cpp - Let a * b + c become one FMA ----------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace rw {
#define GEN_PASS_DEF_ALLOWCONTRACTIONPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct AllowContractionPass
    : public rw::impl::AllowContractionPassBase<AllowContractionPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    getOperation()->walk([&](arith::ArithFastMathInterface op) {
      arith::FastMathFlagsAttr attr = op.getFastMathFlagsAttr();
      arith::FastMathFlags flags =
          attr ? attr.getValue() : arith::FastMathFlags::none;
      op->setAttr(op.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(
                      context, flags | arith::FastMathFlags::contract));
    });
  }
};
} // namespace
