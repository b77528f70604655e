// scf.while whose condition is false on entry (zero iterations) for the first
// input and true for the second; v = x*y; while v < 1: v += exp(v); result v*y
// RUN: rewind-run %s --entry f --args '[1.7, 1.3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.7, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[-0.9, 1.1]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[-0.9, 1.1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 2.873{{(0{8}[0-9]*)?}}, "gradient": [1.69{{(0{9}[0-9]*)?}}, 4.42{{(0{9}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 3.48598657579{{[0-9]*}}, "gradient": [16.3340111083{{[0-9]*}}, -10.1951122015{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %one = arith.constant 1.0 : f64
  %init = arith.mulf %x, %y : f64
  %v = scf.while (%a = %init) : (f64) -> f64 {
    %c = arith.cmpf olt, %a, %one : f64
    scf.condition(%c) %a : f64
  } do {
  ^bb0(%b: f64):
    %e = math.exp %b : f64
    %n = arith.addf %b, %e : f64
    scf.yield %n : f64
  }
  %r = arith.mulf %v, %y : f64
  return %r : f64
}
