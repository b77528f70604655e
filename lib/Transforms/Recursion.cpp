//===- Recursion.cpp - Recursive functions: stack checks, buffer args -----===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/Pullback.h"
#include "rewind/Runtime/RuntimeABI.h"
#include "rewind/Transforms/Passes.h"

#include "llvm/ADT/SetVector.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"

namespace rw {
#define GEN_PASS_DEF_CHECKRECURSIONPASS
#define GEN_PASS_DEF_RECURSIVEBUFFERARGSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

/// The functions with a body that can call themselves, directly or through
/// others.
static SmallVector<func::FuncOp> recursiveFunctions(ModuleOp module) {
  // The functions each function calls directly.
  llvm::DenseMap<func::FuncOp, llvm::SetVector<func::FuncOp>> callees;
  SymbolTable symbols(module);
  module.walk([&](func::CallOp call) {
    auto caller = call->getParentOfType<func::FuncOp>();
    if (auto callee = symbols.lookup<func::FuncOp>(call.getCallee()))
      if (!callee.isExternal())
        callees[caller].insert(callee);
  });
  auto reachesItself = [&](func::FuncOp start) {
    llvm::SmallPtrSet<Operation *, 8> seen;
    SmallVector<func::FuncOp> worklist(callees[start].begin(),
                                       callees[start].end());
    while (!worklist.empty()) {
      func::FuncOp f = worklist.pop_back_val();
      if (f == start)
        return true;
      if (seen.insert(f).second)
        llvm::append_range(worklist, callees[f]);
    }
    return false;
  };
  SmallVector<func::FuncOp> recursive;
  for (func::FuncOp function : module.getOps<func::FuncOp>())
    if (!function.isExternal() && reachesItself(function))
      recursive.push_back(function);
  return recursive;
}

/// True when `function`'s signature can change: it is private and only
/// called (by func.call ops, which are updated with it).
static bool onlyCalled(SymbolUserMap &users, func::FuncOp function) {
  return function.isPrivate() &&
         llvm::all_of(users.getUsers(function), llvm::IsaPred<func::CallOp>);
}

namespace {
/// A recursive function that is only called gets the stack's limit as one
/// more argument: its callers on the cycle pass theirs along, the others
/// ask the runtime once (`__rewind_stack_limit`), and the check at entry is
/// a comparison (a call into the runtime at each entry was a tenth of a
/// recursive determinant's time). Other recursive functions (public ones,
/// referenced otherwise) ask the runtime at each entry
/// (`__rewind_check_stack`).
struct CheckRecursionPass
    : public rw::impl::CheckRecursionPassBase<CheckRecursionPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection table;
    SymbolUserMap users(table, module);
    // The recursive functions that take the limit, and its argument.
    llvm::DenseMap<Operation *, Value> limits;
    SmallVector<func::FuncOp> recursive = recursiveFunctions(module);
    for (func::FuncOp function : recursive) {
      if (!onlyCalled(users, function))
        continue;
      IndexType index = IndexType::get(&getContext());
      (void)function.insertArgument(function.getNumArguments(), index, {},
                                    function.getLoc());
      limits[function] = function.getArguments().back();
    }
    for (func::FuncOp function : recursive) {
      Value limit = limits.lookup(function);
      insertCheck(module, function, limit);
      if (!limit)
        continue;
      for (Operation *user : users.getUsers(function)) {
        auto call = cast<func::CallOp>(user);
        Value passed =
            limits.lookup(call->getParentOfType<func::FuncOp>());
        if (!passed) {
          OpBuilder b(call);
          passed = arith::IndexCastOp::create(
              b, call.getLoc(), b.getIndexType(),
              rw::runtime::callRuntime(b, call.getLoc(), module,
                                       rw::runtime::kStackLimit, {},
                                       /*hasResult=*/true));
        }
        call->insertOperands(call->getNumOperands(), passed);
      }
    }
  }

  static void insertCheck(ModuleOp module, func::FuncOp function,
                          Value limit) {
    Location loc = function.getLoc();
    OpBuilder b = OpBuilder::atBlockBegin(&function.getBody().front());
    int64_t site = rw::runtime::addSite(
        module, "stack overflow: the recursion through the function at " +
                    rw::runtime::describeLocation(loc) + " is too deep");
    // The address of a local: where this call's frame is on the stack.
    Value local = memref::AllocaOp::create(
        b, loc, MemRefType::get({}, b.getI8Type()));
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, local);
    Value siteNumber = arith::ConstantIntOp::create(b, loc, site, 64);
    if (!limit) {
      rw::runtime::callRuntime(b, loc, module, rw::runtime::kCheckStack,
                               {siteNumber, address}, /*hasResult=*/false);
      return;
    }
    Value tooDeep = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                          address, limit);
    auto ifTooDeep = scf::IfOp::create(b, loc, tooDeep,
                                       /*withElseRegion=*/false);
    b.setInsertionPointToStart(ifTooDeep.thenBlock());
    rw::runtime::callRuntime(b, loc, module, rw::runtime::kCheckFailed,
                             {siteNumber}, /*hasResult=*/false);
  }
};

/// Tensor arguments of recursive functions become buffers: the function
/// reads `bufferization.to_tensor %arg restrict` (copied only if it writes
/// in place) and its callers pass `bufferization.to_buffer read_only`.
/// One-Shot Bufferize cannot see through a call cycle whether the callee
/// writes an argument, so it would copy every tensor at every recursive call.
/// An argument returned updated (a pullback's adjoint, kAccumulatedInto)
/// becomes one writable buffer instead: the function updates it and stores
/// the result there (`materialize_in_destination`, nothing to copy when the
/// updates were in place), the result is dropped, and the caller passes the
/// buffer of its tensor and reads the result back from it.
struct RecursiveBufferArgsPass
    : public rw::impl::RecursiveBufferArgsPassBase<RecursiveBufferArgsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection table;
    SymbolUserMap users(table, module);
    for (func::FuncOp function : recursiveFunctions(module)) {
      if (!onlyCalled(users, function))
        continue;
      FunctionType type = function.getFunctionType();
      SmallVector<Type> inputs(type.getInputs());
      Block &entry = function.getBody().front();
      OpBuilder b = OpBuilder::atBlockBegin(&entry);
      SmallVector<unsigned> changed;
      // Result position -> the argument that holds it.
      llvm::SmallDenseMap<unsigned, unsigned> heldBy;
      for (auto [i, input] : llvm::enumerate(type.getInputs())) {
        auto tensor = dyn_cast<RankedTensorType>(input);
        if (!tensor)
          continue;
        auto result =
            function.getArgAttrOfType<IntegerAttr>(i, rw::ad::kAccumulatedInto);
        bool inOut = result && type.getResult(result.getInt()) == tensor;
        if (inOut)
          heldBy[result.getInt()] = i;
        function.removeArgAttr(i, rw::ad::kAccumulatedInto);
        // Any layout: the caller's buffer is passed as it is.
        SmallVector<int64_t> strides(tensor.getRank(), ShapedType::kDynamic);
        auto buffer = MemRefType::get(
            tensor.getShape(), tensor.getElementType(),
            StridedLayoutAttr::get(&getContext(), ShapedType::kDynamic,
                                   strides));
        BlockArgument arg = entry.getArgument(i);
        arg.setType(buffer);
        auto asTensor = bufferization::ToTensorOp::create(
            b, arg.getLoc(), tensor, arg, /*restrict=*/true,
            /*writable=*/inOut);
        arg.replaceAllUsesExcept(asTensor, asTensor);
        inputs[i] = buffer;
        changed.push_back(i);
      }
      if (changed.empty())
        continue;
      // The results held by arguments are stored there.
      SmallVector<Type> results;
      for (auto [j, result] : llvm::enumerate(type.getResults()))
        if (!heldBy.count(j))
          results.push_back(result);
      function.walk([&](func::ReturnOp ret) {
        OpBuilder at(ret);
        SmallVector<Value> kept;
        for (auto [j, value] : llvm::enumerate(ret.getOperands())) {
          auto held = heldBy.find(j);
          if (held == heldBy.end()) {
            kept.push_back(value);
            continue;
          }
          bufferization::MaterializeInDestinationOp::create(
              at, ret.getLoc(), TypeRange(), value,
              entry.getArgument(held->second), /*restrict=*/true,
              /*writable=*/true);
        }
        ret->setOperands(kept);
      });
      function.setType(FunctionType::get(&getContext(), inputs, results));
      for (Operation *user : users.getUsers(function)) {
        auto call = cast<func::CallOp>(user);
        OpBuilder at(call);
        SmallVector<Value> operands(call.getOperands());
        for (unsigned i : changed)
          operands[i] = bufferization::ToBufferOp::create(
              at, call.getLoc(), inputs[i], operands[i],
              /*read_only=*/!llvm::is_contained(
                  llvm::make_second_range(heldBy), i));
        auto replacement = func::CallOp::create(at, call.getLoc(), function,
                                                operands);
        at.setInsertionPointAfter(replacement);
        unsigned next = 0;
        for (auto [j, old] : llvm::enumerate(call.getResults())) {
          auto held = heldBy.find(j);
          old.replaceAllUsesWith(
              held == heldBy.end()
                  ? Value(replacement.getResult(next++))
                  : Value(bufferization::ToTensorOp::create(
                        at, call.getLoc(), old.getType(),
                        operands[held->second], /*restrict=*/true,
                        /*writable=*/true)));
        }
        call.erase();
      }
    }
  }
};
} // namespace
