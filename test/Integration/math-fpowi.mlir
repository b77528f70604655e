// math.fpowi (float base, integer exponent; the exponent is inactive), f64.
// f(x, n) = fpowi(x, n) * x + fpowi(x, 2); checked for positive, negative and zero n.
// RUN: rewind-run %s --entry f --args '[1.3, 3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.3, 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.7, -2]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.7, -2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[1.7, 0]' --grad --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[1.7, 0]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN3,RUN3-FD

// RUN1: {"value": 4.5461{{(0{7}[0-9]*)?}}, "gradient": [11.388{{(0{7}[0-9]*)?}}, null]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.91857142857{{[0-9]*}}, "gradient": [-0.640816326530{{[0-9]*}}, null]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 4.59{{(0{9}[0-9]*)?}}, "gradient": [4.4{{(0{10}[0-9]*)?}}, null]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %n: i32) -> f64 {
  %p = math.fpowi %x, %n : f64, i32
  %a = arith.mulf %p, %x : f64
  %two = arith.constant 2 : i32
  %q = math.fpowi %x, %two : f64, i32
  %r = arith.addf %a, %q : f64
  return %r : f64
}
