// Nested scf.if ops yielding two results each; one branch yields an outer value unchanged.
// RUN: rewind-run %s --entry f --args '[0.8, 1.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.8, 1.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[1.9, 0.7]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[1.9, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[-0.5, 1.2]' --grad --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[-0.5, 1.2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN3,RUN3-FD

// RUN1: {"value": 4.89619004268{{[0-9]*}}, "gradient": [8.23450143542{{[0-9]*}}, 1.78043274279{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.09115160649{{[0-9]*}}, "gradient": [0.894736842105{{[0-9]*}}, 0.641853886172{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 0.966019542983{{[0-9]*}}, "gradient": [-1.93203908596{{[0-9]*}}, 0.181178877238{{[0-9]*}}]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %c1 = arith.cmpf ogt, %x, %zero : f64
  %a, %b = scf.if %c1 -> (f64, f64) {
    %c2 = arith.cmpf ogt, %y, %x : f64
    %p, %q = scf.if %c2 -> (f64, f64) {
      %e = math.exp %x : f64
      %m = arith.mulf %x, %y : f64
      scf.yield %e, %m : f64, f64
    } else {
      %l = math.log %x : f64
      scf.yield %l, %y : f64, f64
    }
    scf.yield %p, %q : f64, f64
  } else {
    %s = math.sin %y : f64
    %n = arith.negf %x : f64
    scf.yield %n, %s : f64, f64
  }
  %ab = arith.mulf %a, %b : f64
  %r = arith.addf %ab, %a : f64
  return %r : f64
}
