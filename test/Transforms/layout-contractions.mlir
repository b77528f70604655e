// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-layout-contractions))' | FileCheck %s

// C(m, n) += A(m, k) B(n, k): no input has n, the output's contiguous
// dimension, last. B holds n and is reused across m: it is transposed once
// to B'(k, n).
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @abt
// CHECK: %[[E:.*]] = tensor.empty() : tensor<5x6xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg1 : tensor<6x5xf32>) outs(%[[E]] : tensor<5x6xf32>) permutation = [1, 0]
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[BT]], #[[C]]]{{.*}} ins(%arg0, %[[T]] : tensor<4x5xf32>, tensor<5x6xf32>)
func.func @abt(%a: tensor<4x5xf32>, %b: tensor<6x5xf32>, %c: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<4x5xf32>, tensor<6x5xf32>) outs(%c : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}

// A plain matmul already has B(k, n): unchanged.
// CHECK-LABEL: func.func @ab
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul
func.func @ab(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>, %c: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x5xf32>, tensor<5x6xf32>) outs(%c : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}

// A matrix-vector product y(m) += A(m, k) x(k): A is read once per element,
// so a transposed copy would not pay for itself.
// CHECK-LABEL: func.func @matvec
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matvec
func.func @matvec(%a: tensor<4x5xf32>, %x: tensor<5xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.matvec ins(%a, %x : tensor<4x5xf32>, tensor<5xf32>) outs(%y : tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
