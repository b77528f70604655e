// scf.while nested in scf.while; the inner limit (2a) is an active value computed
// in the outer body, and both trip counts are data dependent.
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 102.423515160{{[0-9]*}}, "gradient": [93.1122865095{{[0-9]*}}, 997.071955032{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 50.0 : f64
  %two = arith.constant 2.0 : f64
  %r = scf.while (%a = %x) : (f64) -> f64 {
    %c = arith.cmpf olt, %a, %lim : f64
    scf.condition(%c) %a : f64
  } do {
  ^bb0(%a2: f64):
    %lim2 = arith.mulf %a2, %two : f64
    %in = scf.while (%b = %a2) : (f64) -> f64 {
      %c2 = arith.cmpf olt, %b, %lim2 : f64
      scf.condition(%c2) %b : f64
    } do {
    ^bb0(%b2: f64):
      %m = arith.mulf %b2, %y : f64
      scf.yield %m : f64
    }
    %q = arith.addf %in, %x : f64
    scf.yield %q : f64
  }
  return %r : f64
}
