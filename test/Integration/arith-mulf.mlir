// arith.mulf: f(x, y, z) = x * y * z * x (repeated operand), f64.
// RUN: rewind-run %s --entry f --args '[1.25, -0.8, 2.1]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.25, -0.8, 2.1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": -2.625{{(0{8}[0-9]*)?}}, "gradient": [-4.2{{(0{10}[0-9]*)?}}, 3.28125{{(0{6}[0-9]*)?}}, -1.25{{(0{9}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %a = arith.mulf %x, %y : f64
  %b = arith.mulf %a, %z : f64
  %c = arith.mulf %b, %x : f64
  return %c : f64
}
