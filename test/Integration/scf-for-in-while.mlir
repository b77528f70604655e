// scf.for nested inside a data-dependent scf.while.
// v = x; while v < 6: { acc = v; for j<3: acc = acc*y + 0.25; v = acc }
// RUN: rewind-run %s --entry f --args '[0.9, 1.2]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.9, 1.2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": {{(9\.8435277568(0{1}[0-9]*)?|9\.84352775679[0-9]*)}}, "gradient": [{{(5\.159780352(0{2}[0-9]*)?|5\.15978035199[0-9]*)}}, {{(57\.202830976(0{1}[0-9]*)?|57\.2028309759[0-9]*)}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %lim = arith.constant 6.0 : f64
  %q = arith.constant 0.25 : f64
  %v = scf.while (%a = %x) : (f64) -> f64 {
    %c = arith.cmpf olt, %a, %lim : f64
    scf.condition(%c) %a : f64
  } do {
  ^bb0(%b: f64):
    %r = scf.for %j = %c0 to %c3 step %c1 iter_args(%acc = %b) -> (f64) {
      %m = arith.mulf %acc, %y : f64
      %n = arith.addf %m, %q : f64
      scf.yield %n : f64
    }
    scf.yield %r : f64
  }
  return %v : f64
}
