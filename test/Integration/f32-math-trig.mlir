// math.sin / cos / tan on f32.
// f(x, y) = sin(x) * cos(y) + tan(x * y)
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.4586{{[0-9]*}}, "gradient": [3.6557{{[0-9]*}}, 1.2375{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %s = math.sin %x : f32
  %c = math.cos %y : f32
  %a = arith.mulf %s, %c : f32
  %xy = arith.mulf %x, %y : f32
  %t = math.tan %xy : f32
  %r = arith.addf %a, %t : f32
  return %r : f32
}
