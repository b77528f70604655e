// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Nested loops: the reverse nests the same way, outer reverse loop first. A
// stack for a value of the inner body is created before the outer loop; its
// capacity is the product of both trip counts when both are known there, and
// it is growable otherwise.

// for i < n: for j < m: b = sin(b)
func.func @rect(%x: f64, %n: index, %m: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %q = scf.for %j = %c0 to %m step %c1 iter_args(%b = %acc) -> (f64) {
      %s = math.sin %b : f64
      scf.yield %s : f64
    }
    scf.yield %q : f64
  }
  return %r : f64
}

// for i < n: for j < i: b = sin(b). The inner trip count is not known before
// the outer loop; the reverse recomputes the outer induction variable rather
// than saving it.
func.func @triangle(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %q = scf.for %j = %c0 to %i step %c1 iter_args(%b = %acc) -> (f64) {
      %s = math.sin %b : f64
      scf.yield %s : f64
    }
    scf.yield %q : f64
  }
  return %r : f64
}

// The inner upper bound is computed in the outer body: it is saved on an
// index stack.
func.func @computed_bound(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %k = arith.addi %i, %c1 : index
    %q = scf.for %j = %c0 to %k step %c1 iter_args(%b = %acc) -> (f64) {
      %s = math.sin %b : f64
      scf.yield %s : f64
    }
    scf.yield %q : f64
  }
  return %r : f64
}

func.func @main(%a: f64, %n: index, %m: index) -> (f64, f64, f64) {
  %0 = tape.grad @rect(%a, %n, %m) : (f64, index, index) -> f64
  %1 = tape.grad @triangle(%a, %n) : (f64, index) -> f64
  %2 = tape.grad @computed_bound(%a, %n) : (f64, index) -> f64
  return %0, %1, %2 : f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_rect_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: index, %[[M:.*]]: index, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[INNER:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// CHECK: %[[OUTER:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// The capacity is their product, saturated at INT64_MAX instead of wrapping
// (the runtime rejects such a tape cleanly).
// CHECK-NEXT: %[[I64:.*]] = arith.index_cast %[[INNER]] : index to i64
// CHECK-NEXT: %[[O64:.*]] = arith.index_cast %[[OUTER]] : index to i64
// CHECK-NEXT: %[[LOW:.*]], %[[HIGH:.*]] = arith.mului_extended %[[I64]], %[[O64]] : i64
// CHECK: %[[SAT:.*]] = arith.select %{{.*}}, %{{.*}}, %[[LOW]] : i64
// CHECK-NEXT: %[[CAP:.*]] = arith.index_cast %[[SAT]] : i64 to index
// CHECK-NEXT: %[[STACK:.*]] = tape.stack_create capacity %[[CAP]] : !tape.stack<f64>
// CHECK-NEXT: %[[FWD:.*]] = scf.for %{{.*}} to %[[N]] {{.*}} iter_args(%[[ACC:.*]] = %[[X]]) -> (f64) {
// CHECK-NEXT: %[[Q:.*]] = scf.for %{{.*}} to %[[M]] {{.*}} iter_args(%[[B:.*]] = %[[ACC]]) -> (f64) {
// CHECK-NEXT: tape.push %[[STACK]], %[[B]] : !tape.stack<f64>
// CHECK-NEXT: %[[S:.*]] = math.sin %[[B]] : f64
// CHECK-NEXT: scf.yield %[[S]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: scf.yield %[[Q]] : f64
// CHECK-NEXT: }
// CHECK: %[[REV:.*]] = scf.for {{.*}} iter_args(%[[DACC:.*]] = %[[G]]) -> (f64) {
// CHECK-NOT: tape.pop
// CHECK: %[[RQ:.*]] = scf.for {{.*}} iter_args(%[[DB:.*]] = %[[DACC]]) -> (f64) {
// CHECK: %[[BP:.*]] = tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[BP]] : f64
// CHECK-NEXT: %[[DB2:.*]] = arith.mulf %[[DB]], %[[COS]] : f64
// CHECK-NEXT: scf.yield %[[DB2]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: scf.yield %[[RQ]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: tape.stack_destroy %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[FWD]], %[[REV]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_triangle_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: index, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[STACK:.*]] = tape.stack_create : !tape.stack<f64>
// CHECK-NEXT: %[[FWD:.*]] = scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[X]]) -> (f64) {
// CHECK-NEXT: scf.for %{{.*}} = %[[C0]] to %[[I]] step %[[C1]] iter_args(%[[B:.*]] = %[[ACC]]) -> (f64) {
// CHECK-NEXT: tape.push %[[STACK]], %[[B]] : !tape.stack<f64>
// CHECK: %[[REV:.*]] = scf.for %[[K:.*]] = %{{.*}} to %[[COUNT:.*]] step %[[RC1:.*]] iter_args(%[[DACC:.*]] = %[[G]]) -> (f64) {
// CHECK-NEXT: %[[LAST:.*]] = arith.subi %[[COUNT]], %[[RC1]] : index
// CHECK-NEXT: %[[BACK:.*]] = arith.subi %[[LAST]], %[[K]] : index
// CHECK-NEXT: %[[OFF:.*]] = arith.muli %[[BACK]], %[[C1]] : index
// CHECK-NEXT: %[[IV:.*]] = arith.addi %[[C0]], %[[OFF]] : index
// CHECK-NOT: tape.pop
// CHECK: arith.cmpi sle, %[[IV]], %[[C0]] : index
// CHECK-NEXT: arith.subi %[[IV]], %[[C0]] : index
// CHECK: scf.for
// CHECK: tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK: tape.stack_destroy %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[FWD]], %[[REV]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_computed_bound_wrt_0
// The inner bound k = i + 1 is recomputed from the reverse induction variable,
// not saved: the only stack holds f64 values (growable: the total count is
// not known before the outer loop).
// CHECK-NOT: !tape.stack<index>
// CHECK: %[[BSTACK:.*]] = tape.stack_create : !tape.stack<f64>
// CHECK: scf.for
// CHECK-NEXT: %[[KV:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-NEXT: scf.for %{{.*}} to %[[KV]]
// CHECK-NEXT: tape.push %[[BSTACK]], %{{.*}} : !tape.stack<f64>
// CHECK: scf.for
// CHECK: %[[IV:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[KR:.*]] = arith.addi %[[IV]], %{{.*}} : index
// CHECK: arith.cmpi sle, %[[KR]], %{{.*}} : index
// CHECK: scf.for
// CHECK: tape.pop %[[BSTACK]] : !tape.stack<f64>
// CHECK: tape.stack_destroy %[[BSTACK]] : !tape.stack<f64>
// CHECK-NEXT: return
