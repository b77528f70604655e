// arith.divf: f(x, y) = x / y + 1 / (x * y) + y / x, f64.
// RUN: rewind-run %s --entry f --args '[1.7, 0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.7, 0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 4.16666666666{{[0-9]*}}, "gradient": [0.882352941176{{[0-9]*}}, -5.76797385620{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %one = arith.constant 1.0 : f64
  %a = arith.divf %x, %y : f64
  %xy = arith.mulf %x, %y : f64
  %b = arith.divf %one, %xy : f64
  %c = arith.divf %y, %x : f64
  %s = arith.addf %a, %b : f64
  %r = arith.addf %s, %c : f64
  return %r : f64
}
