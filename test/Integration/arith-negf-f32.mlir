// arith.negf on f32: f(x, y) = -(x * y) * -y + (-x).
// RUN: rewind-run %s --entry f --args '[1.5, -0.75]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.5, -0.75]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": -0.65625{{[0-9]*}}, "gradient": [-0.4375{{(0{1}[0-9]*)?}}, -2.25{{(0{2}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %p = arith.mulf %x, %y : f32
  %n = arith.negf %p : f32
  %ny = arith.negf %y : f32
  %q = arith.mulf %n, %ny : f32
  %nx = arith.negf %x : f32
  %r = arith.addf %q, %nx : f32
  return %r : f32
}
