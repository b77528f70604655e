// math.powf with both base and exponent active, f64.
// f(x, y) = powf(x, y) + powf(y, 2.5) * x
// RUN: rewind-run %s --entry f --args '[1.7, 1.4]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.7, 1.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 6.04445513408{{[0-9]*}}, "gradient": [4.05014527101{{[0-9]*}}, 8.15550468309{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %p = math.powf %x, %y : f64
  %c = arith.constant 2.5 : f64
  %q = math.powf %y, %c : f64
  %b = arith.mulf %q, %x : f64
  %r = arith.addf %p, %b : f64
  return %r : f64
}
