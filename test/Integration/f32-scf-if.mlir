// scf.if yielding f32 results on both branches.
// f(x, y) = (x > y ? exp(x - y) * y : cos(x) + y*y) * x
// RUN: rewind-run %s --entry f --args '[1.5, 0.75]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.5, 0.75]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.5, 1.25]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.5, 1.25]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 2.3816{{[0-9]*}}, "gradient": [3.9693{{[0-9]*}}, 0.79387{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.2200{{[0-9]*}}, "gradient": [2.2003{{[0-9]*}}, 1.25{{(0{2}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %c = arith.cmpf ogt, %x, %y : f32
  %r = scf.if %c -> (f32) {
    %d = arith.subf %x, %y : f32
    %e = math.exp %d : f32
    %m = arith.mulf %e, %y : f32
    scf.yield %m : f32
  } else {
    %cx = math.cos %x : f32
    %yy = arith.mulf %y, %y : f32
    %m = arith.addf %cx, %yy : f32
    scf.yield %m : f32
  }
  %o = arith.mulf %r, %x : f32
  return %o : f32
}
