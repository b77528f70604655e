// math.exp / math.exp2 / math.expm1, f64.
// f(x, y) = exp(x) * y + exp2(x * y) - expm1(y)
// RUN: rewind-run %s --entry f --args '[0.6, -1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.6, -1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": -1.05891944030{{[0-9]*}}, "gradient": [-2.89352011152{{[0-9]*}}, 1.79178654782{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %e = math.exp %x : f64
  %a = arith.mulf %e, %y : f64
  %xy = arith.mulf %x, %y : f64
  %e2 = math.exp2 %xy : f64
  %m = math.expm1 %y : f64
  %s = arith.addf %a, %e2 : f64
  %r = arith.subf %s, %m : f64
  return %r : f64
}
