// The same value passed to several call operands (g(x, x)) and a callee that
// returns one argument unchanged and ignores the other.
// g(a, b) = a; f(x, y) = g(x, x) * g(y, x) * g(x, y) * exp(x)
// RUN: rewind-run %s --entry f --args '[1.2, 0.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.2, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 3.34667785811{{[0-9]*}}, "gradient": [8.92447428831{{[0-9]*}}, 4.78096836874{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @g(%a: f64, %b: f64) -> f64 {
  return %a : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %v = func.call @g(%x, %x) : (f64, f64) -> f64
  %w = func.call @g(%y, %x) : (f64, f64) -> f64
  %u = func.call @g(%x, %y) : (f64, f64) -> f64
  %r = arith.mulf %v, %w : f64
  %r2 = arith.mulf %r, %u : f64
  %e = math.exp %x : f64
  %r3 = arith.mulf %r2, %e : f64
  return %r3 : f64
}
