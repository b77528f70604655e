// Newton iteration for sqrt(a) in an scf.while that stops on convergence
// (data-dependent trip count); result sqrt(a) * a, gradient 1.5 * sqrt(a).
// RUN: rewind-run %s --entry f --args '[2.7]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[2.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[7.3]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[7.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 4.43655271579{{[0-9]*}}, "gradient": [2.46475150877{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 19.7235138857{{[0-9]*}}, "gradient": [4.05277682583{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%a: f64) -> f64 {
  %half = arith.constant 0.5 : f64
  %eps = arith.constant 1.0e-12 : f64
  %big = arith.constant 1.0e30 : f64
  %x, %d = scf.while (%xi = %a, %di = %big) : (f64, f64) -> (f64, f64) {
    %c = arith.cmpf ogt, %di, %eps : f64
    scf.condition(%c) %xi, %di : f64, f64
  } do {
  ^bb0(%x2: f64, %d2: f64):
    %q = arith.divf %a, %x2 : f64
    %s = arith.addf %x2, %q : f64
    %nx = arith.mulf %s, %half : f64
    %diff = arith.subf %nx, %x2 : f64
    %ad = math.absf %diff : f64
    scf.yield %nx, %ad : f64, f64
  }
  %r = arith.mulf %x, %a : f64
  return %r : f64
}
