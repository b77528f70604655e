// scf.for with two coupled loop-carried values (each update reads both).
// (a, b) <- (a * cos(b), b + a * y), 4 iterations; result a * b
// RUN: rewind-run %s --entry f --args '[1.1, 0.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 0.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.243066535174{{[0-9]*}}, "gradient": [-0.372200484627{{[0-9]*}}, -3.07646438534{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %ra, %rb = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %x, %b = %y) -> (f64, f64) {
    %cb = math.cos %b : f64
    %na = arith.mulf %a, %cb : f64
    %ay = arith.mulf %a, %y : f64
    %nb = arith.addf %b, %ay : f64
    scf.yield %na, %nb : f64, f64
  }
  %r = arith.mulf %ra, %rb : f64
  return %r : f64
}
