// scf.while whose "before" region computes a new value that is both tested and
// forwarded through scf.condition (so the loop result is not the iter_arg).
// a = x; loop { ay = a*y; ta = ay + a; if !(ay < 5) break; a = ta + sin(ta) }; result ta*y
// RUN: rewind-run %s --entry f --args '[0.6, 1.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.6, 1.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 35.7072482257{{[0-9]*}}, "gradient": [54.2638146672{{[0-9]*}}, 66.7893536573{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 5.0 : f64
  %t = scf.while (%a = %x) : (f64) -> f64 {
    %ay = arith.mulf %a, %y : f64
    %c = arith.cmpf olt, %ay, %lim : f64
    %ta = arith.addf %ay, %a : f64
    scf.condition(%c) %ta : f64
  } do {
  ^bb0(%ta2: f64):
    %s = math.sin %ta2 : f64
    %n = arith.addf %ta2, %s : f64
    scf.yield %n : f64
  }
  %r = arith.mulf %t, %y : f64
  return %r : f64
}
