// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics | FileCheck %s

// A linalg body that reads (gathers from) an active tensor at computed
// indices: the tensor's adjoint is a scatter-add, a loop nest over the
// iteration space that recomputes the body, differentiates it with respect
// to the element read and adds that into the adjoint at the same indices.

#id = affine_map<(i) -> (i)>
func.func @gather(%table: tensor<5xf64>, %idx: tensor<3xindex>) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<3xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%idx : tensor<3xindex>) outs(%e : tensor<3xf64>) {
  ^bb0(%i: index, %o: f64):
    %v = tensor.extract %table[%i] : tensor<5xf64>
    %s = math.sin %v : f64
    linalg.yield %s : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%t: tensor<5xf64>, %i: tensor<3xindex>, %g: tensor<3xf64>) -> tensor<5xf64> {
  %d = tape.vjp @gather(%t, %i) seeds(%g) wrt [0] : (tensor<5xf64>, tensor<3xindex>), (tensor<3xf64>) -> tensor<5xf64>
  return %d : tensor<5xf64>
}
// CHECK-LABEL: func.func private @__rewind_pullback_gather_wrt_0
// CHECK-SAME: (%[[T:.*]]: tensor<5xf64>, %[[I:.*]]: tensor<3xindex>, %[[G:.*]]: tensor<3xf64>)
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<5xf64>
// CHECK: %[[ADJ:.*]] = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (tensor<5xf64>) {
// CHECK-DAG: %[[INDEX:.*]] = tensor.extract %[[I]][%[[K]]] : tensor<3xindex>
// CHECK-DAG: %[[SEED:.*]] = tensor.extract %[[G]][%[[K]]] : tensor<3xf64>
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[INDEX]]] : tensor<5xf64>
// CHECK: %[[COS:.*]] = math.cos %[[V]] : f64
// CHECK: %[[D:.*]] = arith.mulf %[[SEED]], %[[COS]] : f64
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]][%[[INDEX]]] : tensor<5xf64>
// CHECK: %[[NEW:.*]] = arith.addf %[[OLD]], %[[D]] : f64
// CHECK: %[[UPDATED:.*]] = tensor.insert %[[NEW]] into %[[ACC]][%[[INDEX]]] : tensor<5xf64>
// CHECK: scf.yield %[[UPDATED]] : tensor<5xf64>
// CHECK: return %{{.*}}, %[[ADJ]] : tensor<3xf64>, tensor<5xf64>

// -----

// A body may only read such a tensor by tensor.extract (or ask its sizes).
#id = affine_map<(i) -> (i)>
func.func @slices(%x: tensor<3xf64>, %m: tensor<3x3xf64>) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<3xf64>
  // expected-error @+1 {{cannot differentiate a linalg op whose body uses a tensor from outside other than by tensor.extract and tensor.dim}}
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<3xf64>) outs(%e : tensor<3xf64>) {
  ^bb0(%a: f64, %o: f64):
    %i = linalg.index 0 : index
    %row = tensor.extract_slice %m[%i, 0] [1, 3] [1, 1] : tensor<3x3xf64> to tensor<3xf64>
    %c0 = arith.constant 0 : index
    %v = tensor.extract %row[%c0] : tensor<3xf64>
    %p = arith.mulf %a, %v : f64
    linalg.yield %p : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<3xf64>, %m: tensor<3x3xf64>, %g: tensor<3xf64>) -> (tensor<3xf64>, tensor<3x3xf64>) {
  %d:2 = tape.vjp @slices(%x, %m) seeds(%g) : (tensor<3xf64>, tensor<3x3xf64>), (tensor<3xf64>) -> tensor<3xf64>, tensor<3x3xf64>
  return %d#0, %d#1 : tensor<3xf64>, tensor<3x3xf64>
}
