// math.sin / math.cos / math.tan, f64.
// f(x, y) = sin(x) * cos(y) + tan(x * y)
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.45869685743{{[0-9]*}}, "gradient": [3.65576442793{{[0-9]*}}, 1.23758110283{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %s = math.sin %x : f64
  %c = math.cos %y : f64
  %a = arith.mulf %s, %c : f64
  %xy = arith.mulf %x, %y : f64
  %t = math.tan %xy : f64
  %r = arith.addf %a, %t : f64
  return %r : f64
}
