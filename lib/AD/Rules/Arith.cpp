//===- Arith.cpp - Derivative rules for the arith dialect -----------------===//
//
// Part of the Rewind project.
//
// Integer, index and comparison ops need no rule: their results never carry
// derivatives, so the activity analysis never makes them active. Casts from
// integers produce values that depend on no differentiated argument.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::arith;

namespace rw::ad {

static LogicalResult buildAdjointFor(AddFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  ctx.accumulate(op.getLhs(), g);
  ctx.accumulate(op.getRhs(), g);
  return success();
}

static LogicalResult buildAdjointFor(SubFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  ctx.accumulate(op.getLhs(), g);
  if (ctx.isActive(op.getRhs()))
    ctx.accumulate(op.getRhs(), Emitter(ctx, op.getLoc()).neg(g));
  return success();
}

static LogicalResult buildAdjointFor(NegFOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getOperand(), Emitter(ctx, op.getLoc()).neg(g));
  return success();
}

// Products and quotients are strong zeros (Emitter::unlessZero): the
// operand a select did not choose gets 0, even if the other factor is not
// finite there.
static LogicalResult buildAdjointFor(MulFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  if (ctx.isActive(op.getLhs()))
    ctx.accumulate(op.getLhs(), e.unlessZero(g, e.mul(g, ctx.primal(op.getRhs()))));
  if (ctx.isActive(op.getRhs()))
    ctx.accumulate(op.getRhs(), e.unlessZero(g, e.mul(g, ctx.primal(op.getLhs()))));
  return success();
}

// d(a/b) = da/b - (a/b) db/b. With a constant numerator c (1/(1+e^-x), a
// sigmoid), d(c/b) = -(c/b)^2 db/c: multiplications instead of a division.
static LogicalResult buildAdjointFor(DivFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  FloatAttr numerator;
  if (!ctx.isActive(op.getLhs()) &&
      matchPattern(op.getLhs(), m_Constant(&numerator)) &&
      std::isnormal(numerator.getValueAsDouble())) {
    Value quotient = ctx.primal(op.getResult());
    Value scaled = e.mul(
        quotient, e.constant(quotient, -1.0 / numerator.getValueAsDouble()));
    ctx.accumulate(op.getRhs(),
                   e.unlessZero(g, e.mul(g, e.mul(quotient, scaled))));
    return success();
  }
  Value gOverB = e.div(g, ctx.primal(op.getRhs()));
  ctx.accumulate(op.getLhs(), e.unlessZero(g, gOverB));
  if (ctx.isActive(op.getRhs()))
    ctx.accumulate(op.getRhs(),
                   e.unlessZero(g, e.neg(e.mul(gOverB,
                                               ctx.primal(op.getResult())))));
  return success();
}

// remf(a, b) = a - b * trunc(a / b)
static LogicalResult buildAdjointFor(RemFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.accumulate(op.getLhs(), g);
  if (ctx.isActive(op.getRhs())) {
    Value quotient = e.create<math::TruncOp>(
        e.div(ctx.primal(op.getLhs()), ctx.primal(op.getRhs())));
    ctx.accumulate(op.getRhs(), e.unlessZero(g, e.neg(e.mul(g, quotient))));
  }
  return success();
}

/// max/min: the adjoint goes to the operand that was selected, half to each
/// on ties (as JAX and PyTorch do). `wins` says the left operand was strictly
/// selected; maxnum/minnum (`ignoresNaN`) also select it when the right one is
/// NaN.
/// Whether the left operand of a max/min was strictly selected, and whether
/// the operands tie.
static std::pair<Value, Value> selection(Emitter &e, Value lhs, Value rhs,
                                         CmpFPredicate wins, bool ignoresNaN) {
  Value lhsWins = e.cmp(wins, lhs, rhs);
  if (ignoresNaN)
    lhsWins = e.create<OrIOp>(lhsWins, e.cmp(CmpFPredicate::UNO, rhs, rhs));
  return {lhsWins, e.cmp(CmpFPredicate::OEQ, lhs, rhs)};
}

template <typename OpT>
static LogicalResult selectingRule(OpT op, AdjointBuilder &ctx,
                                   CmpFPredicate wins, bool ignoresNaN) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  auto [lhsWins, tie] = selection(e, ctx.primal(op.getLhs()),
                                  ctx.primal(op.getRhs()), wins, ignoresNaN);
  Value half = e.mul(g, e.constant(g, 0.5));
  Value lhsPart = e.create<SelectOp>(lhsWins, g, e.selectOrZero(tie, half));
  ctx.accumulate(op.getLhs(), lhsPart);
  if (ctx.isActive(op.getRhs()))
    ctx.accumulate(op.getRhs(), e.sub(g, lhsPart));
  return success();
}

static LogicalResult buildAdjointFor(SelectOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value cond = ctx.primal(op.getCondition());
  Value zero = e.constant(g, 0.0);
  if (ctx.isActive(op.getTrueValue()))
    ctx.accumulate(op.getTrueValue(), e.create<SelectOp>(cond, g, zero));
  if (ctx.isActive(op.getFalseValue()))
    ctx.accumulate(op.getFalseValue(), e.create<SelectOp>(cond, zero, g));
  return success();
}

static LogicalResult buildAdjointFor(ExtFOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getIn(), Emitter(ctx, op.getLoc())
                                   .create<TruncFOp>(op.getIn().getType(), g));
  return success();
}

static LogicalResult buildAdjointFor(TruncFOp op, AdjointBuilder &ctx) {
  if (Value g = ctx.adjoint(op.getResult()))
    ctx.accumulate(op.getIn(), Emitter(ctx, op.getLoc())
                                   .create<ExtFOp>(op.getIn().getType(), g));
  return success();
}

//===----------------------------------------------------------------------===//
// Forward mode (sums, negations, selects and conversions: linearTangent)
//===----------------------------------------------------------------------===//

/// The tangents of `a` and `b` (zero for one without), and the op's copy.
template <typename OpT>
static std::pair<Value, Value> binaryTangents(OpT op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  return {ctx.tangent(op.getLhs()), ctx.tangent(op.getRhs())};
}

/// t - part, or -part when t is zero (null).
static Value minusTangent(Emitter &e, Value t, Value part) {
  return t ? e.sub(t, part) : e.neg(part);
}

// t = ta b + a tb
static LogicalResult buildTangentFor(MulFOp op, TangentBuilder &ctx) {
  auto [ta, tb] = binaryTangents(op, ctx);
  Emitter e(ctx, op.getLoc());
  Value t;
  if (ta)
    t = e.mul(ta, ctx.primal(op.getRhs()));
  if (tb) {
    Value part = e.mul(ctx.primal(op.getLhs()), tb);
    t = t ? e.add(t, part) : part;
  }
  ctx.setTangent(op.getResult(), t);
  return success();
}

// t = (ta - r tb) / b
static LogicalResult buildTangentFor(DivFOp op, TangentBuilder &ctx) {
  auto [ta, tb] = binaryTangents(op, ctx);
  Emitter e(ctx, op.getLoc());
  Value numerator = ta;
  if (tb)
    numerator = minusTangent(e, ta, e.mul(ctx.primal(op.getResult()), tb));
  ctx.setTangent(op.getResult(), e.div(numerator, ctx.primal(op.getRhs())));
  return success();
}

// t = ta - tb trunc(a / b)
static LogicalResult buildTangentFor(RemFOp op, TangentBuilder &ctx) {
  auto [ta, tb] = binaryTangents(op, ctx);
  Emitter e(ctx, op.getLoc());
  Value t = ta;
  if (tb) {
    Value quotient = e.create<math::TruncOp>(
        e.div(ctx.primal(op.getLhs()), ctx.primal(op.getRhs())));
    t = minusTangent(e, ta, e.mul(tb, quotient));
  }
  ctx.setTangent(op.getResult(), t);
  return success();
}

/// max/min as their reverse rule: the selected operand's tangent, the mean
/// of both on ties.
template <typename OpT>
static LogicalResult selectingRule(OpT op, TangentBuilder &ctx,
                                   CmpFPredicate wins, bool ignoresNaN) {
  ctx.clonePrimal(op);
  Emitter e(ctx, op.getLoc());
  Value ta = ctx.tangentOrZero(op.getLhs()), tb = ctx.tangentOrZero(op.getRhs());
  auto [lhsWins, tie] = selection(e, ctx.primal(op.getLhs()),
                                  ctx.primal(op.getRhs()), wins, ignoresNaN);
  Value mean = e.mul(e.add(ta, tb), e.constant(ta, 0.5));
  ctx.setTangent(op.getResult(),
                 e.create<SelectOp>(lhsWins, ta,
                                    e.create<SelectOp>(tie, mean, tb)));
  return success();
}
// max/min, one rule for both modes (maximum/minimum propagate NaN;
// maxnum/minnum select the other operand).
template <typename Ctx> static LogicalResult ruleFor(MaximumFOp op, Ctx &ctx) {
  return selectingRule(op, ctx, CmpFPredicate::OGT, false);
}
template <typename Ctx> static LogicalResult ruleFor(MaxNumFOp op, Ctx &ctx) {
  return selectingRule(op, ctx, CmpFPredicate::OGT, true);
}
template <typename Ctx> static LogicalResult ruleFor(MinimumFOp op, Ctx &ctx) {
  return selectingRule(op, ctx, CmpFPredicate::OLT, false);
}
template <typename Ctx> static LogicalResult ruleFor(MinNumFOp op, Ctx &ctx) {
  return selectingRule(op, ctx, CmpFPredicate::OLT, true);
}
template <typename OpT>
static LogicalResult buildAdjointFor(OpT op, AdjointBuilder &ctx) {
  return ruleFor(op, ctx);
}
template <typename OpT>
static LogicalResult buildTangentFor(OpT op, TangentBuilder &ctx) {
  return ruleFor(op, ctx);
}

static constexpr llvm::StringLiteral kInteger =
    "integer or index arithmetic: carries no derivative";
static constexpr OpCoverageNote kArithNotes[] = {
    {"arith.maximumf", Coverage::Rule, "ties split the adjoint evenly"},
    {"arith.minimumf", Coverage::Rule, "ties split the adjoint evenly"},
    {"arith.maxnumf", Coverage::Rule,
     "ties split the adjoint evenly; a NaN operand gets none"},
    {"arith.minnumf", Coverage::Rule,
     "ties split the adjoint evenly; a NaN operand gets none"},
    {"arith.select", Coverage::Rule,
     "the unselected operand gets zero, even where it is NaN or infinite"},
    {"arith.remf", Coverage::Rule,
     "d/dy = -trunc(x / y), as for the quotient's integer part held fixed"},
    {"arith.addi", Coverage::NoDerivative, kInteger},
    {"arith.addui_extended", Coverage::NoDerivative, kInteger},
    {"arith.andi", Coverage::NoDerivative, kInteger},
    {"arith.ceildivsi", Coverage::NoDerivative, kInteger},
    {"arith.ceildivui", Coverage::NoDerivative, kInteger},
    {"arith.cmpi", Coverage::NoDerivative, kInteger},
    {"arith.divsi", Coverage::NoDerivative, kInteger},
    {"arith.divui", Coverage::NoDerivative, kInteger},
    {"arith.extsi", Coverage::NoDerivative, kInteger},
    {"arith.extui", Coverage::NoDerivative, kInteger},
    {"arith.floordivsi", Coverage::NoDerivative, kInteger},
    {"arith.index_cast", Coverage::NoDerivative, kInteger},
    {"arith.index_castui", Coverage::NoDerivative, kInteger},
    {"arith.maxsi", Coverage::NoDerivative, kInteger},
    {"arith.maxui", Coverage::NoDerivative, kInteger},
    {"arith.minsi", Coverage::NoDerivative, kInteger},
    {"arith.minui", Coverage::NoDerivative, kInteger},
    {"arith.muli", Coverage::NoDerivative, kInteger},
    {"arith.mulsi_extended", Coverage::NoDerivative, kInteger},
    {"arith.mului_extended", Coverage::NoDerivative, kInteger},
    {"arith.ori", Coverage::NoDerivative, kInteger},
    {"arith.remsi", Coverage::NoDerivative, kInteger},
    {"arith.remui", Coverage::NoDerivative, kInteger},
    {"arith.shli", Coverage::NoDerivative, kInteger},
    {"arith.shrsi", Coverage::NoDerivative, kInteger},
    {"arith.shrui", Coverage::NoDerivative, kInteger},
    {"arith.subi", Coverage::NoDerivative, kInteger},
    {"arith.trunci", Coverage::NoDerivative, kInteger},
    {"arith.xori", Coverage::NoDerivative, kInteger},
    {"arith.cmpf", Coverage::NoDerivative,
     "a comparison: its i1 result carries no derivative (what it selects "
     "or branches on is differentiated along the path taken)"},
    {"arith.fptosi", Coverage::NoDerivative,
     "rounds to an integer: zero derivative almost everywhere"},
    {"arith.fptoui", Coverage::NoDerivative,
     "rounds to an integer: zero derivative almost everywhere"},
    {"arith.sitofp", Coverage::NoDerivative,
     "its integer operand carries no derivative"},
    {"arith.uitofp", Coverage::NoDerivative,
     "its integer operand carries no derivative"},
    {"arith.constant", Coverage::NoDerivative, "a constant"},
    {"arith.bitcast", Coverage::NoDerivative,
     "reinterprets bits: not a differentiable function of its operand"},
    {"arith.scaling_extf", Coverage::Unsupported,
     "block-scaled (OCP MX) conversion with a power-of-two f8E8M0 scale, "
     "for quantized inference"},
    {"arith.scaling_truncf", Coverage::Unsupported,
     "block-scaled (OCP MX) conversion with a power-of-two f8E8M0 scale, "
     "for quantized inference"},
};

llvm::ArrayRef<OpCoverageNote> arithCoverageNotes() { return kArithNotes; }

void registerArithRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, ArithDialect *) {
    attachAdjointRules<AddFOp, SubFOp, NegFOp, MulFOp, DivFOp, RemFOp, ExtFOp,
                       TruncFOp>(context);
    attachMaskingAdjointRules<MaximumFOp, MaxNumFOp, MinimumFOp, MinNumFOp,
                              SelectOp>(context);
    attachLinearTangentRules<AddFOp, SubFOp, NegFOp, SelectOp, ExtFOp,
                             TruncFOp>(context);
    attachTangentRules<MulFOp, DivFOp, RemFOp, MaximumFOp, MaxNumFOp,
                       MinimumFOp, MinNumFOp>(context);
  });
}

} // namespace rw::ad
