// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=DIFF

// acc = 1; for i < n: acc = sin(acc) * x. The reverse is an scf.for counting
// down over the same trip count, carrying the adjoints of the loop-carried
// value and of x (used inside the loop, defined above it). The values the
// reverse needs from inside the body are saved on stacks whose capacity, the
// trip count, is computed before the forward loop.

func.func @f(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %init = arith.constant 1.0 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> (f64) {
    %s = math.sin %acc : f64
    %m = arith.mulf %s, %x : f64
    scf.yield %m : f64
  }
  return %r : f64
}
func.func @main(%a: f64, %n: index) -> f64 {
  %0 = tape.grad @f(%a, %n) : (f64, index) -> f64
  return %0 : f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: index, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[INIT:.*]] = arith.constant 1.000000e+00 : f64
//
// Trip count n <= 0 ? 0 : (n - 0 - 1) / 1 + 1 (unsigned: no overflow, and
// no division by a step that is not positive) as each stack's capacity.
// CHECK: %[[EMPTY:.*]] = arith.cmpi sle, %[[N]], %[[C0]] : index
// CHECK-NEXT: %[[DIST:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK-NEXT: %[[LAST:.*]] = arith.subi %[[DIST]], %[[ONE:.*]] : index
// CHECK-NEXT: %[[DIV:.*]] = arith.divui %[[LAST]], %[[C1]] : index
// CHECK-NEXT: %[[CNT:.*]] = arith.addi %[[DIV]], %[[ONE]] : index
// CHECK-NEXT: %[[CAP:.*]] = arith.select %[[EMPTY]], %{{.*}}, %[[CNT]] : index
// CHECK-NEXT: %[[STACK_A:.*]] = tape.stack_create capacity %[[CAP]] : !tape.stack<f64>
// CHECK: %[[STACK_B:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
//
// Forward: each value the reverse needs is pushed right after its definition.
// CHECK-NEXT: %[[FWD:.*]] = scf.for %{{.*}} = %[[C0]] to %[[N]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f64) {
// CHECK-NEXT: tape.push %[[STACK_B]], %[[ACC]] : !tape.stack<f64>
// CHECK-NEXT: %[[SIN:.*]] = math.sin %[[ACC]] : f64
// CHECK-NEXT: tape.push %[[STACK_A]], %[[SIN]] : !tape.stack<f64>
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[SIN]], %[[X]] : f64
// CHECK-NEXT: scf.yield %[[M]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
//
// Reverse: k = 0 .. count-1 undoes iteration count-1-k; iter_args are the
// adjoint of acc (seeded with g) and the adjoint of x (from zero). The body
// does not read i, so its value in iteration count-1-k is not rebuilt.
// CHECK: %[[COUNT:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[RC0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[RC1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[REV:.*]]:2 = scf.for %[[K:.*]] = %[[RC0]] to %[[COUNT]] step %[[RC1]] iter_args(%[[DACC:.*]] = %[[G]], %[[DX:.*]] = %[[ZERO]]) -> (f64, f64) {
// CHECK-NOT: arith.subi
// CHECK-DAG: %[[ACC_P:.*]] = tape.pop %[[STACK_B]] : !tape.stack<f64>
// CHECK-DAG: %[[SIN_P:.*]] = tape.pop %[[STACK_A]] : !tape.stack<f64>
// CHECK-NEXT: %[[DSIN:.*]] = arith.mulf %[[DACC]], %[[X]] : f64
// CHECK-NEXT: %[[DXI:.*]] = arith.mulf %[[DACC]], %[[SIN_P]] : f64
// CHECK-NEXT: %[[DX2:.*]] = arith.addf %[[DX]], %[[DXI]] : f64
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[ACC_P]] : f64
// CHECK-NEXT: %[[DACC2:.*]] = arith.mulf %[[DSIN]], %[[COS]] : f64
// CHECK-NEXT: scf.yield %[[DACC2]], %[[DX2]] : f64, f64
// CHECK-NEXT: }
// CHECK-DAG: tape.stack_destroy %[[STACK_A]] : !tape.stack<f64>
// CHECK-DAG: tape.stack_destroy %[[STACK_B]] : !tape.stack<f64>
// CHECK-NEXT: return %[[FWD]], %[[REV]]#1 : f64, f64

// After the differentiate pipeline the pullback is inlined into @main, tape
// included.
// DIFF-LABEL: func.func @main
// DIFF-NOT: call
// DIFF: tape.stack_create capacity
// DIFF: scf.for
// DIFF: tape.push
// DIFF: scf.for
// DIFF: tape.pop
// DIFF: tape.stack_destroy
// DIFF: return
// DIFF-NOT: __rewind_pullback
