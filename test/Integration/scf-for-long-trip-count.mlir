// scf.for with 100000 iterations (a large tape): explicit Euler steps of
// a' = y * sin(a) with h = 1e-5. Reference values come from a forward-mode
// (tangent) evaluation of the same recurrence in double precision.
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json | FileCheck %s
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,FD

// CHECK: {"value": 2.30503431939{{[0-9]*}}, "gradient": [0.83296770802{{[0-9]*}}, 0.74234544173{{[0-9]*}}]
// FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 100000 : index
  %h = arith.constant 1.0e-5 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (f64) {
    %s = math.sin %a : f64
    %m = arith.mulf %s, %y : f64
    %e = arith.mulf %m, %h : f64
    %next = arith.addf %a, %e : f64
    scf.yield %next : f64
  }
  return %r : f64
}
