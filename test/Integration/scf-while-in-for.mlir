// scf.while nested in scf.for: the while limit depends on the for induction
// variable, so each outer iteration runs a different number of inner iterations.
// for i<4: v = x; while v < i+2: v = v*y + 0.1; s += v*(i+1)
// RUN: rewind-run %s --entry f --args '[1.2, 1.35]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.2, 1.35]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 48.613798{{(0{4}[0-9]*)?}}, "gradient": [34.6439025{{(0{3}[0-9]*)?}}, 142.7014{{(0{5}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %tenth = arith.constant 0.1 : f64
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%s = %zero) -> (f64) {
    %i2 = arith.addi %i, %c2 : index
    %li = arith.index_cast %i2 : index to i64
    %lim = arith.sitofp %li : i64 to f64
    %v = scf.while (%a = %x) : (f64) -> f64 {
      %c = arith.cmpf olt, %a, %lim : f64
      scf.condition(%c) %a : f64
    } do {
    ^bb0(%b: f64):
      %m = arith.mulf %b, %y : f64
      %n = arith.addf %m, %tenth : f64
      scf.yield %n : f64
    }
    %i1 = arith.addi %i, %c1 : index
    %wi = arith.index_cast %i1 : index to i64
    %w = arith.sitofp %wi : i64 to f64
    %vw = arith.mulf %v, %w : f64
    %ns = arith.addf %s, %vw : f64
    scf.yield %ns : f64
  }
  return %r : f64
}
