// math.sqrt / math.rsqrt / math.cbrt, f64.
// f(x, y) = sqrt(x) * y + rsqrt(x + y) + cbrt(x * y) * x
// RUN: rewind-run %s --entry f --args '[2.3, 0.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[2.3, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 4.33464188245{{[0-9]*}}, "gradient": [1.69727641131{{[0-9]*}}, 2.70401149684{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %s = math.sqrt %x : f64
  %a = arith.mulf %s, %y : f64
  %xpy = arith.addf %x, %y : f64
  %rs = math.rsqrt %xpy : f64
  %xy = arith.mulf %x, %y : f64
  %c = math.cbrt %xy : f64
  %b = arith.mulf %c, %x : f64
  %t = arith.addf %a, %rs : f64
  %r = arith.addf %t, %b : f64
  return %r : f64
}
