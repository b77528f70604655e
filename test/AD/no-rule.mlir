// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// An op with an active result and no derivative rule is an error naming the
// op, at its location, and why it has none (docs/generated/OpCoverage.md).

func.func @f(%x: f64, %g: (f64) -> f64) -> f64 {
  // expected-error @+1 {{no derivative rule for 'func.call_indirect': the callee is not known when compiling: call it by name (func.call)}}
  %0 = func.call_indirect %g(%x) : (f64) -> f64
  return %0 : f64
}
func.func @sq(%x: f64) -> f64 {
  %0 = arith.mulf %x, %x : f64
  return %0 : f64
}
func.func @main(%a: f64) -> f64 {
  %g = func.constant @sq : (f64) -> f64
  %0 = tape.grad @f(%a, %g) wrt [0] : (f64, (f64) -> f64) -> f64
  return %0 : f64
}

// -----

// Inside a loop body.
func.func @f(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    // expected-error @+1 {{no derivative rule for 'arith.bitcast': reinterprets bits: not a differentiable function of its operand}}
    %s = arith.bitcast %acc : f64 to f64
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
func.func @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{no derivative rule for 'tensor.bitcast'}}
  %0 = tensor.bitcast %x : tensor<4xf32> to tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @f(%x: tensor<4xf32>) -> f32 {
  %0 = func.call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %c0 = arith.constant 0 : index
  %1 = tensor.extract %0[%c0] : tensor<4xf32>
  return %1 : f32
}
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tape.grad @f(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Winograd transforms are inference-time steps: unsupported, with why.
func.func @f(%filter: tensor<2x3x3x5xf32>) -> f32 {
  %e = tensor.empty() : tensor<6x6x5x2xf32>
  // expected-error @+1 {{no derivative rule for 'linalg.winograd_filter_transform': a step of the Winograd convolution algorithm}}
  %t = linalg.winograd_filter_transform fmr(F_4_3) ins(%filter : tensor<2x3x3x5xf32>) outs(%e : tensor<6x6x5x2xf32>) -> tensor<6x6x5x2xf32>
  %c0 = arith.constant 0 : index
  %v = tensor.extract %t[%c0, %c0, %c0, %c0] : tensor<6x6x5x2xf32>
  return %v : f32
}
func.func @main(%a: tensor<2x3x3x5xf32>) -> tensor<2x3x3x5xf32> {
  %0 = tape.grad @f(%a) : (tensor<2x3x3x5xf32>) -> tensor<2x3x3x5xf32>
  return %0 : tensor<2x3x3x5xf32>
}

// -----

// An op without a rule is fine when its result is not active: here the
// bitcast only depends on y, and the gradient is taken with respect to x.
func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = arith.bitcast %y : f64 to f64
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
