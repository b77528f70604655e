// scf.if where one branch yields an inactive constant, so the gradient through the
// if result is zero on that branch. f(x, y) = (x > y ? 2.5 : x*y) * x
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.5, 1.5]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.5, 1.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 3.75{{(0{9}[0-9]*)?}}, "gradient": [2.5{{(0{10}[0-9]*)?}}, {{-?}}0.0]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 0.375{{(0{9}[0-9]*)?}}, "gradient": [1.5{{(0{10}[0-9]*)?}}, 0.25{{(0{10}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c = arith.cmpf ogt, %x, %y : f64
  %r = scf.if %c -> (f64) {
    %k = arith.constant 2.5 : f64
    scf.yield %k : f64
  } else {
    %m = arith.mulf %x, %y : f64
    scf.yield %m : f64
  }
  %o = arith.mulf %r, %x : f64
  return %o : f64
}
