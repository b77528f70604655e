// math.powf with a negative base and a constant integral exponent (3.0): the
// base gradient 3x^2 must not go through log(x).
// f(x, y) = powf(x, 3) * y
// RUN: rewind-run %s --entry f --args '[-1.7, 0.8]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[-1.7, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": {{(\-3\.9304(0{7}[0-9]*)?|\-3\.93039999999[0-9]*)}}, "gradient": [{{(6\.936(0{8}[0-9]*)?|6\.93599999999[0-9]*)}}, {{(\-4\.913(0{8}[0-9]*)?|\-4\.91299999999[0-9]*)}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c = arith.constant 3.0 : f64
  %p = math.powf %x, %c : f64
  %r = arith.mulf %p, %y : f64
  return %r : f64
}
