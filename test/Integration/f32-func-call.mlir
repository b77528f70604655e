// func.call between f32 functions, with a call inside a callee.
// sq(a) = a*a; g(a, b) = sq(a) * tanh(b); f(x, y) = g(x, y) + g(y, x*y)
// RUN: rewind-run %s --entry f --args '[1.2, 0.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.2, 0.7]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.2063{{[0-9]*}}, "gradient": [1.6321{{[0-9]*}}, 2.1856{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @sq(%a: f32) -> f32 {
  %r = arith.mulf %a, %a : f32
  return %r : f32
}

func.func @g(%a: f32, %b: f32) -> f32 {
  %s = func.call @sq(%a) : (f32) -> f32
  %t = math.tanh %b : f32
  %r = arith.mulf %s, %t : f32
  return %r : f32
}

func.func @f(%x: f32, %y: f32) -> f32 {
  %g1 = func.call @g(%x, %y) : (f32, f32) -> f32
  %xy = arith.mulf %x, %y : f32
  %g2 = func.call @g(%y, %xy) : (f32, f32) -> f32
  %r = arith.addf %g1, %g2 : f32
  return %r : f32
}
