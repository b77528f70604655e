// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// addf passes the adjoint through to both operands, subf negates it for the
// right operand, negf negates it.

func.func @add(%x: f64, %y: f64) -> f64 {
  %0 = arith.addf %x, %y : f64
  return %0 : f64
}
func.func @sub(%x: f64, %y: f64) -> f64 {
  %0 = arith.subf %x, %y : f64
  return %0 : f64
}
func.func @neg(%x: f32) -> f32 {
  %0 = arith.negf %x : f32
  return %0 : f32
}
func.func @main(%a: f64, %b: f64, %c: f32) -> (f64, f64, f64, f64, f64, f32) {
  %0:2 = tape.grad @add(%a, %b) : (f64, f64) -> (f64, f64)
  %1:2 = tape.grad @sub(%a, %b) : (f64, f64) -> (f64, f64)
  %2 = tape.grad @sub(%a, %b) wrt [0] : (f64, f64) -> f64
  %3 = tape.grad @neg(%c) : (f32) -> f32
  return %0#0, %0#1, %1#0, %1#1, %2, %3 : f64, f64, f64, f64, f64, f32
}

// CHECK-LABEL: func.func private @__rewind_pullback_add_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[X]], %[[Y]] : f64
// CHECK-NEXT: return %[[R]], %[[G]], %[[G]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_sub_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.negf %[[G]] : f64
// CHECK-NEXT: return %[[R]], %[[G]], %[[DY]] : f64, f64, f64

// The right operand is inactive: no negf is emitted for it.
// CHECK-LABEL: func.func private @__rewind_pullback_sub_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[X]], %[[Y]] : f64
// CHECK-NEXT: return %[[R]], %[[G]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_neg_wrt_0
// CHECK-SAME: (%[[X:.*]]: f32, %[[G:.*]]: f32) -> (f32, f32)
// CHECK-NEXT: %[[R:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT: %[[DX:.*]] = arith.negf %[[G]] : f32
// CHECK-NEXT: return %[[R]], %[[DX]] : f32, f32
