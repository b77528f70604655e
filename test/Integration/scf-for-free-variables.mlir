// scf.for whose body reads several free (non-iter_args) float values defined
// outside the loop; their adjoints must be accumulated across all iterations.
// s = z + sum_{i<5} sin(x * i + y) * z
// RUN: rewind-run %s --entry f --args '[0.4, 0.3, 1.2]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.4, 0.3, 1.2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 5.72968839390{{[0-9]*}}, "gradient": [0.709305321221{{[0-9]*}}, 2.30546691916{{[0-9]*}}, 4.77474032825{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%s = %z) -> (f64) {
    %ii = arith.index_cast %i : index to i32
    %fi = arith.sitofp %ii : i32 to f64
    %xi = arith.mulf %x, %fi : f64
    %a = arith.addf %xi, %y : f64
    %sn = math.sin %a : f64
    %t = arith.mulf %sn, %z : f64
    %n = arith.addf %s, %t : f64
    scf.yield %n : f64
  }
  return %r : f64
}
