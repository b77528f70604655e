// math.asin / math.acos / math.atan, f64.
// f(x, y) = asin(x) * y + acos(y) * x + atan(x / y)
// RUN: rewind-run %s --entry f --args '[0.45, -0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.45, -0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.0728735337930{{[0-9]*}}, "gradient": [0.475759755774{{[0-9]*}}, -0.895734660952{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %as = math.asin %x : f64
  %a = arith.mulf %as, %y : f64
  %ac = math.acos %y : f64
  %b = arith.mulf %ac, %x : f64
  %q = arith.divf %x, %y : f64
  %at = math.atan %q : f64
  %s = arith.addf %a, %b : f64
  %r = arith.addf %s, %at : f64
  return %r : f64
}
