// func.call inside a data-dependent scf.while; the callee has its own scf.for.
// g(a, y) = 2 x { a += sqrt(a*y) }; v = x; while v < 30: v = g(v, y)
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 38.9823676579{{[0-9]*}}, "gradient": [7.21791432673{{[0-9]*}}, 23.8789706911{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @g(%a: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %a) -> (f64) {
    %m = arith.mulf %acc, %y : f64
    %s = math.sqrt %m : f64
    %n = arith.addf %acc, %s : f64
    scf.yield %n : f64
  }
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 30.0 : f64
  %r = scf.while (%a = %x) : (f64) -> f64 {
    %c = arith.cmpf olt, %a, %lim : f64
    scf.condition(%c) %a : f64
  } do {
  ^bb0(%a2: f64):
    %n = func.call @g(%a2, %y) : (f64, f64) -> f64
    scf.yield %n : f64
  }
  return %r : f64
}
