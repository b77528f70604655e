// arith.select driven by arith.cmpf: f(x, y) = (x < y ? x*x*y : sin(y) * x) + x.
// Both branches are exercised, away from the tie.
// RUN: rewind-run %s --entry f --args '[0.8, 1.9]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.8, 1.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[2.3, 1.1]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[2.3, 1.1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 2.016{{(0{8}[0-9]*)?}}, "gradient": [4.04{{(0{9}[0-9]*)?}}, 0.64{{(0{10}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 4.34977692814{{[0-9]*}}, "gradient": [1.89120736006{{[0-9]*}}, 1.04327107927{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c = arith.cmpf olt, %x, %y : f64
  %xx = arith.mulf %x, %x : f64
  %a = arith.mulf %xx, %y : f64
  %sy = math.sin %y : f64
  %b = arith.mulf %sy, %x : f64
  %s = arith.select %c, %a, %b : f64
  %r = arith.addf %s, %x : f64
  return %r : f64
}
