//===- ExpandMath.cpp - Vector math as polynomials ------------------------===//
//
// Part of the Rewind project.
//
// MLIR 22 lowers f64 math.exp/log/tanh on vectors to one libm call per lane.
// These patterns compute them with vector arithmetic instead:
//
//   exp(x)   = 2^n (1 + expm1(r)),  x = n ln2 + r,  |r| <= ln2/2,
//   expm1(r) = degree-13 Taylor polynomial, by Estrin's scheme (error < 1e-17),
//   log(x)   = e ln2 + 2 atanh(s),  x = 2^e m,  m in [sqrt(1/2), sqrt(2))
//              (subnormal x scaled by 2^52 first),
//              s = (m-1)/(m+1), atanh as an odd series in s (|s| < 0.172),
//   tanh(x)  = sign(x) * -t / (2 + t),  t = expm1(-2|x|),
//   sin(x), cos(x): x = k pi/2 + r, |r| <= pi/4 (pi/2 split in three for
//              fma), fdlibm's sin and cos kernels on r, the quadrant k mod 4
//              choosing which and its sign; vectors with a lane beyond
//              |x| = 1e5 (or infinite) keep libm (per-lane calls).
//
// 2^n is built by integer arithmetic on the exponent bits. Results are within
// a few ulp of libm for normal inputs; NaN propagates, exp overflows to inf
// and underflows to 0, log(0) = -inf, log(x < 0) = NaN.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace rw {
#define GEN_PASS_DEF_EXPANDMATHPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {

/// Arithmetic on f64 or vectors of f64 (and the matching i64 or vectors of
/// i64).
class F64Math {
public:
  F64Math(ImplicitLocOpBuilder &b, Type type)
      : b(b), type(type), intType(type.isF64() ? Type(b.getI64Type())
                                               : cast<VectorType>(type).clone(
                                                     b.getI64Type())) {}

  Value f(double v) { return constant(type, b.getF64FloatAttr(v)); }
  Value i(int64_t v) { return constant(intType, b.getI64IntegerAttr(v)); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, x, y); }
  Value fma(Value x, Value y, Value z) { return math::FmaOp::create(b, x, y, z); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, c, x, y);
  }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, p, x, y);
  }
  Value bitsOf(Value x) { return arith::BitcastOp::create(b, intType, x); }
  Value fromBits(Value x) { return arith::BitcastOp::create(b, type, x); }

  /// Sum of c[k] x^k by Estrin's scheme: pairs c[2k] + c[2k+1] x, then
  /// pairs of pairs with x^2, and so on. Its dependency chain is
  /// logarithmic in the degree (Horner's rule is linear: 13 dependent FMAs
  /// for exp), which is what limits scalar code in loops.
  Value polynomial(Value x, ArrayRef<double> c) {
    SmallVector<Value> terms;
    for (double ck : c)
      terms.push_back(f(ck));
    Value power = x;
    while (terms.size() > 1) {
      SmallVector<Value> next;
      for (size_t k = 0; k + 1 < terms.size(); k += 2)
        next.push_back(fma(terms[k + 1], power, terms[k]));
      if (terms.size() % 2)
        next.push_back(terms.back());
      terms = std::move(next);
      if (terms.size() > 1)
        power = mul(power, power);
    }
    return terms.front();
  }

  /// 2^n for n (i64) in [-1022, 1023].
  Value pow2(Value n) {
    Value biased = arith::AddIOp::create(b, n, i(1023));
    return fromBits(arith::ShLIOp::create(b, biased, i(52)));
  }

  /// x = n ln2 + r with n integral, |r| <= ln2/2 (Cody-Waite split of ln2).
  std::pair<Value, Value> reduce(Value x) {
    Value n = math::RoundEvenOp::create(b, mul(x, f(M_LOG2E)));
    Value r = fma(n, f(-6.93147180369123816490e-01), x);
    r = fma(n, f(-1.90821492927058770002e-10), r);
    return {n, r};
  }

  /// expm1(r) for |r| <= ln2/2: r + r^2/2! + ... + r^13/13!.
  Value expm1Reduced(Value r) {
    SmallVector<double> c;
    double factorial = 1;
    for (int k = 1; k <= 13; ++k) {
      factorial *= k;
      c.push_back(1.0 / factorial);
    }
    return mul(r, polynomial(r, c));
  }

  /// expm1(x), accurate near 0.
  Value expm1(Value x) {
    Value clamped = arith::MinimumFOp::create(
        b, arith::MaximumFOp::create(b, x, f(-745.0)), f(710.0));
    auto [n, r] = reduce(clamped);
    Value p = expm1Reduced(r);
    // Where 2^n overflows (n > 1023), the -1 does not count: exp's scaling.
    Value big = cmp(arith::CmpFPredicate::OGT, n, f(1000.0));
    Value ni = arith::FPToSIOp::create(b, intType, n);
    Value result =
        select(big, scaled(add(p, f(1.0)), ni), expm1Scaled(n, p));
    return keepNaN(x, result);
  }

  Value exp(Value x) {
    // Beyond the clamps the result is inf or 0 anyway.
    Value clamped = arith::MinimumFOp::create(
        b, arith::MaximumFOp::create(b, x, f(-746.0)), f(710.0));
    auto [n, r] = reduce(clamped);
    Value p = add(expm1Reduced(r), f(1.0));
    return keepNaN(x, scaled(p, arith::FPToSIOp::create(b, intType, n)));
  }

  Value log(Value x) {
    // Subnormals: scale into the normal range first.
    Value subnormal = cmp(arith::CmpFPredicate::OLT, x, f(0x1p-1022));
    Value scaled = select(subnormal, mul(x, f(0x1p52)), x);
    Value bits = bitsOf(scaled);
    Value exponentBits = arith::ShRUIOp::create(b, bits, i(52));
    Value e = arith::SubIOp::create(
        b, exponentBits,
        arith::SelectOp::create(b, subnormal, i(1023 + 52), i(1023)));
    Value mantissa = arith::OrIOp::create(
        b, arith::AndIOp::create(b, bits, i((int64_t(1) << 52) - 1)),
        i(int64_t(1023) << 52));
    Value m = fromBits(mantissa); // in [1, 2)
    Value big = cmp(arith::CmpFPredicate::OGT, m, f(M_SQRT2));
    m = select(big, mul(m, f(0.5)), m);
    Value ef = arith::SIToFPOp::create(b, type, e);
    ef = select(big, add(ef, f(1.0)), ef);
    Value s = div(sub(m, f(1.0)), add(m, f(1.0)));
    Value s2 = mul(s, s);
    SmallVector<double> c;
    for (int k = 0; k <= 11; ++k)
      c.push_back(2.0 / (2 * k + 1));
    Value logm = mul(s, polynomial(s2, c));
    Value result = fma(ef, f(M_LN2), logm);
    // Special values: log(0) = -inf, log(x<0) = NaN, log(inf) = inf, NaN.
    result = select(cmp(arith::CmpFPredicate::OEQ, x, f(0.0)), f(-INFINITY),
                    result);
    result = select(cmp(arith::CmpFPredicate::OLT, x, f(0.0)), f(NAN), result);
    result = select(cmp(arith::CmpFPredicate::OEQ, x, f(INFINITY)), x, result);
    return keepNaN(x, result);
  }

  /// sin(x) or cos(x) for |x| <= 1e5 (NaN propagates).
  Value sinOrCos(Value x, bool cosine) {
    Value small = cmp(arith::CmpFPredicate::OLE,
                      math::AbsFOp::create(b, x), f(1e5));
    Value k = math::RoundEvenOp::create(b, mul(x, f(M_2_PI)));
    k = select(small, k, f(0.0)); // defined conversions below
    // pi/2 = P1 + P2 + P3 (P1, P2 doubles, P3 the rest).
    Value r = fma(k, f(-1.5707963267948966), x);
    r = fma(k, f(-6.123233995736766e-17), r);
    r = fma(k, f(1.4973849048591698e-33), r);
    Value z = mul(r, r);
    // fdlibm's __kernel_sin and __kernel_cos (|r| <= pi/4, < 1 ulp).
    Value sinR = fma(mul(r, z),
                     polynomial(z, {-1.66666666666666324348e-01,
                                8.33333333332248946124e-03,
                                -1.98412698298579493134e-04,
                                2.75573137070700676789e-06,
                                -2.50507602534068634195e-08,
                                1.58969099521155010221e-10}),
                     r);
    Value cosTail = mul(z, polynomial(z, {4.16666666666666019037e-02,
                                      -1.38888888888741095749e-03,
                                      2.48015872894767294178e-05,
                                      -2.75573143513906633035e-07,
                                      2.08757232129817482790e-09,
                                      -1.13596475577881948265e-11}));
    Value hz = mul(z, f(0.5));
    Value w = sub(f(1.0), hz);
    Value cosR = add(w, fma(z, cosTail, sub(sub(f(1.0), w), hz)));
    // Quadrant: cos x = sin(x + pi/2).
    Value q = arith::FPToSIOp::create(b, intType, k);
    if (cosine)
      q = arith::AddIOp::create(b, q, i(1));
    auto bit = [&](int64_t mask) {
      return arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                                   arith::AndIOp::create(b, q, i(mask)), i(0));
    };
    Value result = select(bit(1), cosR, sinR);
    return select(bit(2), arith::NegFOp::create(b, result), result);
  }

  Value tanh(Value x) {
    // tanh(x) rounds to +-1 beyond |x| = 19.1: clamping at 20 keeps
    // expm1 within range without its own clamps.
    Value ax = arith::MinimumFOp::create(b, math::AbsFOp::create(b, x),
                                         f(20.0));
    Value t = expm1InRange(mul(ax, f(-2.0)));
    Value magnitude = div(arith::NegFOp::create(b, t), add(t, f(2.0)));
    return keepNaN(x, math::CopySignOp::create(b, magnitude, x));
  }

private:
  Value constant(Type t, TypedAttr element) {
    if (auto vector = dyn_cast<VectorType>(t))
      return arith::ConstantOp::create(
          b, t, DenseElementsAttr::get(vector, element));
    return arith::ConstantOp::create(b, t, element);
  }

  /// expm1(x) for x in [-745, 709] (NaN: undefined).
  Value expm1InRange(Value x) {
    auto [n, r] = reduce(x);
    return expm1Scaled(n, expm1Reduced(r));
  }

  /// 2^n (p + 1) - 1 = 2^n p + (2^n - 1) for n <= 1023; 2^n below 2^-1022
  /// would underflow, so n is clamped there and the result rounds to -1.
  Value expm1Scaled(Value n, Value p) {
    Value ni = arith::FPToSIOp::create(
        b, intType,
        arith::MinimumFOp::create(
            b, arith::MaximumFOp::create(b, n, f(-1022.0)), f(1023.0)));
    Value scale = pow2(ni);
    return fma(scale, p, sub(scale, f(1.0)));
  }

  /// y 2^n for y in [0.5, 2] and n (i64) in [-1077, 1025], rounded once:
  /// 2^n = 2^h 2^(n-h) with h = n/2, where y 2^h is exact (h added to the
  /// exponent field) and normal, so results near overflow and subnormal
  /// results round only in the product with 2^(n-h).
  Value scaled(Value y, Value n) {
    Value h = arith::ShRSIOp::create(b, n, i(1));
    Value yh = fromBits(arith::AddIOp::create(
        b, bitsOf(y), arith::ShLIOp::create(b, h, i(52))));
    return mul(yh, pow2(arith::SubIOp::create(b, n, h)));
  }

  /// NaN where x is NaN (the integer conversions above are undefined on
  /// NaN, so the arithmetic result is not relied on there).
  Value keepNaN(Value x, Value result) {
    return select(cmp(arith::CmpFPredicate::UNO, x, x), x, result);
  }

  ImplicitLocOpBuilder &b;
  Type type;
  Type intType;
};

static bool isF64OrVectorOfF64(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  return vector ? vector.getElementType().isF64() : type.isF64();
}

/// sin or cos of `x` (OpT): the polynomial when every lane is within its
/// range, libm's per-lane calls otherwise (an scf.if on the vector).
template <typename OpT>
static Value guardedSinCos(ImplicitLocOpBuilder &b, F64Math &m, Value x,
                           Type type) {
  // Unordered: NaN lanes take the polynomial (they stay NaN there).
  Value anyFar = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT,
                                       math::AbsFOp::create(b, x), m.f(1e5));
  if (auto vector = dyn_cast<VectorType>(type)) {
    if (vector.getRank() != 1)
      anyFar = vector::ShapeCastOp::create(
          b, VectorType::get({vector.getNumElements()}, b.getI1Type()),
          anyFar);
    anyFar = vector::ReductionOp::create(b, vector::CombiningKind::OR, anyFar);
  }
  auto branch = scf::IfOp::create(
      b, anyFar,
      [&](OpBuilder &nested, Location loc) {
        scf::YieldOp::create(nested, loc,
                             OpT::create(nested, loc, x).getResult());
      },
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder inner(loc, nested);
        F64Math polynomial(inner, type);
        scf::YieldOp::create(
            nested, loc,
            polynomial.sinOrCos(x, std::is_same_v<OpT, math::CosOp>));
      });
  return branch.getResult(0);
}

template <typename OpT>
struct ExpandF64 : public OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!isF64OrVectorOfF64(type))
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    F64Math m(b, type);
    Value x = op.getOperand();
    Value result;
    if constexpr (std::is_same_v<OpT, math::ExpOp>)
      result = m.exp(x);
    else if constexpr (std::is_same_v<OpT, math::LogOp>)
      result = m.log(x);
    else if constexpr (std::is_same_v<OpT, math::TanhOp>)
      result = m.tanh(x);
    else if constexpr (std::is_same_v<OpT, math::ExpM1Op>)
      result = m.expm1(x);
    else
      result = guardedSinCos<OpT>(b, m, x, type);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// clampf(x, lo, hi) = minimumf(maximumf(x, lo), hi): MLIR 22 has no
/// lowering of its own for it.
struct ExpandClampF : public OpRewritePattern<math::ClampFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::ClampFOp op,
                                PatternRewriter &rewriter) const override {
    Value low = arith::MaximumFOp::create(rewriter, op.getLoc(), op.getValue(),
                                          op.getMin());
    rewriter.replaceOpWithNewOp<arith::MinimumFOp>(op, low, op.getMax());
    return success();
  }
};

/// True when `op` is in the body of an scf loop, through scf ops only (not
/// in the payload of a linalg op inside one).
static bool isInScfLoop(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (isa<LoopLikeOpInterface>(parent))
      return true;
    if (!isa<scf::SCFDialect>(parent->getDialect()))
      return false;
  }
  return false;
}

struct ExpandMathPass : public rw::impl::ExpandMathPassBase<ExpandMathPass> {
  using ExpandMathPassBase::ExpandMathPassBase;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ExpandF64<math::ExpOp>, ExpandF64<math::LogOp>,
                 ExpandF64<math::TanhOp>, ExpandF64<math::ExpM1Op>,
                 ExpandF64<math::SinOp>, ExpandF64<math::CosOp>,
                 ExpandClampF>(context);
    // f32 vectors: MLIR's own approximations (exp, log, tanh, erf, ...).
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return true; });

    // Vector math (and clampf), and with scalarsInLoops f64 scalar math in
    // scf loops; other scalars stay with libm.
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<math::ClampFOp>(op))
        ops.push_back(op);
      if (!isa<math::MathDialect>(op->getDialect()) ||
          op->getNumResults() != 1)
        return;
      Type type = op->getResult(0).getType();
      if (isa<VectorType>(type) ||
          (scalarsInLoops && type.isF64() && isInScfLoop(op)))
        ops.push_back(op);
    });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
