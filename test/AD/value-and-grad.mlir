// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=DIFF

// tape.value_and_grad: the pullback is seeded with 1.0; the value is the
// pullback's first result and the gradients follow.

func.func @f(%x: f32, %y: f32) -> f32 {
  %0 = arith.mulf %x, %y : f32
  %1 = math.exp %0 : f32
  return %1 : f32
}

// CHECK-LABEL: func.func @vg
// CHECK-SAME: (%[[A:.*]]: f32, %[[B:.*]]: f32) -> (f32, f32)
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]]:2 = call @__rewind_pullback_f_wrt_1(%[[A]], %[[B]], %[[ONE]]) : (f32, f32, f32) -> (f32, f32)
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1 : f32, f32
func.func @vg(%a: f32, %b: f32) -> (f32, f32) {
  %v, %db = tape.value_and_grad @f(%a, %b) wrt [1] : (f32, f32) -> (f32, f32)
  return %v, %db : f32, f32
}

// CHECK-LABEL: func.func @vg_all
// CHECK: %[[R:.*]]:3 = call @__rewind_pullback_f_wrt_0_1(
// CHECK-NEXT: return %[[R]]#0, %[[R]]#1, %[[R]]#2 : f32, f32, f32
func.func @vg_all(%a: f32, %b: f32) -> (f32, f32, f32) {
  %v, %da, %db = tape.value_and_grad @f(%a, %b) : (f32, f32) -> (f32, f32, f32)
  return %v, %da, %db : f32, f32, f32
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_1(
// CHECK-SAME: %[[X:.*]]: f32, %[[Y:.*]]: f32, %[[G:.*]]: f32) -> (f32, f32)
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[P]] : f32
// CHECK-NEXT: %[[DP:.*]] = arith.mulf %[[G]], %[[E]] : f32
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[DP]], %[[X]] : f32
// CHECK-NEXT: return %[[E]], %[[DY]] : f32, f32

// After inlining, the value and the gradient share the forward computation.
// DIFF-LABEL: func.func @vg
// DIFF-SAME: (%[[A:.*]]: f32, %[[B:.*]]: f32) -> (f32, f32)
// DIFF-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f32
// DIFF-NEXT: %[[E:.*]] = math.exp %[[P]] : f32
// DIFF-NEXT: %[[DY:.*]] = arith.mulf %[[E]], %[[A]] : f32
// DIFF-NEXT: return %[[E]], %[[DY]] : f32, f32
