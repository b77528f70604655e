//===- Math.cpp - Derivative rules for the math dialect -------------------===//
//
// Part of the Rewind project.
//
// Notation in comments: x (y) the operand(s), r the result, g its adjoint.
// Rounding ops have zero derivative and cut derivative paths.
//
//===----------------------------------------------------------------------===//

#include "rewind/AD/RuleUtils.h"
#include "rewind/AD/Rules.h"

#include "mlir/IR/DialectRegistry.h"
#include <cmath>

using namespace mlir;
using namespace mlir::math;
using arith::CmpFPredicate;

namespace rw::ad {

/// A unary rule: contribution = g * derivative(x, r), where `derivative`
/// builds it from the primal operand and result; zero where g is (strong
/// zero, see Emitter::unlessZero).
template <typename OpT, typename Fn>
static LogicalResult unaryRule(OpT op, AdjointBuilder &ctx, Fn derivative) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value x = op->getOperand(0);
  ctx.accumulate(x, e.unlessZero(g, derivative(
                                        e, g, [&] { return ctx.primal(x); },
                                        [&] { return ctx.primal(op.getResult()); })));
  return success();
}

/// The same rule in forward mode: a unary op's local derivative is a
/// scalar, its own transpose, so `derivative` applied to the operand's
/// tangent instead of the result's adjoint gives the result's tangent. Each
/// unary rule below is written once for both modes.
template <typename OpT, typename Fn>
static LogicalResult unaryRule(OpT op, TangentBuilder &ctx, Fn derivative) {
  Value r = ctx.clonePrimal(op)->getResult(0);
  Value x = op->getOperand(0);
  Value t = ctx.tangent(x);
  if (!t)
    return success();
  Emitter e(ctx, op.getLoc());
  Value xv = ctx.primal(x);
  ctx.setTangent(op.getResult(), derivative(e, t, [&] { return xv; },
                                            [&] { return r; }));
  return success();
}

using Lazy = llvm::function_ref<Value()>;

// sin' = cos
template <typename Ctx>
static LogicalResult unaryRuleFor(SinOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<CosOp>(x()));
  });
}
// cos' = -sin
template <typename Ctx>
static LogicalResult unaryRuleFor(CosOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.neg(e.mul(g, e.create<SinOp>(x())));
  });
}
// tan' = 1 + r^2
template <typename Ctx>
static LogicalResult unaryRuleFor(TanOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(g, e.add(e.constant(g, 1.0), e.mul(rv, rv)));
  });
}
// sinh' = cosh
template <typename Ctx>
static LogicalResult unaryRuleFor(SinhOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<CoshOp>(x()));
  });
}
// cosh' = sinh
template <typename Ctx>
static LogicalResult unaryRuleFor(CoshOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<SinhOp>(x()));
  });
}
// tanh' = 1 - r^2
template <typename Ctx>
static LogicalResult unaryRuleFor(TanhOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(g, e.sub(e.constant(g, 1.0), e.mul(rv, rv)));
  });
}
// asin' = 1 / sqrt(1 - x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(AsinOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.sub(e.constant(g, 1.0), e.mul(xv, xv))));
  });
}
// acos' = -1 / sqrt(1 - x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(AcosOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.neg(
        e.div(g, e.create<SqrtOp>(e.sub(e.constant(g, 1.0), e.mul(xv, xv)))));
  });
}
// atan' = 1 / (1 + x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(AtanOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.add(e.constant(g, 1.0), e.mul(xv, xv)));
  });
}
// asinh' = 1 / sqrt(x^2 + 1)
template <typename Ctx>
static LogicalResult unaryRuleFor(AsinhOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.add(e.mul(xv, xv), e.constant(g, 1.0))));
  });
}
// acosh' = 1 / sqrt(x^2 - 1)
template <typename Ctx>
static LogicalResult unaryRuleFor(AcoshOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.sub(e.mul(xv, xv), e.constant(g, 1.0))));
  });
}
// atanh' = 1 / (1 - x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(AtanhOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.sub(e.constant(g, 1.0), e.mul(xv, xv)));
  });
}
// sincos(x) = (sin x, cos x): x gets gs cos x - gc sin x
static LogicalResult buildAdjointFor(SincosOp op, AdjointBuilder &ctx) {
  Value gs = ctx.adjoint(op.getSin()), gc = ctx.adjoint(op.getCos());
  Emitter e(ctx, op.getLoc());
  Value x = op.getOperand();
  if (gs)
    ctx.accumulate(x, e.unlessZero(gs, e.mul(gs, ctx.primal(op.getCos()))));
  if (gc)
    ctx.accumulate(
        x, e.unlessZero(gc, e.neg(e.mul(gc, ctx.primal(op.getSin())))));
  return success();
}
// clampf(x, lo, hi): the derivative goes to x where lo <= x <= hi, to lo
// where x < lo, to hi where x > hi.
static LogicalResult buildAdjointFor(ClampFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value x = ctx.primal(op.getValue());
  Value below = e.cmp(CmpFPredicate::OLT, x, ctx.primal(op.getMin()));
  Value above = e.cmp(CmpFPredicate::OGT, x, ctx.primal(op.getMax()));
  if (ctx.isActive(op.getMin()))
    ctx.accumulate(op.getMin(), e.selectOrZero(below, g));
  if (ctx.isActive(op.getMax()))
    ctx.accumulate(op.getMax(), e.selectOrZero(above, g));
  if (ctx.isActive(op.getValue())) {
    Value outside = e.create<arith::OrIOp>(below, above);
    ctx.accumulate(op.getValue(),
                   e.create<arith::SelectOp>(outside, e.constant(g, 0.0), g));
  }
  return success();
}
// exp' = r
template <typename Ctx>
static LogicalResult unaryRuleFor(ExpOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(g, r());
  });
}
// exp2' = r ln 2
template <typename Ctx>
static LogicalResult unaryRuleFor(Exp2Op op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(e.mul(g, r()), e.constant(g, M_LN2));
  });
}
// expm1' = r + 1
template <typename Ctx>
static LogicalResult unaryRuleFor(ExpM1Op op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(g, e.add(r(), e.constant(g, 1.0)));
  });
}
// log' = 1 / x
template <typename Ctx>
static LogicalResult unaryRuleFor(LogOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, x());
  });
}
// log2' = 1 / (x ln 2)
template <typename Ctx>
static LogicalResult unaryRuleFor(Log2Op op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.mul(x(), e.constant(g, M_LN2)));
  });
}
// log10' = 1 / (x ln 10)
template <typename Ctx>
static LogicalResult unaryRuleFor(Log10Op op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.mul(x(), e.constant(g, M_LN10)));
  });
}
// log1p' = 1 / (1 + x)
template <typename Ctx>
static LogicalResult unaryRuleFor(Log1pOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.add(e.constant(g, 1.0), x()));
  });
}
// sqrt' = 1 / (2 r)
template <typename Ctx>
static LogicalResult unaryRuleFor(SqrtOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.div(e.mul(g, e.constant(g, 0.5)), r());
  });
}
// rsqrt' = -r^3 / 2
template <typename Ctx>
static LogicalResult unaryRuleFor(RsqrtOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(e.mul(g, e.constant(g, -0.5)), e.mul(rv, e.mul(rv, rv)));
  });
}
// cbrt' = 1 / (3 r^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(CbrtOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.div(g, e.mul(e.constant(g, 3.0), e.mul(rv, rv)));
  });
}
// |x|' = sign(x), 0 at 0
template <typename Ctx>
static LogicalResult unaryRuleFor(AbsFOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value sign = e.create<CopySignOp>(e.constant(g, 1.0), xv);
    Value nonzero = e.cmp(CmpFPredicate::ONE, xv, e.constant(g, 0.0));
    return e.selectOrZero(nonzero, e.mul(g, sign));
  });
}
// erf' = 2/sqrt(pi) exp(-x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(ErfOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value gauss = e.create<ExpOp>(e.neg(e.mul(xv, xv)));
    return e.mul(e.mul(g, e.constant(g, M_2_SQRTPI)), gauss);
  });
}
// erfc' = -2/sqrt(pi) exp(-x^2)
template <typename Ctx>
static LogicalResult unaryRuleFor(ErfcOp op, Ctx &ctx) {
  return unaryRule(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value gauss = e.create<ExpOp>(e.neg(e.mul(xv, xv)));
    return e.mul(e.mul(g, e.constant(g, -M_2_SQRTPI)), gauss);
  });
}

template <typename OpT>
static LogicalResult buildAdjointFor(OpT op, AdjointBuilder &ctx) {
  return unaryRuleFor(op, ctx);
}
template <typename OpT>
static LogicalResult buildTangentFor(OpT op, TangentBuilder &ctx) {
  return unaryRuleFor(op, ctx);
}

// atan2(y, x): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2)
static LogicalResult buildAdjointFor(Atan2Op op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value y = ctx.primal(op.getLhs()), x = ctx.primal(op.getRhs());
  Value scale = e.div(g, e.add(e.mul(x, x), e.mul(y, y)));
  if (ctx.isActive(op.getLhs()))
    ctx.accumulate(op.getLhs(), e.unlessZero(g, e.mul(scale, x)));
  if (ctx.isActive(op.getRhs()))
    ctx.accumulate(op.getRhs(), e.unlessZero(g, e.neg(e.mul(scale, y))));
  return success();
}

// powf(a, b) = a^b: d/da = b a^(b-1), d/db = r ln a (0 where a = 0)
static LogicalResult buildAdjointFor(PowFOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value a = ctx.primal(op.getLhs()), bv = ctx.primal(op.getRhs());
  if (ctx.isActive(op.getLhs())) {
    // b a^(b-1) is 0 * inf at a = b = 0, where a^0 is constant: use 0.
    Value power = e.create<PowFOp>(a, e.sub(bv, e.constant(g, 1.0)));
    Value nonzero = e.cmp(CmpFPredicate::ONE, bv, e.constant(g, 0.0));
    ctx.accumulate(op.getLhs(),
                   e.selectOrZero(nonzero, e.unlessZero(
                                               g, e.mul(g, e.mul(bv, power)))));
  }
  if (ctx.isActive(op.getRhs())) {
    Value r = ctx.primal(op.getResult());
    Value nonzero = e.cmp(CmpFPredicate::ONE, a, e.constant(g, 0.0));
    ctx.accumulate(op.getRhs(),
                   e.selectOrZero(nonzero,
                                  e.unlessZero(g, e.mul(g, e.mul(r, e.create<LogOp>(a))))));
  }
  return success();
}

/// g n x^(n-1), 0 where n = 0 (x^0 is constant: no 0 * inf at x = 0).
static Value fpowiDerivative(Emitter &e, OpBuilder &b, Value g, Value x,
                             Value n) {
  Value one = e.create<arith::ConstantOp>(n.getType(),
                                          b.getOneAttr(n.getType()));
  Value power = e.create<FPowIOp>(x, e.create<arith::SubIOp>(n, one));
  Value nf = e.create<arith::SIToFPOp>(x.getType(), n);
  Value nonzero = e.cmp(CmpFPredicate::ONE, nf, e.constant(g, 0.0));
  return e.selectOrZero(nonzero, e.mul(g, e.mul(nf, power)));
}

// fpowi(x, n) = x^n: d/dx = n x^(n-1)
static LogicalResult buildAdjointFor(FPowIOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.accumulate(op.getLhs(),
                 e.unlessZero(g, fpowiDerivative(e, ctx.builder(), g,
                                                 ctx.primal(op.getLhs()),
                                                 ctx.primal(op.getRhs()))));
  return success();
}

/// g sign(a) sign(b): copysign(a, b) = |a| sign(b) along a (b's derivative
/// is 0).
static Value copySignDerivative(Emitter &e, Value g, Value a, Value b) {
  Value one = e.constant(g, 1.0);
  Value signA = e.create<CopySignOp>(one, a);
  Value signB = e.create<CopySignOp>(one, b);
  return e.mul(g, e.mul(signA, signB));
}

// copysign(a, b) = |a| sign(b): d/da = sign(a) sign(b); b's derivative is 0.
static LogicalResult buildAdjointFor(CopySignOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.accumulate(op.getLhs(),
                 copySignDerivative(e, g, ctx.primal(op.getLhs()),
                                    ctx.primal(op.getRhs())));
  return success();
}

// fma(a, b, c) = a b + c
static LogicalResult buildAdjointFor(FmaOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  if (ctx.isActive(op.getA()))
    ctx.accumulate(op.getA(), e.unlessZero(g, e.mul(g, ctx.primal(op.getB()))));
  if (ctx.isActive(op.getB()))
    ctx.accumulate(op.getB(), e.unlessZero(g, e.mul(g, ctx.primal(op.getA()))));
  ctx.accumulate(op.getC(), g);
  return success();
}

// Forward mode of the ops with more than one operand or result.

static Value addTangents(Emitter &e, Value a, Value b) {
  return !a ? b : !b ? a : e.add(a, b);
}

// atan2(y, x): t = (x ty - y tx) / (x^2 + y^2)
static LogicalResult buildTangentFor(Atan2Op op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Emitter e(ctx, op.getLoc());
  Value y = ctx.primal(op.getLhs()), x = ctx.primal(op.getRhs());
  Value t;
  if (Value ty = ctx.tangent(op.getLhs()))
    t = e.mul(x, ty);
  if (Value tx = ctx.tangent(op.getRhs()))
    t = addTangents(e, t, e.neg(e.mul(y, tx)));
  ctx.setTangent(op.getResult(),
                 e.div(t, e.add(e.mul(x, x), e.mul(y, y))));
  return success();
}

// powf(a, b): t = b a^(b-1) ta (0 where b = 0) + r ln a tb (0 where a = 0)
static LogicalResult buildTangentFor(PowFOp op, TangentBuilder &ctx) {
  Value r = ctx.clonePrimal(op)->getResult(0);
  Emitter e(ctx, op.getLoc());
  Value a = ctx.primal(op.getLhs()), bv = ctx.primal(op.getRhs());
  Value zero = e.constant(r, 0.0);
  Value t;
  if (Value ta = ctx.tangent(op.getLhs())) {
    Value power = e.create<PowFOp>(a, e.sub(bv, e.constant(r, 1.0)));
    Value nonzero = e.cmp(CmpFPredicate::ONE, bv, zero);
    t = e.selectOrZero(nonzero, e.mul(ta, e.mul(bv, power)));
  }
  if (Value tb = ctx.tangent(op.getRhs())) {
    Value nonzero = e.cmp(CmpFPredicate::ONE, a, zero);
    t = addTangents(
        e, t, e.selectOrZero(nonzero, e.mul(tb, e.mul(r, e.create<LogOp>(a)))));
  }
  ctx.setTangent(op.getResult(), t);
  return success();
}

// fpowi(x, n): t = n x^(n-1) tx (0 where n = 0)
static LogicalResult buildTangentFor(FPowIOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Value tx = ctx.tangent(op.getLhs());
  if (!tx)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.setTangent(op.getResult(),
                 fpowiDerivative(e, ctx.builder(), tx, ctx.primal(op.getLhs()),
                                 ctx.primal(op.getRhs())));
  return success();
}

// copysign(a, b): t = sign(a) sign(b) ta
static LogicalResult buildTangentFor(CopySignOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Value ta = ctx.tangent(op.getLhs());
  if (!ta)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.setTangent(op.getResult(),
                 copySignDerivative(e, ta, ctx.primal(op.getLhs()),
                                    ctx.primal(op.getRhs())));
  return success();
}

// fma(a, b, c): t = ta b + a tb + tc
static LogicalResult buildTangentFor(FmaOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Emitter e(ctx, op.getLoc());
  Value t = ctx.tangent(op.getC());
  if (Value ta = ctx.tangent(op.getA()))
    t = addTangents(e, t, e.mul(ta, ctx.primal(op.getB())));
  if (Value tb = ctx.tangent(op.getB()))
    t = addTangents(e, t, e.mul(ctx.primal(op.getA()), tb));
  ctx.setTangent(op.getResult(), t);
  return success();
}

// sincos(x): (cos x tx, -sin x tx)
static LogicalResult buildTangentFor(SincosOp op, TangentBuilder &ctx) {
  Operation *copy = ctx.clonePrimal(op);
  Value tx = ctx.tangent(op.getOperand());
  if (!tx)
    return success();
  Emitter e(ctx, op.getLoc());
  ctx.setTangent(op.getSin(), e.mul(tx, copy->getResult(1)));
  ctx.setTangent(op.getCos(), e.neg(e.mul(tx, copy->getResult(0))));
  return success();
}

// clampf(x, lo, hi): the tangent of the operand the result is (x's inside
// [lo, hi], bounds included), as the reverse rule.
static LogicalResult buildTangentFor(ClampFOp op, TangentBuilder &ctx) {
  ctx.clonePrimal(op);
  Emitter e(ctx, op.getLoc());
  Value x = ctx.primal(op.getValue());
  Value below = e.cmp(CmpFPredicate::OLT, x, ctx.primal(op.getMin()));
  Value above = e.cmp(CmpFPredicate::OGT, x, ctx.primal(op.getMax()));
  Value t = e.create<arith::SelectOp>(
      below, ctx.tangentOrZero(op.getMin()),
      e.create<arith::SelectOp>(above, ctx.tangentOrZero(op.getMax()),
                                ctx.tangentOrZero(op.getValue())));
  ctx.setTangent(op.getResult(), t);
  return success();
}

/// copysign(a, b) = |a| sign(b): its derivative with respect to b is zero.
struct CopySignRule
    : public ReverseModeOpInterface::ExternalModel<CopySignRule, CopySignOp> {
  LogicalResult buildAdjoint(Operation *op, AdjointBuilder &ctx) const {
    return buildAdjointFor(cast<CopySignOp>(op), ctx);
  }
  bool hasZeroDerivative(Operation *, unsigned operandIndex) const {
    return operandIndex == 1;
  }
};

static constexpr llvm::StringLiteral kRounding =
    "rounding: zero derivative almost everywhere; cuts derivative paths "
    "(named in zero-gradient explanations)";
static constexpr llvm::StringLiteral kBoolean =
    "a classification: its i1 result carries no derivative";
static constexpr OpCoverageNote kMathNotes[] = {
    {"math.absf", Coverage::Rule, "derivative 0 at 0"},
    {"math.copysign", Coverage::Rule,
     "zero derivative with respect to the sign operand"},
    {"math.powf", Coverage::Rule,
     "d/da is 0 where b = 0 and d/db is 0 where a = 0 (no 0 * inf)"},
    {"math.fpowi", Coverage::Rule, "d/dx is 0 where n = 0"},
    {"math.clampf", Coverage::Rule,
     "the adjoint goes to the value inside [min, max] (bounds included), "
     "to min below, to max above"},
    {"math.floor", Coverage::Rule, kRounding},
    {"math.ceil", Coverage::Rule, kRounding},
    {"math.round", Coverage::Rule, kRounding},
    {"math.roundeven", Coverage::Rule, kRounding},
    {"math.trunc", Coverage::Rule, kRounding},
    {"math.absi", Coverage::NoDerivative, "integer arithmetic"},
    {"math.ctlz", Coverage::NoDerivative, "integer arithmetic"},
    {"math.ctpop", Coverage::NoDerivative, "integer arithmetic"},
    {"math.cttz", Coverage::NoDerivative, "integer arithmetic"},
    {"math.ipowi", Coverage::NoDerivative, "integer arithmetic"},
    {"math.isfinite", Coverage::NoDerivative, kBoolean},
    {"math.isinf", Coverage::NoDerivative, kBoolean},
    {"math.isnan", Coverage::NoDerivative, kBoolean},
    {"math.isnormal", Coverage::NoDerivative, kBoolean},
};

llvm::ArrayRef<OpCoverageNote> mathCoverageNotes() { return kMathNotes; }

void registerMathRules(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, MathDialect *) {
    attachAdjointRules<SinOp, CosOp, TanOp, SinhOp, CoshOp, TanhOp, AsinOp,
                       AcosOp, AtanOp, Atan2Op, ExpOp, Exp2Op, ExpM1Op, LogOp,
                       Log2Op, Log10Op, Log1pOp, SqrtOp, RsqrtOp, CbrtOp,
                       PowFOp, FPowIOp, AbsFOp, FmaOp, ErfOp, ErfcOp, AsinhOp,
                       AcoshOp, AtanhOp, SincosOp>(context);
    attachMaskingAdjointRules<ClampFOp>(context);
    CopySignOp::attachInterface<CopySignRule>(*context);
    attachTangentRules<SinOp, CosOp, TanOp, SinhOp, CoshOp, TanhOp, AsinOp,
                       AcosOp, AtanOp, Atan2Op, ExpOp, Exp2Op, ExpM1Op, LogOp,
                       Log2Op, Log10Op, Log1pOp, SqrtOp, RsqrtOp, CbrtOp,
                       PowFOp, FPowIOp, AbsFOp, FmaOp, ErfOp, ErfcOp, AsinhOp,
                       AcoshOp, AtanhOp, SincosOp, ClampFOp, CopySignOp>(
        context);
    attachZeroDerivativeRules<FloorOp, CeilOp, RoundOp, RoundEvenOp, TruncOp>(
        context);
  });
}

} // namespace rw::ad
