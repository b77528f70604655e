// Nested scf.for: the inner loop carries p (re-seeded with x by the outer loop),
// the outer loop carries s; the outer induction variable is used in the inner body.
// for i<3: p = x; for j<4: p = p*y + sin(p)*(i+1); s += p*x
// RUN: rewind-run %s --entry f --args '[0.7, 0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 5.68147411232{{[0-9]*}}, "gradient": [23.9639905395{{[0-9]*}}, 5.09326705198{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%s = %zero) -> (f64) {
    %ip1 = arith.addi %i, %c1 : index
    %ii = arith.index_cast %ip1 : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %p = scf.for %j = %c0 to %c4 step %c1 iter_args(%q = %x) -> (f64) {
      %qy = arith.mulf %q, %y : f64
      %sq = math.sin %q : f64
      %t = arith.mulf %sq, %fi : f64
      %nq = arith.addf %qy, %t : f64
      scf.yield %nq : f64
    }
    %px = arith.mulf %p, %x : f64
    %ns = arith.addf %s, %px : f64
    scf.yield %ns : f64
  }
  return %r : f64
}
