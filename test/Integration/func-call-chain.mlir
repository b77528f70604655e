// Chain of calls f -> g -> h (h is called from g only), with the same callee
// reached through two different call sites in g.
// h(a) = tanh(a) * a; g(a, b) = h(a*b) + log(b) + h(b); f(x, y) = g(x, y) * y + g(y, x)
// RUN: rewind-run %s --entry f --args '[1.3, 0.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.3, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.54466371866{{[0-9]*}}, "gradient": [3.34352210849{{[0-9]*}}, 5.01565916791{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @h(%a: f64) -> f64 {
  %t = math.tanh %a : f64
  %r = arith.mulf %t, %a : f64
  return %r : f64
}

func.func @g(%a: f64, %b: f64) -> f64 {
  %ab = arith.mulf %a, %b : f64
  %h1 = func.call @h(%ab) : (f64) -> f64
  %l = math.log %b : f64
  %s = arith.addf %h1, %l : f64
  %h2 = func.call @h(%b) : (f64) -> f64
  %r = arith.addf %s, %h2 : f64
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %g1 = func.call @g(%x, %y) : (f64, f64) -> f64
  %a = arith.mulf %g1, %y : f64
  %g2 = func.call @g(%y, %x) : (f64, f64) -> f64
  %r = arith.addf %a, %g2 : f64
  return %r : f64
}
