// math.fma(a, b, c) = a * b + c with all three operands active, f64.
// f(x, y, z) = fma(x, sin y, z * z) * x
// RUN: rewind-run %s --entry f --args '[1.1, 0.9, -0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 0.9, -0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.34382556064{{[0-9]*}}, "gradient": [2.08331920118{{[0-9]*}}, 0.752148061607{{[0-9]*}}, -1.32{{(0{9}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %s = math.sin %y : f64
  %zz = arith.mulf %z, %z : f64
  %a = math.fma %x, %s, %zz : f64
  %r = arith.mulf %a, %x : f64
  return %r : f64
}
