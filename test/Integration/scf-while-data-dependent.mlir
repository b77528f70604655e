// scf.while whose trip count depends on the float data (v < 10), with an integer
// counter carried alongside; the count (inactive) scales the result.
// v = x; k = 0; while v < 10: v = v*y + x, k += 1; result v * k
// RUN: rewind-run %s --entry f --args '[1.3, 1.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.3, 1.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.7, 1.9]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.7, 1.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[2.9, 2.2]' --grad --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[2.9, 2.2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN3,RUN3-FD

// RUN1: {"value": 31.6875{{(0{6}[0-9]*)?}}, "gradient": [24.375{{(0{7}[0-9]*)?}}, 41.925{{(0{7}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": {{(73\.92308(0{5}[0-9]*)?|73\.9230799999[0-9]*)}}, "gradient": [105.6044{{(0{5}[0-9]*)?}}, {{(120\.5848(0{5}[0-9]*)?|120\.584799999[0-9]*)}}]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 46.632{{(0{7}[0-9]*)?}}, "gradient": [16.08{{(0{8}[0-9]*)?}}, 31.32{{(0{8}[0-9]*)?}}]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 10.0 : f64
  %k0 = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %v, %k = scf.while (%a = %x, %i = %k0) : (f64, i32) -> (f64, i32) {
    %c = arith.cmpf olt, %a, %lim : f64
    scf.condition(%c) %a, %i : f64, i32
  } do {
  ^bb0(%a2: f64, %i2: i32):
    %m = arith.mulf %a2, %y : f64
    %n = arith.addf %m, %x : f64
    %i3 = arith.addi %i2, %one : i32
    scf.yield %n, %i3 : f64, i32
  }
  %kf = arith.sitofp %k : i32 to f64
  %r = arith.mulf %v, %kf : f64
  return %r : f64
}
