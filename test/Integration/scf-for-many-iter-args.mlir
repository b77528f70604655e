// scf.for with five iter_args: a rotation of values between them, one passed
// through unchanged (e), and one (d) whose final value is unused.
// (a,b,c,d,e) <- (b*c, cos a, c+d, d*e, e), 5 iterations; result (a + c) * e
// RUN: rewind-run %s --entry f --args '[0.4, 1.3, 0.8]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.4, 1.3, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 8.48531871422{{[0-9]*}}, "gradient": [13.1473300577{{[0-9]*}}, 21.7143976077{{[0-9]*}}, 6.76777409319{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r:5 = scf.for %i = %c0 to %c5 step %c1 iter_args(%a = %x, %b = %y, %c = %z, %d = %x, %e = %y) -> (f64, f64, f64, f64, f64) {
    %na = arith.mulf %b, %c : f64
    %nb = math.cos %a : f64
    %nc = arith.addf %c, %d : f64
    %nd = arith.mulf %d, %e : f64
    scf.yield %na, %nb, %nc, %nd, %e : f64, f64, f64, f64, f64
  }
  %s = arith.addf %r#0, %r#2 : f64
  %t = arith.mulf %s, %r#4 : f64
  return %t : f64
}
