//===- CheckAccesses.cpp - Check indices and sizes at run time ------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"

namespace rw {
#define GEN_PASS_DEF_CHECKACCESSESPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
struct CheckAccessesPass
    : public rw::impl::CheckAccessesPassBase<CheckAccessesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<RuntimeVerifiableOpInterface> ops;
    module.walk([&](RuntimeVerifiableOpInterface op) { ops.push_back(op); });
    // MLIR's checks, as cf.assert ops whose message is the error.
    for (RuntimeVerifiableOpInterface op : ops) {
      OpBuilder b(op);
      op.generateRuntimeVerification(
          b, op->getLoc(), [](Operation *checked, StringRef what) {
            return (what + " in the " + checked->getName().getStringRef() +
                    " at " + rw::runtime::describeLocation(checked->getLoc()))
                .str();
          });
    }
    // Each assertion becomes a call into the runtime, which ends the call
    // with the message (cf.assert would abort the host process).
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
