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

// -----

// A custom pullback that gives an argument a zero gradient (a constant zero)
// cuts it, and the explanation names the rule.
func.func @clipped(%x: f64, %t: f64) -> f64 attributes {tape.custom_vjp = @clipped_vjp} {
  %0 = arith.mulf %x, %t : f64
  return %0 : f64
}
func.func @clipped_vjp(%x: f64, %t: f64, %dy: f64) -> (f64, f64) {
  %zero = arith.constant 0.0 : f64
  %dx = arith.mulf %dy, %t : f64
  return %dx, %zero : f64, f64
}
// The whole message:
// RUN: rewind-opt %s --rewind-reverse-mode --split-input-file 2>&1 | FileCheck %s
// CHECK: gradient of @uses with respect to argument #1 is always zero: its only path to the result goes through 'func.call' at {{.*}}zero-gradient-through-call.mlir:{{[0-9]+}}:8 (the custom pullback of @clipped, @clipped_vjp, gives argument #1 a zero gradient)
// expected-warning @+1 {{gives argument #1 a zero gradient)}}
func.func @uses(%x: f64, %t: f64) -> f64 {
  %0 = func.call @clipped(%x, %t) : (f64, f64) -> f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @uses(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}
