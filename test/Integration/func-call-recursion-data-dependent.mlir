// Recursion whose depth depends on the float argument:
// h(x) = x < 1 ? sin(x) : h(x/2)^2 + x; f(x, y) = h(x) * y
// RUN: rewind-run %s --entry f --args '[3.3, 0.7]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[3.3, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.6, 1.4]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.6, 1.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 5.66592245778{{[0-9]*}}, "gradient": [2.99663599323{{[0-9]*}}, 8.09417493969{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 0.790499462753{{[0-9]*}}, "gradient": [1.15546986087{{[0-9]*}}, 0.564642473395{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @h(%x: f64) -> f64 {
  %one = arith.constant 1.0 : f64
  %half = arith.constant 0.5 : f64
  %c = arith.cmpf olt, %x, %one : f64
  %r = scf.if %c -> (f64) {
    %s = math.sin %x : f64
    scf.yield %s : f64
  } else {
    %xh = arith.mulf %x, %half : f64
    %sub = func.call @h(%xh) : (f64) -> f64
    %sq = arith.mulf %sub, %sub : f64
    %t = arith.addf %sq, %x : f64
    scf.yield %t : f64
  }
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %v = func.call @h(%x) : (f64) -> f64
  %r = arith.mulf %v, %y : f64
  return %r : f64
}
