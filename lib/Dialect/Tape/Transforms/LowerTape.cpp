//===- LowerTape.cpp - Lower tape stacks to memref buffers ----------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Dialect/Tape/IR/Tape.h"
#include "rewind/Dialect/Tape/Transforms/Passes.h"
#include "rewind/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/MapVector.h"

namespace rw::tape {
#define GEN_PASS_DEF_LOWERTAPEPASS
#include "rewind/Dialect/Tape/Transforms/Passes.h.inc"
} // namespace rw::tape

using namespace mlir;
using namespace rw::tape;

namespace {
/// The storage of one stack: stack slots holding the current buffer, the
/// number of elements pushed and the buffer's capacity. A stack of tensors
/// stores their elements one after the other, so its counts are in scalar
/// elements. Sizes are checked by the runtime (`site` names the stack in its
/// errors), which also accounts the tape's bytes.
struct StackStorage {
  Value buffer, size, capacity;
  MemRefType bufferType;
  bool growable = false;
  int64_t site = 0;
  Value scalarBytes;

  Value loadBuffer(OpBuilder &b, Location loc) const {
    return memref::LoadOp::create(b, loc, buffer, ValueRange());
  }
};

/// Initial number of elements of a growable stack.
constexpr int64_t kInitialCapacity = 64;

static Value constantIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// The sizes of `buffer` (a memref) and its number of elements.
static std::pair<SmallVector<OpFoldResult>, Value>
shapeOf(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  SmallVector<OpFoldResult> sizes;
  Value count = constantIndex(b, loc, 1);
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    Value dim = ShapedType::isDynamic(size)
                    ? memref::DimOp::create(b, loc, buffer, i).getResult()
                    : constantIndex(b, loc, size);
    sizes.push_back(ShapedType::isDynamic(size) ? OpFoldResult(dim)
                                                : b.getIndexAttr(size));
    count = arith::MulIOp::create(b, loc, count, dim);
  }
  return {sizes, count};
}

/// A view of `count` elements of the stack's buffer at element `offset`,
/// shaped like `like` (row-major).
static Value viewAt(OpBuilder &b, Location loc, const StackStorage &storage,
                    Value offset, MemRefType like,
                    ArrayRef<OpFoldResult> sizes) {
  bool isStatic = like.hasStaticShape();
  SmallVector<int64_t> staticStrides(like.getRank(), ShapedType::kDynamic);
  SmallVector<OpFoldResult> strides(like.getRank());
  OpFoldResult stride = b.getIndexAttr(1);
  int64_t staticStride = 1;
  for (int64_t d = like.getRank() - 1; d >= 0; --d) {
    strides[d] = stride;
    if (isStatic)
      staticStrides[d] = staticStride;
    staticStride *= isStatic ? like.getDimSize(d) : 1;
    Value next = arith::MulIOp::create(
        b, loc, getValueOrCreateConstantIndexOp(b, loc, stride),
        getValueOrCreateConstantIndexOp(b, loc, sizes[d]));
    stride = isStatic ? OpFoldResult(b.getIndexAttr(staticStride))
                      : OpFoldResult(next);
  }
  auto layout = StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                                       staticStrides);
  auto type = MemRefType::get(like.getShape(), like.getElementType(), layout);
  return memref::ReinterpretCastOp::create(b, loc, type,
                                           storage.loadBuffer(b, loc), offset,
                                           sizes, strides);
}

/// How a stack's entries are stored: `perEntry` scalars of `scalarType`
/// (`bytes` each) per entry, a stack of tensors storing their elements (a
/// stack of tensors of unknown size counts scalars: `perEntry` is 1).
struct EntryLayout {
  Type scalarType;
  int64_t perEntry, bytes;
  /// Entries of a fixed capacity: not growable (tensors of unknown size can
  /// always outgrow a capacity).
  bool fixed;
};

static EntryLayout layoutOf(StackCreateOp create) {
  Type elementType = create.getType().getElementType();
  auto tensorType = dyn_cast<RankedTensorType>(elementType);
  Type scalarType = tensorType ? tensorType.getElementType() : elementType;
  bool dynamic = tensorType && !tensorType.hasStaticShape();
  return {scalarType,
          tensorType && !dynamic ? tensorType.getNumElements() : 1,
          rw::runtime::elementBytes(scalarType),
          create.getCapacity() && !dynamic};
}

/// A stack's buffer and capacity (in scalar elements) when it shares one
/// allocation with others.
struct SharedBuffer {
  Value buffer, capacity;
};

struct LowerTapePass
    : public rw::tape::impl::LowerTapePassBase<LowerTapePass> {
  void runOnOperation() override {
    SmallVector<StackCreateOp> stacks;
    getOperation()->walk([&](StackCreateOp op) { stacks.push_back(op); });
    // Stacks of one fixed capacity, created in one block and destroyed in
    // one block (the values a loop saves), share one allocation: a call
    // whose loop saves five values allocates once, not five times (a
    // recursion's pullbacks spent more in allocating than computing).
    llvm::MapVector<std::pair<Block *, Value>, SmallVector<StackCreateOp>>
        groups;
    for (StackCreateOp create : stacks)
      if (layoutOf(create).fixed && destroyOf(create))
        groups[{create->getBlock(), create.getCapacity()}].push_back(create);
    DenseMap<Operation *, SmallVector<StackCreateOp> *> groupOf;
    for (auto &[key, group] : groups) {
      Block *destroyed = destroyOf(group.front())->getBlock();
      if (group.size() > 1 && llvm::all_of(group, [&](StackCreateOp create) {
            return destroyOf(create)->getBlock() == destroyed;
          }))
        for (StackCreateOp create : group)
          groupOf[create] = &group;
    }
    // (In program order, as are the sites of the runtime's messages.)
    DenseMap<Operation *, SharedBuffer> shared;
    for (StackCreateOp create : stacks) {
      SmallVector<StackCreateOp> *group = groupOf.lookup(create);
      if (group && !shared.count(create))
        allocateTogether(*group, shared);
      if (failed(lowerStack(create, shared.lookup(create))))
        return signalPassFailure();
    }
    lowerCheckpointing();
  }

  /// The stack's one destroy when it has one.
  static Operation *destroyOf(StackCreateOp create) {
    Operation *destroy = nullptr;
    for (Operation *user : create->getUsers())
      if (isa<StackDestroyOp>(user)) {
        if (destroy)
          return nullptr;
        destroy = user;
      }
    return destroy;
  }

  /// One allocation for the stacks of `group`, one after the other, widest
  /// elements first (so each starts aligned to its element), accounted as
  /// one entry of the tape at the first stack's site and freed at the last
  /// destroy.
  void allocateTogether(SmallVector<StackCreateOp> &group,
                        DenseMap<Operation *, SharedBuffer> &shared) {
    auto byPosition = [](StackCreateOp x, StackCreateOp y) {
      return x->isBeforeInBlock(y);
    };
    llvm::sort(group, byPosition);
    StackCreateOp first = group.front();
    Location loc = first.getLoc();
    ModuleOp module = first->getParentOfType<ModuleOp>();
    SmallVector<std::pair<StackCreateOp, EntryLayout>> entries;
    int64_t entryBytes = 0;
    for (StackCreateOp create : group) {
      EntryLayout layout = layoutOf(create);
      entries.push_back({create, layout});
      entryBytes += layout.perEntry * layout.bytes;
    }
    llvm::stable_sort(entries, [](const auto &x, const auto &y) {
      return x.second.bytes > y.second.bytes;
    });
    OpBuilder b(first);
    int64_t site = rw::runtime::addSite(module, describeStack(first));
    Value capacity = rw::runtime::callRuntime(
        b, loc, module, rw::runtime::kTapeCapacity,
        {constantI64(b, loc, site), constantI64(b, loc, 0),
         first.getCapacity(), constantI64(b, loc, entryBytes)},
        /*hasResult=*/true);
    Value entriesCount =
        arith::IndexCastOp::create(b, loc, b.getIndexType(), capacity);
    auto bytesOf = [&](int64_t perEntryBytes) -> Value {
      return arith::MulIOp::create(b, loc, entriesCount,
                                   constantIndex(b, loc, perEntryBytes));
    };
    Value base = memref::AllocOp::create(
        b, loc, MemRefType::get({ShapedType::kDynamic}, b.getI8Type()),
        ValueRange{bytesOf(entryBytes)});
    Value offset = constantIndex(b, loc, 0);
    for (const auto &[create, layout] : entries) {
      Value elements = arith::MulIOp::create(
          b, loc, entriesCount, constantIndex(b, loc, layout.perEntry));
      auto type = MemRefType::get({ShapedType::kDynamic}, layout.scalarType);
      Value view = memref::ViewOp::create(b, loc, type, base, offset,
                                          ValueRange{elements});
      shared[create] = {view, elements};
      offset = arith::AddIOp::create(b, loc, offset,
                                     bytesOf(layout.perEntry * layout.bytes));
    }
    Operation *last = destroyOf(first);
    for (StackCreateOp create : group)
      if (last->isBeforeInBlock(destroyOf(create)))
        last = destroyOf(create);
    b.setInsertionPoint(last);
    rw::runtime::callRuntime(b, last->getLoc(), module,
                             rw::runtime::kTapeRelease,
                             {constantI64(b, loc, site), capacity,
                              constantI64(b, loc, entryBytes)},
                             /*hasResult=*/false);
    memref::DeallocOp::create(b, last->getLoc(), base);
  }

  LogicalResult lowerStack(StackCreateOp create, SharedBuffer shared) {
    auto func = create->getParentOfType<FunctionOpInterface>();
    if (!func || func.getFunctionBody().empty())
      return create.emitOpError("must be inside a function body");
    Location loc = create.getLoc();
    EntryLayout layout = layoutOf(create);
    MLIRContext *ctx = create.getContext();

    StackStorage storage;
    storage.bufferType =
        MemRefType::get({ShapedType::kDynamic}, layout.scalarType);
    ModuleOp module = create->getParentOfType<ModuleOp>();
    if (!shared.buffer)
      storage.site = rw::runtime::addSite(module, describeStack(create));
    // The slots belong to the nearest automatic allocation scope: the
    // function, or the region of a parallel loop that each thread runs
    // (omp.parallel), where every thread needs slots of its own.
    OpBuilder b(ctx);
    Operation *scope =
        create->getParentWithTrait<OpTrait::AutomaticAllocationScope>();
    b.setInsertionPointToStart(&scope->getRegion(0).front());
    auto scalarSlot = [&](Type t) {
      return memref::AllocaOp::create(b, loc, MemRefType::get({}, t));
    };
    storage.buffer = scalarSlot(storage.bufferType);
    storage.size = scalarSlot(b.getIndexType());
    storage.capacity = scalarSlot(b.getIndexType());
    storage.growable = !layout.fixed;

    b.setInsertionPoint(create);
    storage.scalarBytes = constantI64(b, loc, layout.bytes);
    // The runtime checks the capacity in bytes (in units of whole tensors
    // for a stack of static tensors, so the count of scalars cannot
    // overflow either).
    Value capacity;
    Value buffer = shared.buffer;
    if (shared.buffer) {
      capacity = shared.capacity;
    } else if (layout.fixed) {
      capacity = rw::runtime::callRuntime(
          b, loc, module, rw::runtime::kTapeCapacity,
          {constantI64(b, loc, storage.site), constantI64(b, loc, 0),
           create.getCapacity(),
           constantI64(b, loc, layout.perEntry * layout.bytes)},
          /*hasResult=*/true);
      capacity = arith::IndexCastOp::create(b, loc, b.getIndexType(), capacity);
      if (layout.perEntry != 1)
        capacity = arith::MulIOp::create(
            b, loc, capacity, constantIndex(b, loc, layout.perEntry));
    } else {
      // A growable stack starts at its capacity hint (the number of tensors
      // it will hold, when known) or a small default.
      Value hint = create.getCapacity()
                       ? create.getCapacity()
                       : constantIndex(b, loc, kInitialCapacity);
      capacity = growCapacity(b, loc, storage, constantIndex(b, loc, 0), hint);
    }
    if (!buffer)
      buffer = memref::AllocOp::create(b, loc, storage.bufferType,
                                       ValueRange{capacity});
    memref::StoreOp::create(b, loc, buffer, storage.buffer, ValueRange());
    memref::StoreOp::create(b, loc, constantIndex(b, loc, 0), storage.size,
                            ValueRange());
    memref::StoreOp::create(b, loc, capacity, storage.capacity, ValueRange());

    for (Operation *user : llvm::make_early_inc_range(create->getUsers())) {
      b.setInsertionPoint(user);
      Location userLoc = user->getLoc();
      if (auto push = dyn_cast<PushOp>(user)) {
        lowerPush(b, push, storage);
      } else if (auto pop = dyn_cast<PopIntoOp>(user)) {
        lowerPopInto(b, pop, storage);
      } else if (auto pop = dyn_cast<PopOp>(user)) {
        if (isa<RankedTensorType>(create.getType().getElementType()))
          return pop.emitOpError("on a stack of tensors must be bufferized "
                                 "(into tape.pop_into) before rewind-lower-tape");
        lowerPop(b, pop, storage);
      } else if (isa<StackDestroyOp>(user) && shared.buffer) {
        // Released with the stacks it shares its buffer with.
      } else if (isa<StackDestroyOp>(user)) {
        Value capacity =
            memref::LoadOp::create(b, userLoc, storage.capacity, ValueRange());
        rw::runtime::callRuntime(b, userLoc, module, rw::runtime::kTapeRelease,
                             {constantI64(b, userLoc, storage.site), capacity,
                              storage.scalarBytes},
                             /*hasResult=*/false);
        memref::DeallocOp::create(b, userLoc, storage.loadBuffer(b, userLoc));
      } else {
        return user->emitOpError()
               << "uses a tape stack in a way rewind-lower-tape cannot lower";
      }
      user->erase();
    }
    create.erase();
    return success();
  }

  /// The ops of checkpointing under a budget are calls of the runtime,
  /// which knows the tape's bytes.
  void lowerCheckpointing() {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<LiveBytesOp, CheckpointPlanOp, BinomialSplitOp, RecomputedOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      auto module = op->getParentOfType<ModuleOp>();
      Value result;
      if (isa<LiveBytesOp>(op)) {
        result = rw::runtime::callRuntime(b, loc, module,
                                          rw::runtime::kTapeBytes, {}, true);
      } else if (auto plan = dyn_cast<CheckpointPlanOp>(op)) {
        result = rw::runtime::callRuntime(
            b, loc, module, rw::runtime::kCheckpointPlan,
            {constantI64(b, loc, plan.getBudget()),
             constantI64(b, loc, plan.getLevels()), plan.getIterations(),
             plan.getIterationBytes(), plan.getSnapshotBytes()},
            true);
      } else if (isa<BinomialSplitOp>(op)) {
        result = rw::runtime::callRuntime(b, loc, module,
                                          rw::runtime::kBinomialSplit,
                                          op->getOperands(), true);
      } else {
        rw::runtime::callRuntime(b, loc, module, rw::runtime::kRecomputed,
                                 op->getOperands(), false);
      }
      if (result)
        op->getResult(0).replaceAllUsesWith(
            arith::IndexCastOp::create(b, loc, b.getIndexType(), result));
      op->erase();
    }
  }

  /// "the tape of the scf.for at prog.mlir:3:8": stacks are located at the
  /// op whose region saves the value (a NameLoc naming it).
  static std::string describeStack(StackCreateOp create) {
    std::string owner = "loop";
    if (auto name = create.getLoc()->findInstanceOf<NameLoc>())
      owner = name.getName().str();
    return "the tape of the " + owner + " at " +
           rw::runtime::describeLocation(create.getLoc());
  }

  static Value constantI64(OpBuilder &b, Location loc, int64_t v) {
    return arith::ConstantIntOp::create(b, loc, v, 64);
  }

  /// The capacity (in elements) for `needed` elements, from the runtime.
  static Value growCapacity(OpBuilder &b, Location loc,
                            const StackStorage &storage, Value capacity,
                            Value needed) {
    Value grown = rw::runtime::callRuntime(
        b, loc, b.getBlock()->getParentOp()->getParentOfType<ModuleOp>(),
        rw::runtime::kTapeCapacity,
        {constantI64(b, loc, storage.site), capacity, needed,
         storage.scalarBytes},
        /*hasResult=*/true);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), grown);
  }

  /// Makes room for `needed` elements (growable stacks only): the runtime
  /// chooses the new capacity, at least double the old one.
  void ensureCapacity(OpBuilder &b, Location loc, const StackStorage &storage,
                      Value needed) {
    if (!storage.growable)
      return;
    Value capacity =
        memref::LoadOp::create(b, loc, storage.capacity, ValueRange());
    Value full = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                       needed, capacity);
    auto grow = scf::IfOp::create(b, loc, full, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(grow.thenBlock());
    Value grownSize = growCapacity(b, loc, storage, capacity, needed);
    Value grown = memref::ReallocOp::create(b, loc, storage.bufferType,
                                            storage.loadBuffer(b, loc), grownSize);
    memref::StoreOp::create(b, loc, grown, storage.buffer, ValueRange());
    memref::StoreOp::create(b, loc, grownSize, storage.capacity, ValueRange());
  }

  /// Copies `from` into `to`: memcpy between buffers of static shapes and
  /// contiguous rows; otherwise a linalg.copy, loops that LLVM vectorizes
  /// (memref.copy is then a runtime call that copies element by element: a
  /// tensor carried by a loop, pushed at every step, cost more than the
  /// step).
  static void copy(OpBuilder &b, Location loc, Value from, Value to) {
    auto memcpy = [](Value v) {
      return memref::isStaticShapeAndContiguousRowMajor(
          cast<MemRefType>(v.getType()));
    };
    if (memcpy(from) && memcpy(to))
      memref::CopyOp::create(b, loc, from, to);
    else
      linalg::CopyOp::create(b, loc, from, to);
  }

  void lowerPush(OpBuilder &b, PushOp push, const StackStorage &storage) {
    Location loc = push.getLoc();
    Value size = memref::LoadOp::create(b, loc, storage.size, ValueRange());
    Value value = push.getValue();
    if (auto memref = dyn_cast<MemRefType>(value.getType())) {
      auto [sizes, count] = shapeOf(b, loc, value);
      Value next = arith::AddIOp::create(b, loc, size, count);
      ensureCapacity(b, loc, storage, next);
      copy(b, loc, value, viewAt(b, loc, storage, size, memref, sizes));
      memref::StoreOp::create(b, loc, next, storage.size, ValueRange());
      return;
    }
    Value next = arith::AddIOp::create(b, loc, size, constantIndex(b, loc, 1));
    ensureCapacity(b, loc, storage, next);
    memref::StoreOp::create(b, loc, value, storage.loadBuffer(b, loc),
                            ValueRange{size});
    memref::StoreOp::create(b, loc, next, storage.size, ValueRange());
  }

  void lowerPop(OpBuilder &b, PopOp pop, const StackStorage &storage) {
    Location loc = pop.getLoc();
    Value size = memref::LoadOp::create(b, loc, storage.size, ValueRange());
    Value top = arith::SubIOp::create(b, loc, size, constantIndex(b, loc, 1));
    Value value = memref::LoadOp::create(b, loc, storage.loadBuffer(b, loc),
                                         ValueRange{top});
    memref::StoreOp::create(b, loc, top, storage.size, ValueRange());
    pop.replaceAllUsesWith(value);
  }

  void lowerPopInto(OpBuilder &b, PopIntoOp pop, const StackStorage &storage) {
    Location loc = pop.getLoc();
    Value size = memref::LoadOp::create(b, loc, storage.size, ValueRange());
    auto [sizes, count] = shapeOf(b, loc, pop.getBuffer());
    Value top = arith::SubIOp::create(b, loc, size, count);
    copy(b, loc,
         viewAt(b, loc, storage, top,
                cast<MemRefType>(pop.getBuffer().getType()), sizes),
         pop.getBuffer());
    memref::StoreOp::create(b, loc, top, storage.size, ValueRange());
  }
};
} // namespace
