// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// The reverse of an scf.if is an scf.if on the same condition whose branches
// reverse the primal branches and yield the adjoints of the values defined
// above it (here x and y), zero where a branch does not use them.

func.func @branch(%x: f64, %y: f64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %c = arith.cmpf ogt, %x, %zero : f64
  %r = scf.if %c -> (f64) {
    %m = arith.mulf %x, %y : f64
    scf.yield %m : f64
  } else {
    %s = math.sin %y : f64
    scf.yield %s : f64
  }
  return %r : f64
}

// Inside a loop, the condition and the values of the branches are saved on
// the tape; a stack of a branch value gets capacity 1 * trip count, and the
// branch's pop is inside the matching reverse branch.
func.func @in_loop(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %c = arith.cmpf ogt, %acc, %zero : f64
    %v = scf.if %c -> (f64) {
      %m = arith.mulf %acc, %acc : f64
      scf.yield %m : f64
    } else {
      %e = math.exp %acc : f64
      scf.yield %e : f64
    }
    scf.yield %v : f64
  }
  return %r : f64
}

func.func @main(%a: f64, %b: f64, %n: index) -> (f64, f64, f64) {
  %0:2 = tape.grad @branch(%a, %b) : (f64, f64) -> (f64, f64)
  %1 = tape.grad @in_loop(%a, %n) : (f64, index) -> f64
  return %0#0, %0#1, %1 : f64, f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_branch_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[C:.*]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f64
// CHECK-NEXT: %[[R:.*]] = scf.if %[[C]] -> (f64) {
// CHECK-NEXT: arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } else {
// CHECK-NEXT: math.sin %[[Y]] : f64
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[REV:.*]]:2 = scf.if %[[C]] -> (f64, f64) {
// CHECK-NEXT: %[[DX:.*]] = arith.mulf %[[G]], %[[Y]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[G]], %[[X]] : f64
// CHECK-NEXT: scf.yield %[[DX]], %[[DY]] : f64, f64
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[Y]] : f64
// CHECK-NEXT: %[[DY2:.*]] = arith.mulf %[[G]], %[[COS]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: scf.yield %[[Z]], %[[DY2]] : f64, f64
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]], %[[REV]]#0, %[[REV]]#1 : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_in_loop_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: index, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-DAG: %[[CSTACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<i1>
// CHECK-DAG: %[[ACCSTACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
// The branch runs at most once per iteration: the capacity is the trip count.
// CHECK: %[[TRIP:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[ESTACK:.*]] = tape.stack_create capacity %[[TRIP]] : !tape.stack<f64>
// CHECK-NEXT: scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[X]]) -> (f64) {
// CHECK-NEXT: tape.push %[[ACCSTACK]], %[[ACC]] : !tape.stack<f64>
// CHECK-NEXT: %[[C:.*]] = arith.cmpf ogt, %[[ACC]], %{{.*}} : f64
// CHECK-NEXT: tape.push %[[CSTACK]], %[[C]] : !tape.stack<i1>
// CHECK-NEXT: scf.if %[[C]] -> (f64) {
// CHECK-NEXT: arith.mulf %[[ACC]], %[[ACC]] : f64
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[E:.*]] = math.exp %[[ACC]] : f64
// CHECK-NEXT: tape.push %[[ESTACK]], %[[E]] : !tape.stack<f64>
// CHECK-NEXT: scf.yield %[[E]] : f64
// CHECK-NEXT: }
// CHECK: scf.for {{.*}} iter_args(%[[DV:.*]] = %[[G]]) -> (f64) {
// CHECK-DAG: %[[ACCP:.*]] = tape.pop %[[ACCSTACK]] : !tape.stack<f64>
// CHECK-DAG: %[[CP:.*]] = tape.pop %[[CSTACK]] : !tape.stack<i1>
// CHECK-NEXT: %[[DACC:.*]] = scf.if %[[CP]] -> (f64) {
// CHECK-NEXT: %[[D1:.*]] = arith.mulf %[[DV]], %[[ACCP]] : f64
// CHECK-NEXT: %[[D2:.*]] = arith.mulf %[[DV]], %[[ACCP]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[D1]], %[[D2]] : f64
// CHECK-NEXT: scf.yield %[[D]] : f64
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[EP:.*]] = tape.pop %[[ESTACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DE:.*]] = arith.mulf %[[DV]], %[[EP]] : f64
// CHECK-NEXT: scf.yield %[[DE]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: scf.yield %[[DACC]] : f64
// CHECK-NEXT: }
// CHECK-DAG: tape.stack_destroy %[[CSTACK]] : !tape.stack<i1>
// CHECK-DAG: tape.stack_destroy %[[ACCSTACK]] : !tape.stack<f64>
// CHECK-DAG: tape.stack_destroy %[[ESTACK]] : !tape.stack<f64>
// CHECK-NEXT: return
