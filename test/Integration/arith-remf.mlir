// arith.remf (C fmod, result has the sign of the dividend): f(x, y) = remf(x, y) * x.
// d/dx remf = 1, d/dy remf = -trunc(x / y); checked for positive and negative dividends.
// RUN: rewind-run %s --entry f --args '[7.37, 2.13]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[7.37, 2.13]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[-5.91, 1.73]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[-5.91, 1.73]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 7.2226{{(0{7}[0-9]*)?}}, "gradient": [8.35{{(0{9}[0-9]*)?}}, -22.11{{(0{8}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 4.2552{{(0{7}[0-9]*)?}}, "gradient": [-6.63{{(0{9}[0-9]*)?}}, -17.73{{(0{8}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %r = arith.remf %x, %y : f64
  %p = arith.mulf %r, %x : f64
  return %p : f64
}
