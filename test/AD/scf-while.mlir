// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// scf.while: the forward loop gets an iteration counter (an extra index
// carried value, marked rewind.counted); the reverse first undoes the final
// `before` region (whose condition was false), then runs an scf.for over the
// count undoing `after` then `before`. The trip count is unknown before the
// loop, so stacks are growable (no capacity).

// while v < 100: v = v + exp(v)
func.func @grow(%x: f64) -> f64 {
  %limit = arith.constant 100.0 : f64
  %r = scf.while (%v = %x) : (f64) -> f64 {
    %c = arith.cmpf olt, %v, %limit : f64
    scf.condition(%c) %v : f64
  } do {
  ^bb0(%w: f64):
    %e = math.exp %w : f64
    %s = arith.addf %w, %e : f64
    scf.yield %s : f64
  }
  return %r : f64
}

// The before region computes active values (sin(v) * y, y defined above).
func.func @before(%x: f64, %y: f64) -> f64 {
  %limit = arith.constant 100.0 : f64
  %r = scf.while (%v = %x) : (f64) -> f64 {
    %t = math.sin %v : f64
    %u = arith.mulf %t, %y : f64
    %c = arith.cmpf olt, %v, %limit : f64
    scf.condition(%c) %u : f64
  } do {
  ^bb0(%w: f64):
    %s = arith.addf %w, %w : f64
    scf.yield %s : f64
  }
  return %r : f64
}

func.func @main(%a: f64, %b: f64) -> (f64, f64, f64) {
  %0 = tape.grad @grow(%a) : (f64) -> f64
  %1:2 = tape.grad @before(%a, %b) : (f64, f64) -> (f64, f64)
  return %0, %1#0, %1#1 : f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_grow_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[LIMIT:.*]] = arith.constant 1.000000e+02 : f64
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[STACK:.*]] = tape.stack_create : !tape.stack<f64>
// CHECK-NEXT: %[[W:.*]]:2 = scf.while (%[[V:.*]] = %[[X]], %[[CNT:.*]] = %[[C0]]) : (f64, index) -> (f64, index) {
// CHECK-NEXT: %[[C:.*]] = arith.cmpf olt, %[[V]], %[[LIMIT]] : f64
// CHECK-NEXT: scf.condition(%[[C]]) %[[V]], %[[CNT]] : f64, index
// CHECK-NEXT: } do {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[ACNT:.*]]: index):
// CHECK-NEXT: %[[E:.*]] = math.exp %[[A]] : f64
// CHECK-NEXT: tape.push %[[STACK]], %[[E]] : !tape.stack<f64>
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[A]], %[[E]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[ACNT]], %[[ONE]] : index
// CHECK-NEXT: scf.yield %[[S]], %[[NEXT]] : f64, index
// CHECK-NEXT: } attributes {rewind.counted}
// CHECK-NEXT: %[[RC0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[RC1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[REV:.*]] = scf.for %{{.*}} = %[[RC0]] to %[[W]]#1 step %[[RC1]] iter_args(%[[DS:.*]] = %[[G]]) -> (f64) {
// CHECK-NEXT: %[[EP:.*]] = tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DE:.*]] = arith.mulf %[[DS]], %[[EP]] : f64
// CHECK-NEXT: %[[DW:.*]] = arith.addf %[[DS]], %[[DE]] : f64
// CHECK-NEXT: scf.yield %[[DW]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: tape.stack_destroy %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[W]]#0, %[[REV]] : f64, f64

// The before region runs count + 1 times: its values are popped once for the
// final execution before the reverse loop and once per reverse iteration.
// CHECK-LABEL: func.func private @__rewind_pullback_before_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-DAG: %[[TSTACK:.*]] = tape.stack_create : !tape.stack<f64>
// CHECK-DAG: %[[VSTACK:.*]] = tape.stack_create : !tape.stack<f64>
// CHECK: %[[W:.*]]:2 = scf.while (%[[V:.*]] = %[[X]], %{{.*}} = %{{.*}}) : (f64, index) -> (f64, index) {
// CHECK-NEXT: tape.push %[[VSTACK]], %[[V]] : !tape.stack<f64>
// CHECK-NEXT: %[[T:.*]] = math.sin %[[V]] : f64
// CHECK-NEXT: tape.push %[[TSTACK]], %[[T]] : !tape.stack<f64>
// CHECK: } attributes {rewind.counted}
// CHECK-DAG: %[[VP:.*]] = tape.pop %[[VSTACK]] : !tape.stack<f64>
// CHECK-DAG: %[[TP:.*]] = tape.pop %[[TSTACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DT:.*]] = arith.mulf %[[G]], %[[Y]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[G]], %[[TP]] : f64
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[VP]] : f64
// CHECK-NEXT: %[[DV:.*]] = arith.mulf %[[DT]], %[[COS]] : f64
// CHECK: %[[REV:.*]]:2 = scf.for %{{.*}} to %[[W]]#1 {{.*}} iter_args(%[[DVI:.*]] = %[[DV]], %[[DYI:.*]] = %[[DY]]) -> (f64, f64) {
// CHECK-NEXT: %[[DW:.*]] = arith.addf %[[DVI]], %[[DVI]] : f64
// CHECK-DAG: %[[VP2:.*]] = tape.pop %[[VSTACK]] : !tape.stack<f64>
// CHECK-DAG: %[[TP2:.*]] = tape.pop %[[TSTACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DT2:.*]] = arith.mulf %[[DW]], %[[Y]] : f64
// CHECK-NEXT: %[[DYC:.*]] = arith.mulf %[[DW]], %[[TP2]] : f64
// CHECK-NEXT: %[[DY2:.*]] = arith.addf %[[DYI]], %[[DYC]] : f64
// CHECK-NEXT: %[[COS2:.*]] = math.cos %[[VP2]] : f64
// CHECK-NEXT: %[[DV2:.*]] = arith.mulf %[[DT2]], %[[COS2]] : f64
// CHECK-NEXT: scf.yield %[[DV2]], %[[DY2]] : f64, f64
// CHECK-NEXT: }
// CHECK-DAG: tape.stack_destroy %[[TSTACK]] : !tape.stack<f64>
// CHECK-DAG: tape.stack_destroy %[[VSTACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[W]]#0, %[[REV]]#0, %[[REV]]#1 : f64, f64, f64
