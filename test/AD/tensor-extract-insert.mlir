// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// r = x[i] * x[1]. Each tensor.extract adds the adjoint of the element into
// the adjoint of the whole tensor in place: extract the current value, addf,
// insert back at the same (primal) indices.

func.func @extract(%x: tensor<4xf64>, %i: index) -> f64 {
  %c1 = arith.constant 1 : index
  %a = tensor.extract %x[%i] : tensor<4xf64>
  %b = tensor.extract %x[%c1] : tensor<4xf64>
  %r = arith.mulf %a, %b : f64
  return %r : f64
}
func.func @main(%x: tensor<4xf64>, %i: index) -> tensor<4xf64> {
  %d = tape.grad @extract(%x, %i) : (tensor<4xf64>, index) -> tensor<4xf64>
  return %d : tensor<4xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_extract_wrt_0
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf64>, %[[I:[^:]*]]: index, %[[G:[^:]*]]: f64) -> (f64, tensor<4xf64>)
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[A:.*]] = tensor.extract %[[X]][%[[I]]] : tensor<4xf64>
// CHECK-NEXT: %[[B:.*]] = tensor.extract %[[X]][%[[C1]]] : tensor<4xf64>
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[A]], %[[B]] : f64
// CHECK-NEXT: %[[DA:.*]] = arith.mulf %[[G]], %[[B]] : f64
// CHECK-NEXT: %[[DB:.*]] = arith.mulf %[[G]], %[[A]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf64>
// CHECK-NEXT: %[[OLD1:.*]] = tensor.extract %[[Z]][%[[C1]]] : tensor<4xf64>
// CHECK-NEXT: %[[NEW1:.*]] = arith.addf %[[OLD1]], %[[DB]] : f64
// CHECK-NEXT: %[[ADJ1:.*]] = tensor.insert %[[NEW1]] into %[[Z]][%[[C1]]] : tensor<4xf64>
// CHECK-NEXT: %[[OLD2:.*]] = tensor.extract %[[ADJ1]][%[[I]]] : tensor<4xf64>
// CHECK-NEXT: %[[NEW2:.*]] = arith.addf %[[OLD2]], %[[DA]] : f64
// CHECK-NEXT: %[[ADJ2:.*]] = tensor.insert %[[NEW2]] into %[[ADJ1]][%[[I]]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]], %[[ADJ2]] : f64, tensor<4xf64>

// -----

// r = insert s into x[2]: adj s = g[2]; adj x = g with g[2] set to zero.

func.func @insert(%x: tensor<4xf64>, %s: f64) -> tensor<4xf64> {
  %c2 = arith.constant 2 : index
  %r = tensor.insert %s into %x[%c2] : tensor<4xf64>
  return %r : tensor<4xf64>
}
func.func @main(%x: tensor<4xf64>, %s: f64, %g: tensor<4xf64>) -> (tensor<4xf64>, f64) {
  %d:2 = tape.vjp @insert(%x, %s) seeds(%g) : (tensor<4xf64>, f64), (tensor<4xf64>) -> tensor<4xf64>, f64
  return %d#0, %d#1 : tensor<4xf64>, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_insert_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf64>, %[[S:[^:]*]]: f64, %[[G:[^:]*]]: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>, f64)
// CHECK-NEXT: %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT: %[[R:.*]] = tensor.insert %[[S]] into %[[X]][%[[C2]]] : tensor<4xf64>
// CHECK-NEXT: %[[DS:.*]] = tensor.extract %[[G]][%[[C2]]] : tensor<4xf64>
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DX:.*]] = tensor.insert %[[ZERO]] into %[[G]][%[[C2]]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]], %[[DX]], %[[DS]] : tensor<4xf64>, tensor<4xf64>, f64

// -----

// Elements read in a loop: the adjoint of x is carried through the reverse
// loop and updated in place at the (recomputed) induction variable. The
// element x[i] the adjoint of the square needs is read again there (x is
// available to the whole reverse sweep), not saved on a tape.

func.func @sum(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
    %e = tensor.extract %x[%i] : tensor<?xf64>
    %sq = arith.mulf %e, %e : f64
    %s = arith.addf %acc, %sq : f64
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @main(%x: tensor<?xf64>) -> tensor<?xf64> {
  %d = tape.grad @sum(%x) : (tensor<?xf64>) -> tensor<?xf64>
  return %d : tensor<?xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_sum_wrt_0
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?xf64>, %[[G:[^:]*]]: f64) -> (f64, tensor<?xf64>)
// CHECK-NOT: tape.
// The zero adjoint of x, after the forward loop, has x's dynamic size.
// CHECK: scf.yield
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf64>
// CHECK-NEXT: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[Z:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[E]] : tensor<?xf64>) -> tensor<?xf64>
// CHECK: %[[REV:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[G]], %[[DX:.*]] = %[[Z]]) -> (f64, tensor<?xf64>) {
// CHECK: %[[IV:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[XI:.*]] = tensor.extract %[[X]][%[[IV]]] : tensor<?xf64>
// CHECK-NEXT: arith.mulf %{{.*}}, %[[XI]] : f64
// CHECK: %[[OLD:.*]] = tensor.extract %[[DX]][%[[IV]]] : tensor<?xf64>
// CHECK-NEXT: %[[NEW:.*]] = arith.addf %[[OLD]], %{{.*}} : f64
// CHECK-NEXT: %[[DX2:.*]] = tensor.insert %[[NEW]] into %[[DX]][%[[IV]]] : tensor<?xf64>
// CHECK-NEXT: scf.yield %{{.*}}, %[[DX2]] : f64, tensor<?xf64>
// CHECK: return %{{.*}}, %[[REV]]#1 : f64, tensor<?xf64>
