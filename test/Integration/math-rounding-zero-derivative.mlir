// math.floor / ceil / round / roundeven / trunc have zero derivative; the
// rounded values still scale the gradients of the other factors, f64.
// (Values are pinned to a few ulp: FMA contraction rounds a * b + c once.)
// f(x, y) = x * floor(y) + y * ceil(x) + round(x * y) * x + roundeven(y) * trunc(-x) * y
// RUN: rewind-run %s --entry f --args '[2.3, 3.7]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[2.3, 3.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[-1.6, 2.45]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[-1.6, 2.45]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": {{(9\.1(0{10}[0-9]*)?|9\.0999999999[0-9]*)}}, "gradient": [12.0{{(0{10}[0-9]*)?}}, -5.0{{(0{11}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 5.65{{(0{9}[0-9]*)?}}, "gradient": [-2.0{{(0{11}[0-9]*)?}}, 1.0{{(0{11}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %fy = math.floor %y : f64
  %a = arith.mulf %x, %fy : f64
  %cx = math.ceil %x : f64
  %b = arith.mulf %y, %cx : f64
  %xy = arith.mulf %x, %y : f64
  %rxy = math.round %xy : f64
  %c = arith.mulf %rxy, %x : f64
  %rey = math.roundeven %y : f64
  %nx = arith.negf %x : f64
  %tnx = math.trunc %nx : f64
  %d0 = arith.mulf %rey, %tnx : f64
  %d = arith.mulf %d0, %y : f64
  %s1 = arith.addf %a, %b : f64
  %s2 = arith.addf %s1, %c : f64
  %r = arith.addf %s2, %d : f64
  return %r : f64
}
