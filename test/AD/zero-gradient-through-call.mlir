// A gradient that is zero because a callee ignores its argument is explained,
// naming the callee and why.
// RUN: rewind-opt %s --rewind-reverse-mode --split-input-file -verify-diagnostics

func.func @h(%x: f64, %y: f64) -> f64 {
  %0 = math.sin %x : f64
  return %0 : f64
}
// expected-warning @+1 {{gradient of @f with respect to argument #1 is always zero: its only path to the result goes through 'func.call' at}}
func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = func.call @h(%x, %y) : (f64, f64) -> f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// -----

// copysign(a, b) does not depend differentiably on b.
// expected-warning @+1 {{gradient of @c with respect to argument #1 is always zero: its only path to the result goes through 'math.copysign' at}}
func.func @c(%a: f64, %b: f64) -> f64 {
  %0 = math.copysign %a, %b : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @c(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}
