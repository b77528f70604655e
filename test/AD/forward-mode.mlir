// RUN: rewind-opt %s --rewind-forward-mode -split-input-file -verify-diagnostics | FileCheck %s

// Forward mode copies the function, each floating-point value followed by
// its tangent: t(x y) = tx y + x ty, t(sin u) = cos u tu, t(a / b) =
// (ta - r tb) / b. Integer ops and values without a tangent are copied.

func.func @f(%x: f64, %y: f64, %n: index) -> (f64, index) {
  %0 = arith.mulf %x, %y : f64
  %1 = math.sin %0 : f64
  %2 = arith.divf %1, %y : f64
  %m = arith.addi %n, %n : index
  return %2, %m : f64, index
}
func.func @main(%a: f64, %b: f64, %n: index, %ta: f64) -> (f64, index, f64) {
  %0:3 = tape.jvp @f(%a, %b, %n) tangents(%ta) wrt [0] : (f64, f64, index), (f64) -> f64, index, f64
  return %0#0, %0#1, %0#2 : f64, index, f64
}
// CHECK-LABEL: func.func @main
// CHECK: call @__rewind_jvp_f_wrt_0(
// CHECK-LABEL: func.func private @__rewind_jvp_f_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[Y:.*]]: f64, %[[N:.*]]: index, %[[TX:.*]]: f64) -> (f64, index, f64)
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT: %[[TP:.*]] = arith.mulf %[[TX]], %[[Y]] : f64
// CHECK-NEXT: %[[S:.*]] = math.sin %[[P]] : f64
// CHECK-NEXT: %[[C:.*]] = math.cos %[[P]] : f64
// CHECK-NEXT: %[[TS:.*]] = arith.mulf %[[TP]], %[[C]] : f64
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[S]], %[[Y]] : f64
// CHECK-NEXT: %[[TR:.*]] = arith.divf %[[TS]], %[[Y]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.addi %[[N]], %[[N]] : index
// CHECK-NEXT: return %[[R]], %[[M]], %[[TR]] : f64, index, f64

// -----

// Loops and branches carry each floating-point value's tangent next to it.

func.func @loop(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %p = arith.mulf %acc, %acc : f64
    %pos = arith.cmpf ogt, %p, %x : f64
    %s = scf.if %pos -> (f64) {
      %e = math.exp %x : f64
      scf.yield %e : f64
    } else {
      scf.yield %p : f64
    }
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @main(%a: f64, %n: index, %t: f64) -> (f64, f64) {
  %0:2 = tape.jvp @loop(%a, %n) tangents(%t) : (f64, index), (f64) -> f64, f64
  return %0#0, %0#1 : f64, f64
}
// CHECK-LABEL: func.func private @__rewind_jvp_loop_wrt_0(
// CHECK-SAME: %[[X:.*]]: f64, %[[N:.*]]: index, %[[TX:.*]]: f64) -> (f64, f64)
// CHECK: %[[L:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[X]], %[[TACC:.*]] = %[[TX]]) -> (f64, f64) {
// CHECK: %[[B:.*]]:2 = scf.if %{{.*}} -> (f64, f64) {
// CHECK: %[[E:.*]] = math.exp %[[X]] : f64
// CHECK: %[[TE:.*]] = arith.mulf %[[TX]], %[[E]] : f64
// CHECK: scf.yield %[[E]], %[[TE]] : f64, f64
// CHECK: } else {
// CHECK: scf.yield
// CHECK: scf.yield %[[B]]#0, %[[B]]#1 : f64, f64
// CHECK: return %[[L]]#0, %[[L]]#1 : f64, f64

// -----

// A linalg.generic computes each output and its tangent in one op over the
// same loops; a reduction's accumulator carries its tangent.

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>
func.func @norm(%x: tensor<4xf64>) -> tensor<f64> {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #sum], iterator_types = ["reduction"]}
      ins(%x : tensor<4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %sq = arith.mulf %v, %v : f64
    %r = arith.addf %acc, %sq : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  return %s : tensor<f64>
}
func.func @main(%a: tensor<4xf64>, %t: tensor<4xf64>) -> (tensor<f64>, tensor<f64>) {
  %0:2 = tape.jvp @norm(%a) tangents(%t) : (tensor<4xf64>), (tensor<4xf64>) -> tensor<f64>, tensor<f64>
  return %0#0, %0#1 : tensor<f64>, tensor<f64>
}
// CHECK-LABEL: func.func private @__rewind_jvp_norm_wrt_0(
// CHECK-SAME: %[[X:.*]]: tensor<4xf64>, %[[TX:.*]]: tensor<4xf64>)
// CHECK: %[[G:.*]]:2 = linalg.generic {{.*}} ins(%[[X]], %[[TX]] : tensor<4xf64>, tensor<4xf64>) outs(%{{.*}}, %{{.*}} : tensor<f64>, tensor<f64>) {
// CHECK-NEXT: ^bb0(%[[V:.*]]: f64, %[[TV:.*]]: f64, %[[ACC:.*]]: f64, %[[TACC:.*]]: f64):
// CHECK-NEXT: %[[SQ:.*]] = arith.mulf %[[V]], %[[V]] : f64
// CHECK-NEXT: %[[T1:.*]] = arith.mulf %[[TV]], %[[V]] : f64
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[V]], %[[TV]] : f64
// CHECK-NEXT: %[[TSQ:.*]] = arith.addf %[[T1]], %[[T2]] : f64
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[ACC]], %[[SQ]] : f64
// CHECK-NEXT: %[[TR:.*]] = arith.addf %[[TACC]], %[[TSQ]] : f64
// CHECK-NEXT: linalg.yield %[[R]], %[[TR]] : f64, f64
// CHECK: return %[[G]]#0, %[[G]]#1

// -----

// A max reduction carries no tangent: the reduction is computed alone, then
// one more generic sums the tangents of the terms equal to the result and
// counts them (starting from the initial value's, when it is the result);
// the tangent is their quotient, so ties share it evenly.

#id = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>
func.func @peak(%x: tensor<4xf64>) -> tensor<f64> {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%ninf : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction"]}
      ins(%x : tensor<4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %e2 = math.exp %v : f64
    %r = arith.maximumf %acc, %e2 : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  return %s : tensor<f64>
}
func.func @main(%a: tensor<4xf64>, %t: tensor<4xf64>) -> (tensor<f64>, tensor<f64>) {
  %0:2 = tape.jvp @peak(%a) tangents(%t) : (tensor<4xf64>), (tensor<4xf64>) -> tensor<f64>, tensor<f64>
  return %0#0, %0#1 : tensor<f64>, tensor<f64>
}
// CHECK-LABEL: func.func private @__rewind_jvp_peak_wrt_0(
// CHECK-SAME: %[[X:.*]]: tensor<4xf64>, %[[TX:.*]]: tensor<4xf64>)
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf64>) outs(%[[INIT:.*]] : tensor<f64>) {
// CHECK: arith.maximumf
// CHECK: } -> tensor<f64>
// CHECK: %[[AT_INIT:.*]] = arith.cmpf oeq, %[[INIT]], %[[M]] : tensor<f64>
// CHECK: %[[S:.*]]:2 = linalg.generic {{.*}} ins(%[[X]], %[[TX]], %[[M]] : tensor<4xf64>, tensor<4xf64>, tensor<f64>) outs(%{{.*}}, %{{.*}} : tensor<f64>, tensor<f64>) {
// CHECK-NEXT: ^bb0(%[[V:.*]]: f64, %[[TV:.*]]: f64, %[[MAX:.*]]: f64, %[[SUM:.*]]: f64, %[[COUNT:.*]]: f64):
// CHECK: %[[E:.*]] = math.exp %[[V]] : f64
// CHECK: %[[TE:.*]] = arith.mulf %[[TV]], %[[E]] : f64
// CHECK: %[[EQ:.*]] = arith.cmpf oeq, %[[E]], %[[MAX]] : f64
// CHECK: %[[PICK:.*]] = arith.select %[[EQ]], %[[TE]], %{{.*}} : f64
// CHECK: %[[SUM2:.*]] = arith.addf %[[SUM]], %[[PICK]] : f64
// CHECK: %[[ONE:.*]] = arith.select %[[EQ]], %{{.*}}, %{{.*}} : f64
// CHECK: %[[COUNT2:.*]] = arith.addf %[[COUNT]], %[[ONE]] : f64
// CHECK: linalg.yield %[[SUM2]], %[[COUNT2]] : f64, f64
// CHECK: %[[T:.*]] = arith.divf %[[S]]#0, %[[S]]#1 : tensor<f64>
// CHECK: return %[[M]], %[[T]]

// -----

// A call gets the callee's forward-mode function, with tangents for the
// arguments that have one.

func.func @sq(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  return %0 : f64
}
func.func @caller(%x: f64, %y: f64) -> f64 {
  %0 = func.call @sq(%x, %y) : (f64, f64) -> f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f64, %t: f64) -> (f64, f64) {
  %0:2 = tape.jvp @caller(%a, %b) tangents(%t) wrt [1] : (f64, f64), (f64) -> f64, f64
  return %0#0, %0#1 : f64, f64
}
// CHECK-LABEL: func.func private @__rewind_jvp_caller_wrt_1(
// CHECK: call @__rewind_jvp_sq_wrt_1(
// CHECK-LABEL: func.func private @__rewind_jvp_sq_wrt_1(
