// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// A constant defined inside a loop body is re-materialized in the reverse
// body instead of being saved on the tape: only exp's result is pushed.

func.func @f(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %x) -> (f64) {
    %k = arith.constant 3.0 : f64
    %m = arith.mulf %acc, %k : f64
    %e = math.exp %m : f64
    scf.yield %e : f64
  }
  return %r : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[STACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
// CHECK-NOT: tape.stack_create
// CHECK: %[[FWD:.*]] = scf.for %{{.*}} iter_args(%[[ACC:.*]] = %[[X]]) -> (f64) {
// CHECK-NEXT: %[[K:.*]] = arith.constant 3.000000e+00 : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[ACC]], %[[K]] : f64
// CHECK-NEXT: %[[E:.*]] = math.exp %[[M]] : f64
// CHECK-NEXT: tape.push %[[STACK]], %[[E]] : !tape.stack<f64>
// CHECK-NEXT: scf.yield %[[E]] : f64
// CHECK-NEXT: }
// CHECK: %[[REV:.*]] = scf.for %{{.*}} iter_args(%[[DE:.*]] = %[[G]]) -> (f64) {
// CHECK: %[[KR:.*]] = arith.constant 3.000000e+00 : f64
// CHECK-NEXT: %[[EP:.*]] = tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DM:.*]] = arith.mulf %[[DE]], %[[EP]] : f64
// CHECK-NEXT: %[[DACC:.*]] = arith.mulf %[[DM]], %[[KR]] : f64
// CHECK-NEXT: scf.yield %[[DACC]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: tape.stack_destroy %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[FWD]], %[[REV]] : f64, f64
