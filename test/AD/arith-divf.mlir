// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// d(a/b) = g/b da - (g/b) * (a/b) db: the quotient g/b is shared, and the
// primal result a/b is reused rather than recomputed. With a constant
// numerator c, d(c/b) = g * (c/b) * ((c/b) * (-1/c)) db: no division.

func.func @div(%x: f64, %y: f64) -> f64 {
  %0 = arith.divf %x, %y : f64
  return %0 : f64
}
func.func @recip(%y: f64) -> f64 {
  %c = arith.constant 2.0 : f64
  %0 = arith.divf %c, %y : f64
  return %0 : f64
}
func.func @zero_over(%y: f64) -> f64 {
  %c = arith.constant 0.0 : f64
  %0 = arith.divf %c, %y : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64, f64, f64, f64) {
  %0:2 = tape.grad @div(%a, %b) : (f64, f64) -> (f64, f64)
  %1 = tape.grad @div(%a, %b) wrt [0] : (f64, f64) -> f64
  %2 = tape.grad @recip(%b) : (f64) -> f64
  %3 = tape.grad @zero_over(%b) : (f64) -> f64
  return %0#0, %0#1, %1, %2, %3 : f64, f64, f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_div_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[GB:.*]] = arith.divf %[[G]], %[[Y]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[GB]], %[[R]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.negf %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[GB]], %[[DY]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_div_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[GB:.*]] = arith.divf %[[G]], %[[Y]] : f64
// CHECK-NEXT: return %[[R]], %[[GB]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_recip_wrt_0(
// CHECK-SAME: %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[R:.*]] = arith.divf %{{.*}}, %[[Y]] : f64
// CHECK-NOT: arith.divf
// CHECK: %[[K:.*]] = arith.constant -5.000000e-01 : f64
// CHECK-NEXT: %[[S:.*]] = arith.mulf %[[R]], %[[K]] : f64
// CHECK-NEXT: %[[RS:.*]] = arith.mulf %[[R]], %[[S]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[G]], %[[RS]] : f64
// CHECK-NEXT: return %[[R]], %[[DY]] : f64, f64

// A zero numerator keeps the general rule (1/c is not finite).
// CHECK-LABEL: func.func private @__rewind_pullback_zero_over_wrt_0(
// CHECK: arith.divf
// CHECK: arith.divf
