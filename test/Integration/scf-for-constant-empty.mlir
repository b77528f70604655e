// scf.for with constant bounds and no iterations (lb == ub), between two active
// computations; only the initial value path contributes.
// f(x, y) = (x * sin y) * y  (the loop would have added exp(acc))
// RUN: rewind-run %s --entry f --args '[1.6, 0.8]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.6, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.918215796351{{[0-9]*}}, "gradient": [0.573884872719{{[0-9]*}}, 2.03955433340{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %sy = math.sin %y : f64
  %init = arith.mulf %x, %sy : f64
  %r = scf.for %i = %c3 to %c3 step %c1 iter_args(%acc = %init) -> (f64) {
    %e = math.exp %acc : f64
    %a = arith.addf %acc, %e : f64
    scf.yield %a : f64
  }
  %out = arith.mulf %r, %y : f64
  return %out : f64
}
