// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// maximumf/minimumf: the adjoint goes to the operand that was selected (the
// left one on ties), through a comparison of the primal operands and two
// selects.

func.func @max(%x: f64, %y: f64) -> f64 {
  %0 = arith.maximumf %x, %y : f64
  return %0 : f64
}
func.func @min(%x: f32, %y: f32) -> f32 {
  %0 = arith.minimumf %x, %y : f32
  return %0 : f32
}
func.func @maxnum(%x: f64, %y: f64) -> f64 {
  %0 = arith.maxnumf %x, %y : f64
  return %0 : f64
}
func.func @minnum(%x: f64, %y: f64) -> f64 {
  %0 = arith.minnumf %x, %y : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64, %c: f32, %d: f32) -> (f64, f64, f32, f32, f64, f64, f64, f64, f64) {
  %0:2 = tape.grad @max(%a, %b) : (f64, f64) -> (f64, f64)
  %1:2 = tape.grad @min(%c, %d) : (f32, f32) -> (f32, f32)
  %2:2 = tape.grad @maxnum(%a, %b) : (f64, f64) -> (f64, f64)
  %3:2 = tape.grad @minnum(%a, %b) : (f64, f64) -> (f64, f64)
  %4 = tape.grad @max(%a, %b) wrt [0] : (f64, f64) -> f64
  return %0#0, %0#1, %1#0, %1#1, %2#0, %2#1, %3#0, %3#1, %4 : f64, f64, f32, f32, f64, f64, f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_max_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[LHS:.*]] = arith.cmpf ogt, %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[TIE:.*]] = arith.cmpf oeq, %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT: %[[H:.*]] = arith.mulf %[[G]], %[[HALF]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[T:.*]] = arith.select %[[TIE]], %[[H]], %[[Z]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.select %[[LHS]], %[[G]], %[[T]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.subf %[[G]], %[[DX]] : f64
// CHECK-NEXT: return %[[R]], %[[DX]], %[[DY]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_min_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[G:.*]]: f32) -> (f32, f32, f32)
// CHECK-NEXT: %[[R:.*]] = arith.minimumf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[LHS:.*]] = arith.cmpf olt, %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[TIE:.*]] = arith.cmpf oeq, %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[H:.*]] = arith.mulf %[[G]], %[[HALF]] : f32
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[T:.*]] = arith.select %[[TIE]], %[[H]], %[[Z]] : f32
// CHECK-NEXT: %[[DX:.*]] = arith.select %[[LHS]], %[[G]], %[[T]] : f32
// CHECK-NEXT: %[[DY:.*]] = arith.subf %[[G]], %[[DX]] : f32
// CHECK-NEXT: return %[[R]], %[[DX]], %[[DY]] : f32, f32, f32

// maxnumf/minnumf: only the shape is pinned here. Which operand wins when the
// left one is NaN is deliberately not checked (maxnumf(NaN, y) is y, so the
// adjoint must go to y).
// CHECK-LABEL: func.func private @__rewind_pullback_maxnum_wrt_0_1
// CHECK: arith.maxnumf
// CHECK: arith.select
// CHECK: arith.select
// CHECK: return
// CHECK-LABEL: func.func private @__rewind_pullback_minnum_wrt_0_1
// CHECK: arith.minnumf
// CHECK: arith.select
// CHECK: arith.select
// CHECK: return

// Only the left operand is differentiated: no subtraction for the right one.
// CHECK-LABEL: func.func private @__rewind_pullback_max_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[LHS:.*]] = arith.cmpf ogt, %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[TIE:.*]] = arith.cmpf oeq, %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT: %[[H:.*]] = arith.mulf %[[G]], %[[HALF]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[T:.*]] = arith.select %[[TIE]], %[[H]], %[[Z]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.select %[[LHS]], %[[G]], %[[T]] : f64
// CHECK-NEXT: return %[[R]], %[[DX]] : f64, f64
