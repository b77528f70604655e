//===- BufferizableOpInterfaceImpl.cpp - Bufferizing tape operations ------===//
//
// Part of the Rewind project.
//
// On stacks of tensors, tape.push reads its tensor's buffer, and tape.pop
// becomes a fresh allocation filled by tape.pop_into, which the
// ownership-based deallocation then frees like any other buffer.
//
//===----------------------------------------------------------------------===//

#include "rewind/Dialect/Tape/Transforms/BufferizableOpInterfaceImpl.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace rw::tape;

namespace {
/// A popped tensor becomes a fresh identity-layout buffer of the same shape.
MemRefType popBufferType(Type tensorType) {
  auto tensor = cast<RankedTensorType>(tensorType);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

struct PushOpInterface
    : public BufferizableOpInterface::ExternalModel<PushOpInterface, PushOp> {
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return true;
  }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return false;
  }
  AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                      const AnalysisState &) const {
    return {};
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto push = cast<PushOp>(op);
    FailureOr<Value> buffer =
        getBuffer(rewriter, push.getValue(), options, state);
    if (failed(buffer))
      return failure();
    replaceOpWithNewBufferizedOp<PushOp>(rewriter, op, push.getStack(),
                                         *buffer);
    return success();
  }
};

struct PopOpInterface
    : public BufferizableOpInterface::ExternalModel<PopOpInterface, PopOp> {
  bool bufferizesToAllocation(Operation *, Value) const { return true; }
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return false;
  }
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return false;
  }
  AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                      const AnalysisState &) const {
    return {};
  }
  FailureOr<BufferLikeType>
  getBufferType(Operation *op, Value value, const BufferizationOptions &,
                const BufferizationState &, SmallVector<Value> &) const {
    return cast<BufferLikeType>(popBufferType(value.getType()));
  }
  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &,
                          BufferizationState &) const {
    auto pop = cast<PopOp>(op);
    Value buffer = memref::AllocOp::create(rewriter, pop.getLoc(),
                                           popBufferType(pop.getType()),
                                           pop.getDynamicSizes());
    PopIntoOp::create(rewriter, pop.getLoc(), pop.getStack(), buffer);
    replaceOpWithBufferizedValues(rewriter, op, buffer);
    return success();
  }
};
} // namespace

void rw::tape::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, TapeDialect *) {
    PushOp::attachInterface<PushOpInterface>(*context);
    PopOp::attachInterface<PopOpInterface>(*context);
  });
}
