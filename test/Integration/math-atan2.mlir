// math.atan2(y, x) * x + y in several quadrants (including x < 0), f64.
// RUN: rewind-run %s --entry f --args '[0.8, 1.7]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.8, 1.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[1.2, -0.9]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[1.2, -0.9]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[-0.7, -1.4]' --grad --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[-0.7, -1.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN3,RUN3-FD

// RUN1: {"value": 1.54773239078{{[0-9]*}}, "gradient": [1.81869688385{{[0-9]*}}, 0.0545734610027{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": -0.792867692029{{[0-9]*}}, "gradient": [1.36{{(0{9}[0-9]*)?}}, 2.69429743558{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 3.04912306242{{[0-9]*}}, "gradient": [1.8{{(0{10}[0-9]*)?}}, -3.07794504458{{[0-9]*}}]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%y: f64, %x: f64) -> f64 {
  %a = math.atan2 %y, %x : f64
  %b = arith.mulf %a, %x : f64
  %r = arith.addf %b, %y : f64
  return %r : f64
}
