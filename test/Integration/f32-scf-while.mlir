// Data-dependent scf.while on f32: v = x; while v < 8: v = v*y + sqrt(v)
// RUN: rewind-run %s --entry f --args '[0.6, 1.3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.6, 1.3]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[2.5, 1.1]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[2.5, 1.1]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 10.333{{[0-9]*}}, "gradient": [7.8427{{[0-9]*}}, 17.070{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 10.146{{[0-9]*}}, "gradient": [2.4506{{[0-9]*}}, 16.763{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %lim = arith.constant 8.0 : f32
  %v = scf.while (%a = %x) : (f32) -> f32 {
    %c = arith.cmpf olt, %a, %lim : f32
    scf.condition(%c) %a : f32
  } do {
  ^bb0(%b: f32):
    %m = arith.mulf %b, %y : f32
    %s = math.sqrt %b : f32
    %n = arith.addf %m, %s : f32
    scf.yield %n : f32
  }
  return %v : f32
}
