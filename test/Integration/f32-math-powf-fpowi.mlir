// math.powf and math.fpowi on f32.
// f(x, y) = powf(x, y) * fpowi(y, 3) + fpowi(x, -1)
// RUN: rewind-run %s --entry f --args '[2.0, 1.5]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[2.0, 1.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 10.045{{[0-9]*}}, "gradient": [6.9094{{[0-9]*}}, 25.708{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %p = math.powf %x, %y : f32
  %three = arith.constant 3 : i32
  %q = math.fpowi %y, %three : f32, i32
  %a = arith.mulf %p, %q : f32
  %m1 = arith.constant -1 : i32
  %inv = math.fpowi %x, %m1 : f32, i32
  %r = arith.addf %a, %inv : f32
  return %r : f32
}
