// RUN: rewind-opt %s --rewind-reverse-mode=unconnected=error -split-input-file -verify-diagnostics
// RUN: not rewind-opt %s --rewind-reverse-mode=unconnected=error -split-input-file 2>&1 | FileCheck %s
// RUN: not rewind-opt %s --rewind-reverse-mode=unconnected=sometimes -split-input-file 2>&1 | FileCheck %s --check-prefix=BADOPT

// With unconnected=error an argument whose gradient is always zero is an
// error (same text as the warning) and the pass fails: no pullback is
// generated.

// CHECK: zero-gradient-error.mlir:[[@LINE+4]]:{{[0-9]+}}: error: gradient of @f with respect to argument #1 is always zero: it is unused
// CHECK-NOT: __rewind_pullback
func.func @f(%x: f64,
             // expected-error @+1 {{gradient of @f with respect to argument #1 is always zero: it is unused}}
             %unused: f64) -> f64 {
  return %x : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64) {
  // expected-note @+1 {{derivative requested here}}
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  return %0#0, %0#1 : f64, f64
}

// -----

// CHECK: zero-gradient-error.mlir:[[@LINE+3]]:{{[0-9]+}}: error: gradient of @f with respect to argument #0 is always zero: its only path to the result goes through 'math.roundeven' at {{.*}}zero-gradient-error.mlir:[[@LINE+4]]:8
func.func @f(
             // expected-error @+1 {{gradient of @f with respect to argument #0 is always zero: its only path to the result goes through 'math.roundeven' at}}
             %x: f32) -> f32 {
  %0 = math.roundeven %x : f32
  return %0 : f32
}
func.func @main(%a: f32) -> f32 {
  // expected-note @+1 {{derivative requested here}}
  %0 = tape.grad @f(%a) : (f32) -> f32
  return %0 : f32
}

// -----

// Arguments that are connected are still fine under the error policy; only
// this part of the file produces output.
// CHECK: func.func private @__rewind_pullback_f_wrt_0(
func.func @f(%x: f64) -> f64 {
  %0 = math.sin %x : f64
  return %0 : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// BADOPT: error: unconnected must be 'zero' or 'error', got 'sometimes'
