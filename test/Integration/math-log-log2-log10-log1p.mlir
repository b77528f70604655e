// math.log / math.log2 / math.log10 / math.log1p, f64.
// f(x, y) = log(x) * y + log2(x * y) + log10(y) * x + log1p(x - y)
// RUN: rewind-run %s --entry f --args '[1.8, 2.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.8, 2.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 3.35950302127{{[0-9]*}}, "gradient": [4.44100285873{{[0-9]*}}, -0.445071983656{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %l = math.log %x : f64
  %a = arith.mulf %l, %y : f64
  %xy = arith.mulf %x, %y : f64
  %l2 = math.log2 %xy : f64
  %l10 = math.log10 %y : f64
  %b = arith.mulf %l10, %x : f64
  %d = arith.subf %x, %y : f64
  %l1p = math.log1p %d : f64
  %s1 = arith.addf %a, %l2 : f64
  %s2 = arith.addf %s1, %b : f64
  %r = arith.addf %s2, %l1p : f64
  return %r : f64
}
