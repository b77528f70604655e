// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// tape.vjp calls the pullback with the caller's seeds, one per floating-point
// result of the callee; the i32 result takes no seed. The pullback returns the
// callee's results followed by one gradient per differentiated argument.

func.func @g(%x: f64, %y: f64) -> (f64, i32, f64) {
  %a = arith.mulf %x, %y : f64
  %b = math.sin %x : f64
  %c = arith.constant 7 : i32
  return %a, %c, %b : f64, i32, f64
}

// CHECK-LABEL: func.func @vjp_x
// CHECK-SAME: (%[[P:.*]]: f64, %[[Q:.*]]: f64, %[[S0:.*]]: f64, %[[S1:.*]]: f64) -> f64
// CHECK-NEXT: %[[R:.*]]:4 = call @__rewind_pullback_g_wrt_0(%[[P]], %[[Q]], %[[S0]], %[[S1]]) : (f64, f64, f64, f64) -> (f64, i32, f64, f64)
// CHECK-NEXT: return %[[R]]#3 : f64
func.func @vjp_x(%p: f64, %q: f64, %s0: f64, %s1: f64) -> f64 {
  %d = tape.vjp @g(%p, %q) seeds(%s0, %s1) wrt [0] : (f64, f64), (f64, f64) -> f64
  return %d : f64
}

// Without wrt: every floating-point argument.
// CHECK-LABEL: func.func @vjp_all
// CHECK-SAME: (%[[P:.*]]: f64, %[[Q:.*]]: f64, %[[S0:.*]]: f64, %[[S1:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]]:5 = call @__rewind_pullback_g_wrt_0_1(%[[P]], %[[Q]], %[[S0]], %[[S1]]) : (f64, f64, f64, f64) -> (f64, i32, f64, f64, f64)
// CHECK-NEXT: return %[[R]]#3, %[[R]]#4 : f64, f64
func.func @vjp_all(%p: f64, %q: f64, %s0: f64, %s1: f64) -> (f64, f64) {
  %d:2 = tape.vjp @g(%p, %q) seeds(%s0, %s1) : (f64, f64), (f64, f64) -> f64, f64
  return %d#0, %d#1 : f64, f64
}

// dx = s0 * y + s1 * cos(x): the adjoints of both float results reach x.
// CHECK-LABEL: func.func private @__rewind_pullback_g_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[S0:.*]]: f64, %[[S1:.*]]: f64) -> (f64, i32, f64, f64)
// CHECK-NEXT: %[[A:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[B:.*]] = math.sin %[[X]] : f64
// CHECK-NEXT: %[[C:.*]] = arith.constant 7 : i32
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[X]] : f64
// CHECK-NEXT: %[[D1:.*]] = arith.mulf %[[S1]], %[[COS]] : f64
// CHECK-NEXT: %[[D0:.*]] = arith.mulf %[[S0]], %[[Y]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.addf %[[D1]], %[[D0]] : f64
// CHECK-NEXT: return %[[A]], %[[C]], %[[B]], %[[DX]] : f64, i32, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_g_wrt_0_1(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[S0:.*]]: f64, %[[S1:.*]]: f64) -> (f64, i32, f64, f64, f64)
// CHECK: %[[DX:.*]] = arith.addf
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[S0]], %[[X]] : f64
// CHECK-NEXT: return %{{.*}}, %{{.*}}, %{{.*}}, %[[DX]], %[[DY]] : f64, i32, f64, f64, f64
