// arith.divf, arith.remf and arith.select on f32.
// f(x, y) = (x / y) * remf(x, y) + (x < y ? y / x : x * y)
// RUN: rewind-run %s --entry f --args '[5.5, 1.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[5.5, 1.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.75, 1.25]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.75, 1.25]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 11.916{{[0-9]*}}, "gradient": [5.8333{{[0-9]*}}, -7.9444{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 2.1166{{[0-9]*}}, "gradient": [-1.0222{{[0-9]*}}, 0.97333{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %q = arith.divf %x, %y : f32
  %m = arith.remf %x, %y : f32
  %a = arith.mulf %q, %m : f32
  %c = arith.cmpf olt, %x, %y : f32
  %yx = arith.divf %y, %x : f32
  %xy = arith.mulf %x, %y : f32
  %s = arith.select %c, %yx, %xy : f32
  %r = arith.addf %a, %s : f32
  return %r : f32
}
