// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-rotate-loops))' | FileCheck %s

// A loop of 3 iterations becomes a do-while loop: the body, the step and the
// test in the before region, carrying the induction variable first.
// CHECK-LABEL: func.func @static
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[W:.*]]:2 = scf.while (%[[I:.*]] = %[[C0]], %[[A:.*]] = %[[X]]) : (index, f64) -> (index, f64) {
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[A]] : f64
// CHECK-NEXT: %[[N:.*]] = arith.addi %[[I]], %[[C2]] : index
// CHECK-NEXT: %[[MORE:.*]] = arith.cmpi slt, %[[N]], %[[C5]] : index
// CHECK-NEXT: scf.condition(%[[MORE]]) %[[N]], %[[M]] : index, f64
// CHECK-NEXT: } do {
// CHECK-NEXT: ^bb0(%[[J:.*]]: index, %[[B:.*]]: f64):
// CHECK-NEXT: scf.yield %[[J]], %[[B]] : index, f64
// CHECK: return %[[W]]#1
func.func @static(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %i = %c0 to %c5 step %c2 iter_args(%a = %x) -> (f64) {
    %m = arith.mulf %a, %a : f64
    scf.yield %m : f64
  }
  return %r : f64
}

// A loop whose trip count is not known, or is zero, stays: it may not run.
// CHECK-LABEL: func.func @may_not_run
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scf.while
func.func @may_not_run(%n: index, %x: f64) -> (f64, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (f64) {
    %m = arith.mulf %a, %a : f64
    scf.yield %m : f64
  }
  %s = scf.for %i = %c1 to %c0 step %c1 iter_args(%a = %x) -> (f64) {
    %m = arith.mulf %a, %a : f64
    scf.yield %m : f64
  }
  return %r, %s : f64, f64
}
