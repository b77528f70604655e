// arith.maximumf / arith.minimumf pick the gradient of the selected operand
// (evaluated on both sides of the kink, away from ties), f64.
// f(x, y) = maximumf(x*x, y) * minimumf(sin x, y)
// RUN: rewind-run %s --entry f --args '[1.2, 0.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.2, 0.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.6, 0.9]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.6, 0.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 0.72{{(0{10}[0-9]*)?}}, "gradient": [1.2{{(0{10}[0-9]*)?}}, 1.44{{(0{9}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 0.508178226055{{[0-9]*}}, "gradient": [0.742802053418{{[0-9]*}}, 0.564642473395{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %xx = arith.mulf %x, %x : f64
  %m = arith.maximumf %xx, %y : f64
  %s = math.sin %x : f64
  %n = arith.minimumf %s, %y : f64
  %r = arith.mulf %m, %n : f64
  return %r : f64
}
