// tape.stop_gradient cuts derivatives during differentiation and is removed
// afterwards, in differentiated and plain functions alike.
// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s
// RUN: rewind-run %s --entry f --args '[1.5]' --grad | FileCheck %s --check-prefix=GRAD

// CHECK-NOT: tape.stop_gradient
// CHECK-LABEL: func.func @f(
// CHECK: %[[SQ:.*]] = arith.mulf %arg0, %arg0
// CHECK: arith.mulf %arg0, %[[SQ]]
// The pullback multiplies the seed by the cut factor only.
// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0(
// CHECK: %[[PSQ:.*]] = arith.mulf %arg0, %arg0
// CHECK: arith.mulf %arg1, %[[PSQ]]
// CHECK-NEXT: return

// f(x) = x * stop_gradient(x^2): f'(x) = x^2 = 2.25 at 1.5 (not 3x^2).
// GRAD: gradient #0: f64 = 2.25
func.func @f(%x: f64) -> f64 {
  %sq = arith.mulf %x, %x : f64
  %c = tape.stop_gradient %sq : f64
  %y = arith.mulf %x, %c : f64
  return %y : f64
}

func.func @request(%x: f64) -> f64 {
  %d = tape.grad @f(%x) : (f64) -> f64
  return %d : f64
}
