// math.exp / exp2 / expm1 / log / log2 / log10 / log1p on f32.
// f(x, y) = exp(x) * log(y) + exp2(y) * log2(x) + expm1(x * y) + log10(x + y) * log1p(x)
// RUN: rewind-run %s --entry f --args '[0.7, 1.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 1.6]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.6433{{[0-9]*}}, "gradient": [12.410{{[0-9]*}}, 2.4229{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %e = math.exp %x : f32
  %l = math.log %y : f32
  %a = arith.mulf %e, %l : f32
  %e2 = math.exp2 %y : f32
  %l2 = math.log2 %x : f32
  %b = arith.mulf %e2, %l2 : f32
  %xy = arith.mulf %x, %y : f32
  %m = math.expm1 %xy : f32
  %xpy = arith.addf %x, %y : f32
  %l10 = math.log10 %xpy : f32
  %l1p = math.log1p %x : f32
  %c = arith.mulf %l10, %l1p : f32
  %s1 = arith.addf %a, %b : f32
  %s2 = arith.addf %s1, %m : f32
  %r = arith.addf %s2, %c : f32
  return %r : f32
}
