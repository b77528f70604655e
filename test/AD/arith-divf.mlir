// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// d(a/b) = g/b da - (g/b) * (a/b) db: the quotient g/b is shared, and the
// primal result a/b is reused rather than recomputed.

func.func @div(%x: f64, %y: f64) -> f64 {
  %0 = arith.divf %x, %y : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64) -> (f64, f64, f64) {
  %0:2 = tape.grad @div(%a, %b) : (f64, f64) -> (f64, f64)
  %1 = tape.grad @div(%a, %b) wrt [0] : (f64, f64) -> f64
  return %0#0, %0#1, %1 : f64, f64, f64
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
