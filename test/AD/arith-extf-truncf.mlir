// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// The adjoint of a precision change is the opposite change: extf's adjoint is
// truncated, truncf's adjoint is extended. The seed has the result's type.

func.func @ext(%x: f32) -> f64 {
  %0 = arith.extf %x : f32 to f64
  return %0 : f64
}
func.func @trunc(%x: f64) -> f32 {
  %0 = arith.truncf %x : f64 to f32
  return %0 : f32
}
func.func @main(%a: f32, %b: f64) -> (f32, f64) {
  // CHECK-LABEL: func.func @main
  // CHECK: %[[ONE64:.*]] = arith.constant 1.000000e+00 : f64
  // CHECK: call @__rewind_pullback_ext_wrt_0(%{{.*}}, %[[ONE64]]) : (f32, f64) -> (f64, f32)
  %0 = tape.grad @ext(%a) : (f32) -> f32
  // CHECK: %[[ONE32:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK: call @__rewind_pullback_trunc_wrt_0(%{{.*}}, %[[ONE32]]) : (f64, f32) -> (f32, f64)
  %1 = tape.grad @trunc(%b) : (f64) -> f64
  return %0, %1 : f32, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_ext_wrt_0
// CHECK-SAME: (%[[X:.*]]: f32, %[[G:.*]]: f64) -> (f64, f32)
// CHECK-NEXT: %[[R:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK-NEXT: %[[D:.*]] = arith.truncf %[[G]] : f64 to f32
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f32

// CHECK-LABEL: func.func private @__rewind_pullback_trunc_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f32) -> (f32, f64)
// CHECK-NEXT: %[[R:.*]] = arith.truncf %[[X]] : f64 to f32
// CHECK-NEXT: %[[D:.*]] = arith.extf %[[G]] : f32 to f64
// CHECK-NEXT: return %[[R]], %[[D]] : f32, f64
