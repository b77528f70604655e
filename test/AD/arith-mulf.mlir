// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=DIFF

// d(x*y) = g*y dx + g*x dy: one multiplication per active operand, using the
// primal of the other operand.

func.func @mul(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  return %0 : f64
}

// CHECK-LABEL: func.func @both
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[R:.*]]:3 = call @__rewind_pullback_mul_wrt_0_1(%{{.*}}, %{{.*}}, %[[ONE]]) : (f64, f64, f64) -> (f64, f64, f64)
// CHECK: return %[[R]]#1, %[[R]]#2 : f64, f64
// DIFF-LABEL: func.func @both
// DIFF-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64)
// DIFF-NEXT: return %[[B]], %[[A]] : f64, f64
func.func @both(%a: f64, %b: f64) -> (f64, f64) {
  %da, %db = tape.grad @mul(%a, %b) : (f64, f64) -> (f64, f64)
  return %da, %db : f64, f64
}

// With respect to the right operand only: no adjoint for the left one.
// CHECK-LABEL: func.func @right
// CHECK: call @__rewind_pullback_mul_wrt_1(
func.func @right(%a: f64, %b: f64) -> f64 {
  %db = tape.grad @mul(%a, %b) wrt [1] : (f64, f64) -> f64
  return %db : f64
}

// x*x: both contributions are accumulated with an addf.
func.func @square(%x: f32) -> f32 {
  %0 = arith.mulf %x, %x : f32
  return %0 : f32
}
// DIFF-LABEL: func.func @sq(
// DIFF-SAME: %[[A:.*]]: f32)
// DIFF-NEXT: %[[D:.*]] = arith.addf %[[A]], %[[A]] : f32
// DIFF-NEXT: return %[[D]] : f32
func.func @sq(%a: f32) -> f32 {
  %d = tape.grad @square(%a) : (f32) -> f32
  return %d : f32
}

// CHECK-LABEL: func.func private @__rewind_pullback_mul_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.mulf %[[G]], %[[Y]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[G]], %[[X]] : f64
// CHECK-NEXT: return %[[P]], %[[DX]], %[[DY]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_mul_wrt_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[G]], %[[X]] : f64
// CHECK-NEXT: return %[[P]], %[[DY]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_square_wrt_0
// CHECK-SAME: (%[[X:.*]]: f32, %[[G:.*]]: f32) -> (f32, f32)
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK-NEXT: %[[D1:.*]] = arith.mulf %[[G]], %[[X]] : f32
// CHECK-NEXT: %[[D2:.*]] = arith.mulf %[[G]], %[[X]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[D1]], %[[D2]] : f32
// CHECK-NEXT: return %[[P]], %[[D]] : f32, f32

// DIFF-NOT: tape.
// DIFF-NOT: __rewind_pullback
