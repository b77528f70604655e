// scf.for whose body yields a free variable (y) directly as the next value of an
// iter_arg, next to an ordinary update; result = x * y^4.
// (a, b) <- (y, a*b), 3 iterations from (x, y); result a*b
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 3.14171{{(0{6}[0-9]*)?}}, "gradient": [2.8561{{(0{7}[0-9]*)?}}, 9.6668{{(0{7}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%a = %x, %b = %y) -> (f64, f64) {
    %m = arith.mulf %a, %b : f64
    scf.yield %y, %m : f64, f64
  }
  %o = arith.mulf %r#0, %r#1 : f64
  return %o : f64
}
