// math.cbrt of a negative argument (real cube root), f64.
// f(x) = cbrt(x) * x
// RUN: rewind-run %s --entry f --args '[-2.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[-2.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 3.75968695522{{[0-9]*}}, "gradient": [-1.85663553344{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64) -> f64 {
  %c = math.cbrt %x : f64
  %r = arith.mulf %c, %x : f64
  return %r : f64
}
