// math.fma(a, b, c) = a * b + c with all three operands active, f32.
// f(x, y, z) = fma(x, y, z) * fma(z, z, x)
// RUN: rewind-run %s --entry f --args '[1.25, -0.5, 0.75]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.25, -0.5, 0.75]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.22656{{[0-9]*}}, "gradient": [-0.78125{{[0-9]*}}, 2.2656{{[0-9]*}}, 2.0{{(0{4}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32, %z: f32) -> f32 {
  %a = math.fma %x, %y, %z : f32
  %b = math.fma %z, %z, %x : f32
  %r = arith.mulf %a, %b : f32
  return %r : f32
}
