// math.erf / math.erfc, f64.
// f(x, y) = erf(x) * y + erfc(x * y)
// RUN: rewind-run %s --entry f --args '[0.6, 1.4]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.6, 1.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.08025581573{{[0-9]*}}, "gradient": [0.322050448994{{[0-9]*}}, 0.269531652816{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %e = math.erf %x : f64
  %a = arith.mulf %e, %y : f64
  %xy = arith.mulf %x, %y : f64
  %c = math.erfc %xy : f64
  %r = arith.addf %a, %c : f64
  return %r : f64
}
