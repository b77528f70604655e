// Recursive function (exp Taylor series via nested Horner):
// e(x, n) = n <= 0 ? 1 : 1 + x * e(x, n-1) / n; f(x, n) = e(x, n) * x
// RUN: rewind-run %s --entry f --args '[0.9, 6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.9, 6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.06781016375{{[0-9]*}}, "gradient": [1.4245000375{{(0{1}[0-9]*)?}}, null]
// CHECK-FD-SAME: "max_rel_error":

func.func @e(%x: f64, %n: i32) -> f64 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %done = arith.cmpi sle, %n, %c0 : i32
  %r = scf.if %done -> (f64) {
    %one = arith.constant 1.0 : f64
    scf.yield %one : f64
  } else {
    %nm1 = arith.subi %n, %c1 : i32
    %sub = func.call @e(%x, %nm1) : (f64, i32) -> f64
    %one = arith.constant 1.0 : f64
    %xs = arith.mulf %x, %sub : f64
    %nf = arith.sitofp %n : i32 to f64
    %d = arith.divf %xs, %nf : f64
    %v = arith.addf %one, %d : f64
    scf.yield %v : f64
  }
  return %r : f64
}

func.func @f(%x: f64, %n: i32) -> f64 {
  %v = func.call @e(%x, %n) : (f64, i32) -> f64
  %r = arith.mulf %v, %x : f64
  return %r : f64
}
