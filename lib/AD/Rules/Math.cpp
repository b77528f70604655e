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
static LogicalResult unaryAdjoint(OpT op, AdjointBuilder &ctx, Fn derivative) {
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

using Lazy = llvm::function_ref<Value()>;

// sin' = cos
static LogicalResult buildAdjointFor(SinOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<CosOp>(x()));
  });
}
// cos' = -sin
static LogicalResult buildAdjointFor(CosOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.neg(e.mul(g, e.create<SinOp>(x())));
  });
}
// tan' = 1 + r^2
static LogicalResult buildAdjointFor(TanOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(g, e.add(e.constant(g, 1.0), e.mul(rv, rv)));
  });
}
// sinh' = cosh
static LogicalResult buildAdjointFor(SinhOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<CoshOp>(x()));
  });
}
// cosh' = sinh
static LogicalResult buildAdjointFor(CoshOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.mul(g, e.create<SinhOp>(x()));
  });
}
// tanh' = 1 - r^2
static LogicalResult buildAdjointFor(TanhOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(g, e.sub(e.constant(g, 1.0), e.mul(rv, rv)));
  });
}
// asin' = 1 / sqrt(1 - x^2)
static LogicalResult buildAdjointFor(AsinOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.sub(e.constant(g, 1.0), e.mul(xv, xv))));
  });
}
// acos' = -1 / sqrt(1 - x^2)
static LogicalResult buildAdjointFor(AcosOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.neg(
        e.div(g, e.create<SqrtOp>(e.sub(e.constant(g, 1.0), e.mul(xv, xv)))));
  });
}
// atan' = 1 / (1 + x^2)
static LogicalResult buildAdjointFor(AtanOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.add(e.constant(g, 1.0), e.mul(xv, xv)));
  });
}
// asinh' = 1 / sqrt(x^2 + 1)
static LogicalResult buildAdjointFor(AsinhOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.add(e.mul(xv, xv), e.constant(g, 1.0))));
  });
}
// acosh' = 1 / sqrt(x^2 - 1)
static LogicalResult buildAdjointFor(AcoshOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    return e.div(g, e.create<SqrtOp>(e.sub(e.mul(xv, xv), e.constant(g, 1.0))));
  });
}
// atanh' = 1 / (1 - x^2)
static LogicalResult buildAdjointFor(AtanhOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
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
static LogicalResult buildAdjointFor(ExpOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(g, r());
  });
}
// exp2' = r ln 2
static LogicalResult buildAdjointFor(Exp2Op op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(e.mul(g, r()), e.constant(g, M_LN2));
  });
}
// expm1' = r + 1
static LogicalResult buildAdjointFor(ExpM1Op op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.mul(g, e.add(r(), e.constant(g, 1.0)));
  });
}
// log' = 1 / x
static LogicalResult buildAdjointFor(LogOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, x());
  });
}
// log2' = 1 / (x ln 2)
static LogicalResult buildAdjointFor(Log2Op op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.mul(x(), e.constant(g, M_LN2)));
  });
}
// log10' = 1 / (x ln 10)
static LogicalResult buildAdjointFor(Log10Op op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.mul(x(), e.constant(g, M_LN10)));
  });
}
// log1p' = 1 / (1 + x)
static LogicalResult buildAdjointFor(Log1pOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    return e.div(g, e.add(e.constant(g, 1.0), x()));
  });
}
// sqrt' = 1 / (2 r)
static LogicalResult buildAdjointFor(SqrtOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    return e.div(e.mul(g, e.constant(g, 0.5)), r());
  });
}
// rsqrt' = -r^3 / 2
static LogicalResult buildAdjointFor(RsqrtOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.mul(e.mul(g, e.constant(g, -0.5)), e.mul(rv, e.mul(rv, rv)));
  });
}
// cbrt' = 1 / (3 r^2)
static LogicalResult buildAdjointFor(CbrtOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy, Lazy r) {
    Value rv = r();
    return e.div(g, e.mul(e.constant(g, 3.0), e.mul(rv, rv)));
  });
}
// |x|' = sign(x), 0 at 0
static LogicalResult buildAdjointFor(AbsFOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value sign = e.create<CopySignOp>(e.constant(g, 1.0), xv);
    Value nonzero = e.cmp(CmpFPredicate::ONE, xv, e.constant(g, 0.0));
    return e.selectOrZero(nonzero, e.mul(g, sign));
  });
}
// erf' = 2/sqrt(pi) exp(-x^2)
static LogicalResult buildAdjointFor(ErfOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value gauss = e.create<ExpOp>(e.neg(e.mul(xv, xv)));
    return e.mul(e.mul(g, e.constant(g, M_2_SQRTPI)), gauss);
  });
}
// erfc' = -2/sqrt(pi) exp(-x^2)
static LogicalResult buildAdjointFor(ErfcOp op, AdjointBuilder &ctx) {
  return unaryAdjoint(op, ctx, [](Emitter &e, Value g, Lazy x, Lazy) {
    Value xv = x();
    Value gauss = e.create<ExpOp>(e.neg(e.mul(xv, xv)));
    return e.mul(e.mul(g, e.constant(g, -M_2_SQRTPI)), gauss);
  });
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

// fpowi(x, n) = x^n: d/dx = n x^(n-1)
static LogicalResult buildAdjointFor(FPowIOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value x = ctx.primal(op.getLhs()), n = ctx.primal(op.getRhs());
  Value one = e.create<arith::ConstantOp>(
      n.getType(), ctx.builder().getOneAttr(n.getType()));
  Value power = e.create<FPowIOp>(x, e.create<arith::SubIOp>(n, one));
  Value nf = e.create<arith::SIToFPOp>(x.getType(), n);
  // n x^(n-1) is 0 * inf at x = 0, n = 0, where x^0 is constant: use 0.
  Value nonzero = e.cmp(CmpFPredicate::ONE, nf, e.constant(g, 0.0));
  ctx.accumulate(op.getLhs(),
                 e.selectOrZero(nonzero,
                                e.unlessZero(g, e.mul(g, e.mul(nf, power)))));
  return success();
}

// copysign(a, b) = |a| sign(b): d/da = sign(a) sign(b); b's derivative is 0.
static LogicalResult buildAdjointFor(CopySignOp op, AdjointBuilder &ctx) {
  Value g = ctx.adjoint(op.getResult());
  if (!g)
    return success();
  Emitter e(ctx, op.getLoc());
  Value one = e.constant(g, 1.0);
  Value signA = e.create<CopySignOp>(one, ctx.primal(op.getLhs()));
  Value signB = e.create<CopySignOp>(one, ctx.primal(op.getRhs()));
  ctx.accumulate(op.getLhs(), e.mul(g, e.mul(signA, signB)));
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
    attachZeroDerivativeRules<FloorOp, CeilOp, RoundOp, RoundEvenOp, TruncOp>(
        context);
  });
}

} // namespace rw::ad
