// scf.if yielding a float result; the branch taken depends on the data.
// f(x, y) = (x * y > 1 ? sin(x) * y : x * x + y) * x
// RUN: rewind-run %s --entry f --args '[1.4, 1.1]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.4, 1.1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.6, 0.9]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.6, 0.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 1.51759258418{{[0-9]*}}, "gradient": [1.34574410305{{[0-9]*}}, 1.37962962198{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 0.756{{(0{9}[0-9]*)?}}, "gradient": [1.98{{(0{9}[0-9]*)?}}, 0.6{{(0{11}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %one = arith.constant 1.0 : f64
  %xy = arith.mulf %x, %y : f64
  %c = arith.cmpf ogt, %xy, %one : f64
  %r = scf.if %c -> (f64) {
    %s = math.sin %x : f64
    %t = arith.mulf %s, %y : f64
    scf.yield %t : f64
  } else {
    %xx = arith.mulf %x, %x : f64
    %t = arith.addf %xx, %y : f64
    scf.yield %t : f64
  }
  %out = arith.mulf %r, %x : f64
  return %out : f64
}
