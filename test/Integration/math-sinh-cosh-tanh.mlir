// math.sinh / math.cosh / math.tanh, f64.
// f(x, y) = sinh(x) * cosh(y) + tanh(x - 2y)
// RUN: rewind-run %s --entry f --args '[0.9, 0.35]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.9, 0.35]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.28741066224{{[0-9]*}}, "gradient": [2.48280562860{{[0-9]*}}, -1.55542473441{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %two = arith.constant 2.0 : f64
  %s = math.sinh %x : f64
  %c = math.cosh %y : f64
  %a = arith.mulf %s, %c : f64
  %y2 = arith.mulf %two, %y : f64
  %d = arith.subf %x, %y2 : f64
  %t = math.tanh %d : f64
  %r = arith.addf %a, %t : f64
  return %r : f64
}
