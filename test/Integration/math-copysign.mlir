// math.copysign(a, b): gradient flows to a with sign(a)*sign(b); b is a pure sign source, f64.
// f(x, y) = copysign(x * x - 3, y) * y + copysign(x, -y)
// RUN: rewind-run %s --entry f --args '[1.2, 0.8]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.2, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[1.9, -1.1]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[1.9, -1.1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 0.048{{(0{10}[0-9]*)?}}, "gradient": [-2.92{{(0{9}[0-9]*)?}}, 1.56{{(0{9}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": {{(2\.571(0{8}[0-9]*)?|2\.57099999999[0-9]*)}}, "gradient": [5.18{{(0{9}[0-9]*)?}}, {{(\-0\.61(0{10}[0-9]*)?|\-0\.609999999999[0-9]*)}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %three = arith.constant 3.0 : f64
  %xx = arith.mulf %x, %x : f64
  %a = arith.subf %xx, %three : f64
  %c = math.copysign %a, %y : f64
  %p = arith.mulf %c, %y : f64
  %ny = arith.negf %y : f64
  %d = math.copysign %x, %ny : f64
  %r = arith.addf %p, %d : f64
  return %r : f64
}
