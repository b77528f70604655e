// math.erf / erfc on f32.
// f(x, y) = erf(x * y) + erfc(y) * x
// RUN: rewind-run %s --entry f --args '[1.6, 0.4]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.6, 0.4]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.5491{{[0-9]*}}, "gradient": [0.87126{{[0-9]*}}, -0.33982{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %xy = arith.mulf %x, %y : f32
  %e = math.erf %xy : f32
  %c = math.erfc %y : f32
  %a = arith.mulf %c, %x : f32
  %r = arith.addf %e, %a : f32
  return %r : f32
}
