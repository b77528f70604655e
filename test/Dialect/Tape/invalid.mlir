// RUN: rewind-opt %s -split-input-file -verify-diagnostics

func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  return %0 : f64
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op expects 2 operands for @f, got 1}}
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// -----

func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op 'missing' does not reference a func.func}}
  %0 = tape.grad @missing(%a) : (f64) -> f64
  return %0 : f64
}

// -----

func.func @f(%x: f64, %n: i32) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64, %n: i32) -> f64 {
  // expected-error @+1 {{'tape.grad' op cannot differentiate with respect to argument #1 of non-floating-point type 'i32'}}
  %0 = tape.grad @f(%a, %n) wrt [1] : (f64, i32) -> f64
  return %0 : f64
}

// -----

func.func @f(%x: f64) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op wrt position 3 is out of range for 1 arguments}}
  %0 = tape.grad @f(%a) wrt [3] : (f64) -> f64
  return %0 : f64
}

// -----

func.func @f(%x: f64, %y: f64) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op wrt positions must be strictly increasing}}
  %0:2 = tape.grad @f(%a, %a) wrt [1, 0] : (f64, f64) -> (f64, f64)
  return %0#0 : f64
}

// -----

func.func @g(%x: f64) -> (f64, f64) {
  return %x, %x : f64, f64
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op requires @g to return one floating-point scalar; use tape.vjp for other results}}
  %0 = tape.grad @g(%a) : (f64) -> f64
  return %0 : f64
}

// -----

func.func @f(%x: f64) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64) -> f32 {
  // expected-error @+1 {{'tape.grad' op gradient for argument #0 must have type 'f64', got 'f32'}}
  %0 = tape.grad @f(%a) : (f64) -> f32
  return %0 : f32
}

// -----

func.func @f(%x: f64) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.value_and_grad' op expects 2 results, got 1}}
  %0 = tape.value_and_grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// -----

func.func @g(%x: f64) -> (f64, i32) {
  %c = arith.constant 0 : i32
  return %x, %c : f64, i32
}
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.vjp' op expects one seed per floating-point result of @g ('f64')}}
  %0 = tape.vjp @g(%a) seeds(%a, %a) : (f64), (f64, f64) -> f64
  return %0 : f64
}

// -----

func.func @g(%x: f64) -> (f64, i32) {
  %c = arith.constant 0 : i32
  return %x, %c : f64, i32
}
func.func @bad(%a: f64) -> (f64, i32) {
  // expected-error @+1 {{'tape.jvp' op expects the results of @g and a tangent per floating-point result ('f64', 'i32', 'f64')}}
  %0:2 = tape.jvp @g(%a) tangents(%a) : (f64), (f64) -> f64, i32
  return %0#0, %0#1 : f64, i32
}

// -----

func.func @f(%x: f64, %n: index) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64, %n: index, %t: f32) -> (f64, f64) {
  // expected-error @+1 {{'tape.jvp' op tangent for argument #0 must have type 'f64', got 'f32'}}
  %0:2 = tape.jvp @f(%a, %n) tangents(%t) : (f64, index), (f32) -> f64, f64
  return %0#0, %0#1 : f64, f64
}

// -----

func.func @f(%x: f64, %y: f64) -> f64 {
  return %x : f64
}
func.func @bad(%a: f64, %t: f64) -> (f64, f64) {
  // expected-error @+1 {{'tape.jvp' op expects one tangent per differentiated argument (2), got 1}}
  %0:2 = tape.jvp @f(%a, %a) tangents(%t) : (f64, f64), (f64) -> f64, f64
  return %0#0, %0#1 : f64, f64
}

// -----

func.func private @ext(%x: f64) -> f64
func.func @bad(%a: f64) -> f64 {
  // expected-error @+1 {{'tape.grad' op cannot differentiate external function @ext}}
  %0 = tape.grad @ext(%a) : (f64) -> f64
  return %0 : f64
}

// -----

// expected-error @+1 {{stack element type must be a scalar integer, index or float type or a ranked tensor of one, got 'memref<2xf64>'}}
func.func @bad(%s: !tape.stack<memref<2xf64>>) {
  return
}

// -----

func.func @bad(%s: !tape.stack<f64>, %x: f32) {
  // expected-error @+1 {{'tape.push' op pushes a value of type 'f32' on a stack of 'f64'}}
  "tape.push"(%s, %x) : (!tape.stack<f64>, f32) -> ()
  return
}

// -----

func.func @bad(%s: !tape.stack<tensor<?x4xf64>>) -> tensor<?x4xf64> {
  // expected-error @+1 {{'tape.pop' op expects 1 dynamic sizes for 'tensor<?x4xf64>', got 0}}
  %t = tape.pop %s : !tape.stack<tensor<?x4xf64>>
  return %t : tensor<?x4xf64>
}

// -----

func.func @bad(%s: !tape.stack<tensor<4xf64>>, %m: memref<5xf64>) {
  // expected-error @+1 {{'tape.pop_into' op buffer type 'memref<5xf64>' is not a buffer for 'tensor<4xf64>'}}
  tape.pop_into %s, %m : !tape.stack<tensor<4xf64>>, memref<5xf64>
  return
}

// -----

func.func private @vjp(%x: f64, %g: f64) -> (f64, f64)
// expected-error @+1 {{'tape.custom_vjp' function @vjp must have type '(f64, i32, f64) -> f64' (arguments, a cotangent per floating-point result -> a gradient per floating-point argument), not '(f64, f64) -> (f64, f64)'}}
func.func @f(%x: f64, %n: i32) -> f64 attributes {tape.custom_vjp = @vjp} {
  return %x : f64
}

// -----

func.func private @jvp(%x: f64, %t: f64) -> f64
// expected-error @+1 {{'tape.custom_jvp' function @jvp must have type '(f64, f64) -> (f64, f64)' (arguments, a tangent per floating-point argument -> results, a tangent per floating-point result), not '(f64, f64) -> f64'}}
func.func @f(%x: f64) -> f64 attributes {tape.custom_jvp = @jvp} {
  return %x : f64
}

// -----

// expected-error @+1 {{'tape.custom_vjp' refers to no function @missing}}
func.func @f(%x: f64) -> f64 attributes {tape.custom_vjp = @missing} {
  return %x : f64
}

// -----

// expected-error @+1 {{unknown attribute 'tape.custom_hessian' of the tape dialect}}
func.func @f(%x: f64) -> f64 attributes {tape.custom_hessian = @missing} {
  return %x : f64
}

// -----

func.func @f(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'tape.snapshots' must be a positive integer on an scf.for or scf.while}}
  scf.for %i = %c0 to %n step %c1 {
  } {tape.snapshots = 0 : i64}
  return
}

// -----

func.func @f(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'tape.budget' must be a positive integer on an scf.for}}
  scf.for %i = %c0 to %n step %c1 {
  } {tape.budget = 0 : i64}
  return
}

// -----

func.func @f(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'tape.checkpoint_levels' needs 'tape.budget'}}
  scf.for %i = %c0 to %n step %c1 {
  } {tape.checkpoint_levels = 1 : i64}
  return
}

// -----

func.func @f(%n: index, %b: index) -> index {
  // expected-error @+1 {{'tape.checkpoint_plan' op needs a budget of at least one byte, not 0}}
  %s = tape.checkpoint_plan %n iterations, %b bytes each, %b per snapshot {budget = 0 : i64, levels = 1 : i64}
  return %s : index
}

// -----

func.func @f(%x: f64) -> f64 {
  // expected-error @+1 {{'tape.binomial' must be a positive integer on an scf.for or scf.while}}
  %r = scf.while (%a = %x) : (f64) -> f64 {
    %t = arith.constant true
    scf.condition(%t) %a : f64
  } do {
  ^bb0(%a: f64):
    scf.yield %a : f64
  } attributes {tape.binomial = 0 : i64}
  return %r : f64
}
