// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics
// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file 2>/dev/null | FileCheck %s

// Never a silent zero gradient: for each requested argument that cannot
// influence the result, a warning at the argument says why, with a note at
// the request. The default policy returns zeros.

func.func @f(%x: f64,
             // expected-warning-re @+1 {{gradient of @f with respect to argument #1 is always zero: its only path to the result goes through 'arith.fptosi' at {{.*}}zero-gradient-warning.mlir:11:8{{$}}}}
             %y: f64) -> f64 {
  %i = arith.fptosi %y : f64 to i32
  %yf = arith.sitofp %i : i32 to f64
  %r = arith.mulf %x, %yf : f64
  return %r : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// The zero is materialized as the gradient.
// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0_1
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: return %{{.*}}, %{{.*}}, %[[Z]] : f64, f64, f64

// -----

func.func @f(%x: f64,
             // expected-warning @+1 {{gradient of @f with respect to argument #1 is always zero: it is unused}}
             %unused: f64) -> f64 {
  return %x : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// -----

// y is used, but nothing it computes reaches the result.
func.func @f(%x: f64,
             // expected-warning @+1 {{gradient of @f with respect to argument #1 is always zero: it does not influence the result}}
             %y: f64) -> f64 {
  %t = arith.mulf %y, %y : f64
  %u = math.sin %t : f64
  return %x : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.value_and_grad @f(%a, %b) wrt [1] : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// -----

// Rounding has a zero derivative and cuts the path.
func.func @f(%x: f64,
             // expected-warning-re @+1 {{gradient of @f with respect to argument #1 is always zero: its only path to the result goes through 'math.floor' at {{.*}}zero-gradient-warning.mlir:62:8{{$}}}}
             %y: f64) -> f64 {
  %t = math.floor %y : f64
  %r = arith.addf %x, %t : f64
  return %r : f64
}
func.func @main(%a: f64, %b: f64) -> f64 {
  // expected-note @+1 {{derivative requested here}}
  %0 = tape.grad @f(%a, %b) wrt [1] : (f64, f64) -> f64
  return %0 : f64
}

// -----

// A comparison that controls an scf.if: the result depends on y through the
// branch taken, not differentiably.
func.func @f(%x: f64,
             // expected-warning-re @+1 {{gradient of @f with respect to argument #1 is always zero: its only path to the result goes through 'arith.cmpf' at {{.*}}zero-gradient-warning.mlir:80:8{{$}}}}
             %y: f64) -> f64 {
  %z = arith.constant 0.0 : f64
  %c = arith.cmpf ogt, %y, %z : f64
  %r = scf.if %c -> (f64) {
    scf.yield %x : f64
  } else {
    %n = arith.negf %x : f64
    scf.yield %n : f64
  }
  return %r : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// -----

// Several cuts are all named.
func.func @f(%x: f64,
             // expected-warning-re @+1 {{gradient of @f with respect to argument #1 is always zero: every path to the result goes through a non-differentiable operation: 'math.round' at {{.*}}zero-gradient-warning.mlir:101:9, 'math.ceil' at {{.*}}zero-gradient-warning.mlir:102:9{{$}}}}
             %y: f64) -> f64 {
  %r1 = math.round %y : f64
  %r2 = math.ceil %y : f64
  %s = arith.addf %r1, %r2 : f64
  %r = arith.mulf %x, %s : f64
  return %r : f64
}
func.func @main(%a: f64, %b: f64) -> f64 {
  // expected-note @+1 {{derivative requested here}}
  %0 = tape.grad @f(%a, %b) wrt [1] : (f64, f64) -> f64
  return %0 : f64
}

// -----

// Only requested arguments are checked: y is unused but not requested, and x
// does influence the result. No diagnostic.
func.func @f(%x: f64, %y: f64) -> f64 {
  %t = math.trunc %x : f64
  %r = arith.mulf %x, %t : f64
  return %r : f64
}
func.func @main(%a: f64, %b: f64) -> f64 {
  %0 = tape.grad @f(%a, %b) wrt [0] : (f64, f64) -> f64
  return %0 : f64
}

// -----

// tape.vjp requests are checked too.
func.func @g(%x: f64,
             // expected-warning @+1 {{gradient of @g with respect to argument #1 is always zero: it is unused}}
             %y: f64) -> (f64, f64) {
  %s = math.sin %x : f64
  return %s, %x : f64, f64
}
func.func @main(%a: f64, %b: f64, %s: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.vjp @g(%a, %b) seeds(%s, %s) : (f64, f64), (f64, f64) -> f64, f64
  return %0#0, %0#1 : f64, f64
}
