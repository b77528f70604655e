//===- RuntimeABI.cpp - Calls from compiled code into Rewind's runtime ----===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;

std::string rw::runtime::describeLocation(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()))
        .str();
  return "an unknown location";
}

int64_t rw::runtime::elementBytes(Type type) {
  return type.isIntOrFloat() ? llvm::divideCeil(type.getIntOrFloatBitWidth(), 8)
                             : 8; // index
}

int64_t rw::runtime::addSite(ModuleOp module, llvm::StringRef description) {
  SmallVector<Attribute> sites;
  if (auto existing = module->getAttrOfType<ArrayAttr>(kSitesAttr))
    sites.assign(existing.begin(), existing.end());
  sites.push_back(StringAttr::get(module.getContext(), description));
  module->setAttr(kSitesAttr, ArrayAttr::get(module.getContext(), sites));
  return sites.size() - 1;
}

Value rw::runtime::callRuntime(OpBuilder &b, Location loc, ModuleOp module,
                               llvm::StringRef name, ValueRange args,
                               bool hasResult) {
  Type i64 = b.getI64Type();
  SmallVector<Value> operands;
  for (Value arg : args)
    operands.push_back(arg.getType().isIndex()
                           ? arith::IndexCastOp::create(b, loc, i64, arg)
                           : arg);
  SmallVector<Type> results;
  if (hasResult)
    results.push_back(i64);
  auto callee = module.lookupSymbol<func::FuncOp>(name);
  if (!callee) {
    OpBuilder atModule = OpBuilder::atBlockEnd(module.getBody());
    callee = func::FuncOp::create(
        atModule, loc, name,
        b.getFunctionType(SmallVector<Type>(operands.size(), i64), results));
    callee.setPrivate();
    // A failed check ends the call (the runtime unwinds to its entry): LLVM
    // may treat the paths to it as unlikely and move the checks out of
    // loops.
    if (name == kCheckFailed)
      callee->setAttr("passthrough", b.getStrArrayAttr({"cold", "noreturn"}));
  }
  auto call = func::CallOp::create(b, loc, callee, operands);
  return hasResult ? call.getResult(0) : Value();
}

Value rw::runtime::buildSaturatingMul(OpBuilder &b, Location loc, Value lhs,
                                      Value rhs) {
  if (matchPattern(lhs, m_One()))
    return rhs;
  if (matchPattern(rhs, m_One()))
    return lhs;
  Type i64 = b.getI64Type();
  auto toI64 = [&](Value v) -> Value {
    return v.getType().isIndex() ? arith::IndexCastOp::create(b, loc, i64, v)
                                 : v;
  };
  Value lhs64 = toI64(lhs), rhs64 = toI64(rhs);
  auto product = arith::MulUIExtendedOp::create(b, loc, lhs64, rhs64);
  Value zero = arith::ConstantIntOp::create(b, loc, 0, 64);
  Value max = arith::ConstantIntOp::create(
      b, loc, std::numeric_limits<int64_t>::max(), 64);
  // Overflow: a high word, or a low word past INT64_MAX.
  Value overflow = arith::OrIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                            product.getHigh(), zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                            product.getLow(), zero));
  Value result =
      arith::SelectOp::create(b, loc, overflow, max, product.getLow());
  return lhs.getType().isIndex()
             ? arith::IndexCastOp::create(b, loc, b.getIndexType(), result)
             : result;
}
