// scf.for with an i32 induction variable (not index); the bound is an argument.
// acc = x; for k in 1..n: acc = acc * x / k + cos(acc)
// RUN: rewind-run %s --entry f --args '[1.1, 5]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.825386134013{{[0-9]*}}, "gradient": [0.143563810208{{[0-9]*}}, null]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %n: i32) -> f64 {
  %c1 = arith.constant 1 : i32
  %r = scf.for %k = %c1 to %n step %c1 iter_args(%acc = %x) -> (f64) : i32 {
    %fk = arith.sitofp %k : i32 to f64
    %m = arith.mulf %acc, %x : f64
    %d = arith.divf %m, %fk : f64
    %c = math.cos %acc : f64
    %a = arith.addf %d, %c : f64
    scf.yield %a : f64
  }
  return %r : f64
}
