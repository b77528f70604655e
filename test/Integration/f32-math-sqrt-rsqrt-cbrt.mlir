// math.sqrt / rsqrt / cbrt on f32.
// f(x, y) = sqrt(x * y) + rsqrt(x) * y + cbrt(y) * x
// RUN: rewind-run %s --entry f --args '[1.5, 2.5]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.5, 2.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 6.0135{{[0-9]*}}, "gradient": [1.3222{{[0-9]*}}, 1.4752{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %xy = arith.mulf %x, %y : f32
  %s = math.sqrt %xy : f32
  %rs = math.rsqrt %x : f32
  %a = arith.mulf %rs, %y : f32
  %c = math.cbrt %y : f32
  %b = arith.mulf %c, %x : f32
  %t = arith.addf %s, %a : f32
  %r = arith.addf %t, %b : f32
  return %r : f32
}
