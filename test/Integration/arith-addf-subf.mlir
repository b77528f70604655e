// arith.addf / arith.subf: f(x, y) = (x + y) * (x - y) - (y - 2x), f64.
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": -1.1{{(0{10}[0-9]*)?}}, "gradient": [3.4{{(0{10}[0-9]*)?}}, -3.6{{(0{10}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %two = arith.constant 2.0 : f64
  %s = arith.addf %x, %y : f64
  %d = arith.subf %x, %y : f64
  %p = arith.mulf %s, %d : f64
  %tx = arith.mulf %two, %x : f64
  %q = arith.subf %y, %tx : f64
  %r = arith.subf %p, %q : f64
  return %r : f64
}
