// scf.if with a result inside the body of a data-dependent scf.while; the loop
// stops at v >= 20 or after 8 iterations.
// while k < 8 && v < 20: v = (v > 3 ? v*y : v + exp(x*y)); k++
// RUN: rewind-run %s --entry f --args '[0.5, 1.3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.5, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.4, 0.9]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.4, 0.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 20.9053039267{{[0-9]*}}, "gradient": [28.8662782547{{[0-9]*}}, 105.731967836{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 2.86933680090{{[0-9]*}}, "gradient": [2.96031672081{{[0-9]*}}, 15.9491191821{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 20.0 : f64
  %three = arith.constant 3.0 : f64
  %k0 = arith.constant 0 : i32
  %k1 = arith.constant 1 : i32
  %k8 = arith.constant 8 : i32
  %v, %k = scf.while (%a = %x, %i = %k0) : (f64, i32) -> (f64, i32) {
    %c1 = arith.cmpi slt, %i, %k8 : i32
    %c2 = arith.cmpf olt, %a, %lim : f64
    %c = arith.andi %c1, %c2 : i1
    scf.condition(%c) %a, %i : f64, i32
  } do {
  ^bb0(%a2: f64, %i2: i32):
    %big = arith.cmpf ogt, %a2, %three : f64
    %n = scf.if %big -> (f64) {
      %m = arith.mulf %a2, %y : f64
      scf.yield %m : f64
    } else {
      %xy = arith.mulf %x, %y : f64
      %e = math.exp %xy : f64
      %m = arith.addf %a2, %e : f64
      scf.yield %m : f64
    }
    %i3 = arith.addi %i2, %k1 : i32
    scf.yield %n, %i3 : f64, i32
  }
  return %v : f64
}
