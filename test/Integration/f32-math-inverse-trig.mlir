// math.asin / acos / atan / atan2 on f32.
// f(x, y) = asin(x) * acos(y) + atan(x * y) + atan2(y, x - 1)
// RUN: rewind-run %s --entry f --args '[0.3, 0.55]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.3, 0.55]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.9403{{[0-9]*}}, "gradient": [0.87757{{[0-9]*}}, -0.95606{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %as = math.asin %x : f32
  %ac = math.acos %y : f32
  %a = arith.mulf %as, %ac : f32
  %xy = arith.mulf %x, %y : f32
  %at = math.atan %xy : f32
  %xm = arith.subf %x, %one : f32
  %a2 = math.atan2 %y, %xm : f32
  %s = arith.addf %a, %at : f32
  %r = arith.addf %s, %a2 : f32
  return %r : f32
}
