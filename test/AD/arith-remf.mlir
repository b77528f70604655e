// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// remf(a, b) = a - b * trunc(a / b): da = g, db = -g * trunc(a / b).

func.func @rem(%x: f64, %y: f64) -> f64 {
  %0 = arith.remf %x, %y : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64, f64) {
  %0:2 = tape.grad @rem(%a, %b) : (f64, f64) -> (f64, f64)
  %1 = tape.grad @rem(%a, %b) wrt [0] : (f64, f64) -> f64
  return %0#0, %0#1, %1 : f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_rem_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.remf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[Q:.*]] = arith.divf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[T:.*]] = math.trunc %[[Q]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[G]], %[[T]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.negf %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[G]], %[[DY]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_rem_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.remf %[[X]], %[[Y]] : f64
// CHECK-NEXT: return %[[R]], %[[G]] : f64, f64
