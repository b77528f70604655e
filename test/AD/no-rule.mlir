// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// An op with an active result and no derivative rule is an error naming the
// op, at its location.

func.func @f(%x: f64) -> f64 {
  // expected-error @+1 {{no derivative rule for 'math.atanh'}}
  %0 = math.atanh %x : f64
  return %0 : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// -----

// Inside a loop body.
func.func @f(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    // expected-error @+1 {{no derivative rule for 'math.asinh'}}
    %s = math.asinh %acc : f64
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @main(%a: f64, %n: index) -> f64 {
  %0 = tape.grad @f(%a, %n) : (f64, index) -> f64
  return %0 : f64
}

// -----

// In a callee reached through func.call.
func.func @callee(%x: f32) -> f32 {
  // expected-error @+1 {{no derivative rule for 'math.acosh'}}
  %0 = math.acosh %x : f32
  return %0 : f32
}
func.func @f(%x: f32) -> f32 {
  %0 = func.call @callee(%x) : (f32) -> f32
  return %0 : f32
}
func.func @main(%a: f32) -> f32 {
  %0 = tape.grad @f(%a) : (f32) -> f32
  return %0 : f32
}

// -----

// An op without a rule is fine when its result is not active: here atanh
// only depends on y, and the gradient is taken with respect to x.
func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = math.atanh %y : f64
  %1 = arith.mulf %x, %0 : f64
  return %1 : f64
}
func.func @main(%a: f64, %b: f64) -> f64 {
  %0 = tape.grad @f(%a, %b) wrt [0] : (f64, f64) -> f64
  return %0 : f64
}

// -----

// A call to a function without a body cannot be differentiated.
func.func private @ext(f64) -> f64
func.func @f(%x: f64) -> f64 {
  // expected-error @+1 {{cannot differentiate call to external function @ext: it has no body}}
  %0 = func.call @ext(%x) : (f64) -> f64
  return %0 : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}
