//===- LowerTape.cpp - Lower tape stacks to memref buffers ----------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Dialect/Tape/Transforms/Passes.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

namespace rw::tape {
#define GEN_PASS_DEF_LOWERTAPEPASS
#include "rewind/Dialect/Tape/Transforms/Passes.h.inc"
} // namespace rw::tape

using namespace mlir;
using namespace rw::tape;

namespace {
/// The storage of one stack: stack slots holding the current buffer, the
/// number of elements pushed and (for growable stacks) the buffer's capacity.
struct StackStorage {
  Value buffer, size, capacity;
  MemRefType bufferType;

  Value loadBuffer(OpBuilder &b, Location loc) const {
    return memref::LoadOp::create(b, loc, buffer, ValueRange());
  }
};

/// Initial number of elements of a growable stack.
constexpr int64_t kInitialCapacity = 64;

struct LowerTapePass
    : public rw::tape::impl::LowerTapePassBase<LowerTapePass> {
  void runOnOperation() override {
    SmallVector<StackCreateOp> stacks;
    getOperation()->walk([&](StackCreateOp op) { stacks.push_back(op); });
    for (StackCreateOp create : stacks)
      if (failed(lowerStack(create)))
        return signalPassFailure();
  }

  LogicalResult lowerStack(StackCreateOp create) {
    auto func = create->getParentOfType<FunctionOpInterface>();
    if (!func || func.getFunctionBody().empty())
      return create.emitOpError("must be inside a function body");
    Location loc = create.getLoc();
    Type elementType = create.getType().getElementType();
    MLIRContext *ctx = create.getContext();

    StackStorage storage;
    storage.bufferType = MemRefType::get({ShapedType::kDynamic}, elementType);
    OpBuilder b(ctx);
    b.setInsertionPointToStart(&func.getFunctionBody().front());
    auto scalarSlot = [&](Type t) {
      return memref::AllocaOp::create(b, loc, MemRefType::get({}, t));
    };
    storage.buffer = scalarSlot(storage.bufferType);
    storage.size = scalarSlot(b.getIndexType());
    bool growable = !create.getCapacity();
    if (growable)
      storage.capacity = scalarSlot(b.getIndexType());

    b.setInsertionPoint(create);
    Value capacity =
        growable
            ? arith::ConstantIndexOp::create(b, loc, kInitialCapacity).getResult()
            : create.getCapacity();
    Value buffer =
        memref::AllocOp::create(b, loc, storage.bufferType, ValueRange{capacity});
    memref::StoreOp::create(b, loc, buffer, storage.buffer, ValueRange());
    memref::StoreOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                            storage.size, ValueRange());
    if (growable)
      memref::StoreOp::create(b, loc, capacity, storage.capacity, ValueRange());

    for (Operation *user : llvm::make_early_inc_range(create->getUsers())) {
      b.setInsertionPoint(user);
      if (auto push = dyn_cast<PushOp>(user))
        lowerPush(b, push, storage);
      else if (auto pop = dyn_cast<PopOp>(user))
        lowerPop(b, pop, storage);
      else if (isa<StackDestroyOp>(user))
        memref::DeallocOp::create(b, user->getLoc(),
                                  storage.loadBuffer(b, user->getLoc()));
      else
        return user->emitOpError()
               << "uses a tape stack in a way rewind-lower-tape cannot lower";
      user->erase();
    }
    create.erase();
    return success();
  }

  void lowerPush(OpBuilder &b, PushOp push, const StackStorage &storage) {
    Location loc = push.getLoc();
    Value size = memref::LoadOp::create(b, loc, storage.size, ValueRange());
    if (storage.capacity) {
      // Double the buffer when it is full.
      Value capacity =
          memref::LoadOp::create(b, loc, storage.capacity, ValueRange());
      Value full = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         size, capacity);
      auto grow = scf::IfOp::create(b, loc, full, /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(grow.thenBlock());
      Value doubled = arith::MulIOp::create(
          b, loc, capacity, arith::ConstantIndexOp::create(b, loc, 2));
      Value grown = memref::ReallocOp::create(b, loc, storage.bufferType,
                                              storage.loadBuffer(b, loc),
                                              doubled);
      memref::StoreOp::create(b, loc, grown, storage.buffer, ValueRange());
      memref::StoreOp::create(b, loc, doubled, storage.capacity, ValueRange());
    }
    memref::StoreOp::create(b, loc, push.getValue(), storage.loadBuffer(b, loc),
                            ValueRange{size});
    Value next = arith::AddIOp::create(b, loc, size,
                                       arith::ConstantIndexOp::create(b, loc, 1));
    memref::StoreOp::create(b, loc, next, storage.size, ValueRange());
  }

  void lowerPop(OpBuilder &b, PopOp pop, const StackStorage &storage) {
    Location loc = pop.getLoc();
    Value size = memref::LoadOp::create(b, loc, storage.size, ValueRange());
    Value top = arith::SubIOp::create(b, loc, size,
                                      arith::ConstantIndexOp::create(b, loc, 1));
    Value value = memref::LoadOp::create(b, loc, storage.loadBuffer(b, loc),
                                         ValueRange{top});
    memref::StoreOp::create(b, loc, top, storage.size, ValueRange());
    pop.replaceAllUsesWith(value);
  }
};
} // namespace
