// arith.maxnumf / arith.minnumf on f32, both sides of each kink.
// f(x, y) = maxnumf(x, y) * x + minnumf(x, 2y) * y
// RUN: rewind-run %s --entry f --args '[1.5, 1.0]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.5, 1.0]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.5, 1.25]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.5, 1.25]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN3,RUN3-FD

// RUN1: {"value": 3.75{{(0{2}[0-9]*)?}}, "gradient": [4.0{{(0{4}[0-9]*)?}}, 1.5{{(0{3}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.25{{(0{2}[0-9]*)?}}, "gradient": [2.5{{(0{3}[0-9]*)?}}, 1.0{{(0{4}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 2.75{{(0{2}[0-9]*)?}}, "gradient": [3.0{{(0{4}[0-9]*)?}}, 2.0{{(0{4}[0-9]*)?}}]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %two = arith.constant 2.0 : f32
  %m = arith.maxnumf %x, %y : f32
  %a = arith.mulf %m, %x : f32
  %y2 = arith.mulf %two, %y : f32
  %n = arith.minnumf %x, %y2 : f32
  %b = arith.mulf %n, %y : f32
  %r = arith.addf %a, %b : f32
  return %r : f32
}
