// --entry selects a function that is not the first one in the module (the other
// function is never called): g2(x, y) = exp(x*y) / y.
// RUN: rewind-run %s --entry g2 --args '[0.9, 0.8]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry g2 --args '[0.9, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.56804151330{{[0-9]*}}, "gradient": [2.05443321064{{[0-9]*}}, -0.898814529656{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @unused(%x: f64) -> f64 {
  %c = math.cos %x : f64
  return %c : f64
}

func.func @g2(%x: f64, %y: f64) -> f64 {
  %xy = arith.mulf %x, %y : f64
  %e = math.exp %xy : f64
  %r = arith.divf %e, %y : f64
  return %r : f64
}
