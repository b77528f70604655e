// scf.for with a loop-carried value (Horner evaluation); the coefficients come from
// the induction variable (index -> i64 -> f64, inactive), x is a free variable read in
// the body, and the initial value y flows in through iter_args.
// acc0 = y; acc = acc * x + (i + 1) for i in 0..5
// RUN: rewind-run %s --entry f --args '[0.9, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.9, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 18.5205633{{(0{3}[0-9]*)?}}, "gradient": [33.208322{{(0{4}[0-9]*)?}}, 0.531441{{(0{6}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %r = scf.for %i = %c0 to %c6 step %c1 iter_args(%acc = %y) -> (f64) {
    %ip1 = arith.addi %i, %c1 : index
    %ii = arith.index_cast %ip1 : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %m = arith.mulf %acc, %x : f64
    %n = arith.addf %m, %fi : f64
    scf.yield %n : f64
  }
  return %r : f64
}
