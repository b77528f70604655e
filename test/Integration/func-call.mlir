// func.call to a helper function with two active arguments.
// f(x, y) = g(x, y) * x, g(a, b) = sin(a) * exp(b) + a*b
// RUN: rewind-run %s --entry f --args '[0.8, 0.4]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.8, 0.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.11213562672{{[0-9]*}}, "gradient": [2.54166095422{{[0-9]*}}, 1.49613562672{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @g(%a: f64, %b: f64) -> f64 {
  %s = math.sin %a : f64
  %e = math.exp %b : f64
  %p = arith.mulf %s, %e : f64
  %ab = arith.mulf %a, %b : f64
  %r = arith.addf %p, %ab : f64
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %v = func.call @g(%x, %y) : (f64, f64) -> f64
  %r = arith.mulf %v, %x : f64
  return %r : f64
}
