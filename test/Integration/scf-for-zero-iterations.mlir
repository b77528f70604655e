// scf.for whose trip count comes from an integer argument; with n = 0 the loop
// body never runs and the iter_args initial value passes straight through.
// acc = x*y; repeat n times: acc = acc*x + y; result acc*x
// RUN: rewind-run %s --entry f --args '[1.3, 0.7, 0]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.3, 0.7, 0]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[1.3, 0.7, 3]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[1.3, 0.7, 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": {{(1\.183(0{8}[0-9]*)?|1\.18299999999[0-9]*)}}, "gradient": [{{(1\.82(0{9}[0-9]*)?|1\.81999999999[0-9]*)}}, 1.69{{(0{9}[0-9]*)?}}, null]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 6.229951{{(0{5}[0-9]*)?}}, "gradient": [16.06535{{(0{5}[0-9]*)?}}, 8.89993{{(0{6}[0-9]*)?}}, null]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %n: i32) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ub = arith.index_cast %n : i32 to index
  %init = arith.mulf %x, %y : f64
  %r = scf.for %i = %c0 to %ub step %c1 iter_args(%acc = %init) -> (f64) {
    %m = arith.mulf %acc, %x : f64
    %a = arith.addf %m, %y : f64
    scf.yield %a : f64
  }
  %out = arith.mulf %r, %x : f64
  return %out : f64
}
