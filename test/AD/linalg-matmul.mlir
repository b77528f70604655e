// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// Contractions keep named adjoints. C(m,n) += A(m,k) B(k,n):
//   adj A(m,k) += g(m,n) B(k,n): B is transposed once (linalg.transpose) and
//                 multiplied by a plain linalg.matmul (default maps);
//   adj B(k,n) += A(m,k) g(m,n), a linalg.matmul over (k, n, m) with maps
//                 A: (d2, d0), g: (d2, d1), out: (d0, d1);
// and the init C gets g unchanged.

func.func @matmul(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>, %c: tensor<2x4xf64>) -> tensor<2x4xf64> {
  %r = linalg.matmul ins(%a, %b : tensor<2x3xf64>, tensor<3x4xf64>) outs(%c : tensor<2x4xf64>) -> tensor<2x4xf64>
  return %r : tensor<2x4xf64>
}
func.func @main(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>, %c: tensor<2x4xf64>, %g: tensor<2x4xf64>) -> (tensor<2x3xf64>, tensor<3x4xf64>, tensor<2x4xf64>) {
  %d:3 = tape.vjp @matmul(%a, %b, %c) seeds(%g) : (tensor<2x3xf64>, tensor<3x4xf64>, tensor<2x4xf64>), (tensor<2x4xf64>) -> tensor<2x3xf64>, tensor<3x4xf64>, tensor<2x4xf64>
  return %d#0, %d#1, %d#2 : tensor<2x3xf64>, tensor<3x4xf64>, tensor<2x4xf64>
}

// CHECK-DAG: #[[M01:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[M20:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[M21:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func private @__rewind_pullback_matmul_wrt_0_1_2
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x3xf64>, %[[B:[^:]*]]: tensor<3x4xf64>, %[[C:[^:]*]]: tensor<2x4xf64>, %[[G:[^:]*]]: tensor<2x4xf64>)
// CHECK-NEXT: %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<2x3xf64>, tensor<3x4xf64>) outs(%[[C]] : tensor<2x4xf64>) -> tensor<2x4xf64>
// CHECK-NEXT: %[[BTE:.*]] = tensor.empty() : tensor<4x3xf64>
// CHECK-NEXT: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<3x4xf64>) outs(%[[BTE]] : tensor<4x3xf64>) permutation = [1, 0]
// CHECK-NEXT: %[[ZA:.*]] = arith.constant dense<0.000000e+00> : tensor<2x3xf64>
// CHECK-NEXT: %[[DA:.*]] = linalg.matmul ins(%[[G]], %[[BT]] : tensor<2x4xf64>, tensor<4x3xf64>) outs(%[[ZA]] : tensor<2x3xf64>) -> tensor<2x3xf64>
// CHECK-NEXT: %[[ZB:.*]] = arith.constant dense<0.000000e+00> : tensor<3x4xf64>
// CHECK-NEXT: %[[DB:.*]] = linalg.matmul indexing_maps = [#[[M20]], #[[M21]], #[[M01]]] ins(%[[A]], %[[G]] : tensor<2x3xf64>, tensor<2x4xf64>) outs(%[[ZB]] : tensor<3x4xf64>) -> tensor<3x4xf64>
// CHECK-NEXT: return %[[R]], %[[DA]], %[[DB]], %[[G]] : tensor<2x4xf64>, tensor<2x3xf64>, tensor<3x4xf64>, tensor<2x4xf64>

// -----

// A matmul with non-default indexing maps (A transposed) goes through the
// generic rule: the adjoint of A is a linalg.generic over (m, n, k) that
// reads B and g (not A) and is written through A's map, n being a reduction.

#ta = affine_map<(m, n, k) -> (k, m)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @matmul_ta(%a: tensor<3x2xf64>, %b: tensor<3x4xf64>, %c: tensor<2x4xf64>) -> tensor<2x4xf64> {
  %r = linalg.matmul indexing_maps = [#ta, #b, #c] ins(%a, %b : tensor<3x2xf64>, tensor<3x4xf64>) outs(%c : tensor<2x4xf64>) -> tensor<2x4xf64>
  return %r : tensor<2x4xf64>
}
func.func @main(%a: tensor<3x2xf64>, %b: tensor<3x4xf64>, %c: tensor<2x4xf64>, %g: tensor<2x4xf64>) -> tensor<3x2xf64> {
  %d = tape.vjp @matmul_ta(%a, %b, %c) seeds(%g) wrt [0] : (tensor<3x2xf64>, tensor<3x4xf64>, tensor<2x4xf64>), (tensor<2x4xf64>) -> tensor<3x2xf64>
  return %d : tensor<3x2xf64>
}

// CHECK-DAG: #[[TA:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[MB:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[MC:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func private @__rewind_pullback_matmul_ta_wrt_0
// CHECK-SAME: (%[[A:[^:]*]]: tensor<3x2xf64>, %[[B:[^:]*]]: tensor<3x4xf64>, %[[C:[^:]*]]: tensor<2x4xf64>, %[[G:[^:]*]]: tensor<2x4xf64>)
// CHECK-NOT: linalg.matmul {{.*}}outs(%{{.*}} : tensor<3x2xf64>)
// CHECK: %[[DA:.*]] = linalg.generic {indexing_maps = [#[[MB]], #[[MC]], #[[TA]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[B]], %[[G]] : tensor<3x4xf64>, tensor<2x4xf64>) outs(%{{.*}} : tensor<3x2xf64>)
// CHECK-NEXT: ^bb0(%[[BS:.*]]: f64, %[[GS:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[GS]], %[[BS]] : f64
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[T]] : f64
// CHECK-NEXT: linalg.yield %[[SUM]] : f64
// CHECK: return %{{.*}}, %[[DA]] : tensor<2x4xf64>, tensor<3x2xf64>

// -----

// y(m) += A(m,n) x(n): adj x = g A is a linalg.vecmat; adj A (an outer
// product) comes from the generic rule, all parallel, reading x and g (not A).

func.func @matvec(%a: tensor<2x3xf64>, %x: tensor<3xf64>, %y: tensor<2xf64>) -> tensor<2xf64> {
  %r = linalg.matvec ins(%a, %x : tensor<2x3xf64>, tensor<3xf64>) outs(%y : tensor<2xf64>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func @main(%a: tensor<2x3xf64>, %x: tensor<3xf64>, %y: tensor<2xf64>, %g: tensor<2xf64>) -> (tensor<2x3xf64>, tensor<3xf64>) {
  %d:2 = tape.vjp @matvec(%a, %x, %y) seeds(%g) wrt [0, 1] : (tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>), (tensor<2xf64>) -> tensor<2x3xf64>, tensor<3xf64>
  return %d#0, %d#1 : tensor<2x3xf64>, tensor<3xf64>
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func private @__rewind_pullback_matvec_wrt_0_1
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x3xf64>, %[[X:[^:]*]]: tensor<3xf64>, %[[Y:[^:]*]]: tensor<2xf64>, %[[G:[^:]*]]: tensor<2xf64>)
// CHECK-NEXT: %[[R:.*]] = linalg.matvec ins(%[[A]], %[[X]] : tensor<2x3xf64>, tensor<3xf64>) outs(%[[Y]] : tensor<2xf64>) -> tensor<2xf64>
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.vecmat ins(%[[G]], %[[A]] : tensor<2xf64>, tensor<2x3xf64>) outs(%[[Z]] : tensor<3xf64>) -> tensor<3xf64>
// CHECK: %[[DA:.*]] = linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[G]] : tensor<3xf64>, tensor<2xf64>) outs(%{{.*}} : tensor<2x3xf64>)
// CHECK-NEXT: ^bb0(%[[XS:.*]]: f64, %[[GS:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[GS]], %[[XS]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
// CHECK: return %[[R]], %[[DA]], %[[DX]] : tensor<2xf64>, tensor<2x3xf64>, tensor<3xf64>

// -----

// y(n) += x(m) A(m,n): adj x = A g is a linalg.matvec.

func.func @vecmat(%x: tensor<2xf64>, %a: tensor<2x3xf64>, %y: tensor<3xf64>) -> tensor<3xf64> {
  %r = linalg.vecmat ins(%x, %a : tensor<2xf64>, tensor<2x3xf64>) outs(%y : tensor<3xf64>) -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<2xf64>, %a: tensor<2x3xf64>, %y: tensor<3xf64>, %g: tensor<3xf64>) -> tensor<2xf64> {
  %d = tape.vjp @vecmat(%x, %a, %y) seeds(%g) wrt [0] : (tensor<2xf64>, tensor<2x3xf64>, tensor<3xf64>), (tensor<3xf64>) -> tensor<2xf64>
  return %d : tensor<2xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_vecmat_wrt_0
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2xf64>, %[[A:[^:]*]]: tensor<2x3xf64>, %[[Y:[^:]*]]: tensor<3xf64>, %[[G:[^:]*]]: tensor<3xf64>)
// CHECK-NEXT: %[[R:.*]] = linalg.vecmat ins(%[[X]], %[[A]] : tensor<2xf64>, tensor<2x3xf64>) outs(%[[Y]] : tensor<3xf64>) -> tensor<3xf64>
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.matvec ins(%[[A]], %[[G]] : tensor<2x3xf64>, tensor<3xf64>) outs(%[[Z]] : tensor<2xf64>) -> tensor<2xf64>
// CHECK-NEXT: return %[[R]], %[[DX]] : tensor<3xf64>, tensor<2xf64>
