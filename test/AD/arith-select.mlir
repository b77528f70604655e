// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// select(c, t, f): the adjoint goes to the selected operand, zero to the
// other; the i1 condition gets no adjoint.

func.func @sel(%c: i1, %t: f64, %f: f64) -> f64 {
  %0 = arith.select %c, %t, %f : f64
  return %0 : f64
}
func.func @main(%c: i1, %a: f64, %b: f64) -> (f64, f64, f64) {
  %0:2 = tape.grad @sel(%c, %a, %b) : (i1, f64, f64) -> (f64, f64)
  %1 = tape.grad @sel(%c, %a, %b) wrt [2] : (i1, f64, f64) -> f64
  return %0#0, %0#1, %1 : f64, f64, f64
}

// The default wrt is every floating-point argument: 1 and 2.
// CHECK-LABEL: func.func @main
// CHECK: call @__rewind_pullback_sel_wrt_1_2(
// CHECK: call @__rewind_pullback_sel_wrt_2(

// CHECK-LABEL: func.func private @__rewind_pullback_sel_wrt_1_2
// CHECK-SAME: (%[[C:.*]]: i1, %[[T:.*]]: f64, %[[F:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DT:.*]] = arith.select %[[C]], %[[G]], %[[Z]] : f64
// CHECK-NEXT: %[[DF:.*]] = arith.select %[[C]], %[[Z]], %[[G]] : f64
// CHECK-NEXT: return %[[R]], %[[DT]], %[[DF]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_sel_wrt_2(
// CHECK-SAME: %[[C:.*]]: i1, %[[T:.*]]: f64, %[[F:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DF:.*]] = arith.select %[[C]], %[[Z]], %[[G]] : f64
// CHECK-NEXT: return %[[R]], %[[DF]] : f64, f64
