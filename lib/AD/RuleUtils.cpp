//===- RuleUtils.cpp - Helpers for writing derivative rules ---------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"

#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace rw::ad;

Value Emitter::sumAll(Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Type elementType = type.getElementType();
  OpBuilder &b = ctx.builder();
  Value zero = arith::ConstantOp::create(b, loc, elementType,
                                         b.getFloatAttr(elementType, 0.0));
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, elementType);
  init = linalg::FillOp::create(b, loc, zero, init).getResult(0);
  SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  auto reduce = linalg::ReduceOp::create(
      b, loc, ValueRange{tensor}, ValueRange{init}, dims,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value sum = arith::AddFOp::create(nb, nloc, args[0], args[1]);
        linalg::YieldOp::create(nb, nloc, sum);
      });
  return tensor::ExtractOp::create(b, loc, reduce.getResult(0), ValueRange{});
}

void rw::ad::accumulateSlice(AdjointBuilder &ctx, Location loc, Value tensor,
                             Value contribution, ArrayRef<OpFoldResult> offsets,
                             ArrayRef<OpFoldResult> sizes,
                             ArrayRef<OpFoldResult> strides) {
  if (!contribution || !ctx.isActive(tensor))
    return;
  OpBuilder &b = ctx.builder();
  Value current = ctx.adjointOrZero(tensor);
  auto sliceType = cast<RankedTensorType>(contribution.getType());
  Value old = tensor::ExtractSliceOp::create(b, loc, sliceType, current,
                                             offsets, sizes, strides);
  Value sum = arith::AddFOp::create(b, loc, old, contribution);
  ctx.setAdjoint(tensor, tensor::InsertSliceOp::create(b, loc, sum, current,
                                                       offsets, sizes, strides));
}

LogicalResult rw::ad::linearTangent(Operation *op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  IRMapping tangents;
  for (Value operand : op->getOperands())
    tangents.map(operand, tape::isDifferentiableType(operand.getType())
                              ? ctx.tangentOrZero(operand)
                              : ctx.primal(operand));
  Operation *tangent = ctx.builder().clone(*op, tangents);
  for (auto [result, t] : llvm::zip(op->getResults(), tangent->getResults()))
    ctx.setTangent(result, t);
  return success();
}
