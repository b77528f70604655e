// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-decompose-convolutions))' | FileCheck %s

// A 2-d convolution: the input index h + kh sums two loops, as does w + kw.
// The kernel loops (the smaller ranges) become scf.for loops around a
// contraction whose input is a strided slice, so every operand of the inner
// op is indexed by plain loops.
// CHECK: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4, d3)>
// CHECK-LABEL: func.func @conv
// CHECK: scf.for %[[KH:[a-z0-9_]+]] = %{{.*}} to %c3
// CHECK: scf.for %[[KW:[a-z0-9_]+]] = %{{.*}} to %c3
// CHECK: %[[XS:.*]] = tensor.extract_slice %arg0[0, %[[KH]], %[[KW]], 0] [2, 6, 6, 4] [1, 1, 1, 1]
// CHECK: %[[KS:.*]] = tensor.extract_slice %arg1[%[[KH]], %[[KW]], 0, 0] [1, 1, 4, 5] [1, 1, 1, 1] : tensor<3x3x4x5xf32> to tensor<4x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[K]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[XS]], %[[KS]]
// CHECK: tensor.insert_slice
// CHECK: scf.yield
func.func @conv(%x: tensor<2x8x8x4xf32>, %k: tensor<3x3x4x5xf32>, %o: tensor<2x6x6x5xf32>) -> tensor<2x6x6x5xf32> {
  %r = linalg.conv_2d_nhwc_hwcf ins(%x, %k : tensor<2x8x8x4xf32>, tensor<3x3x4x5xf32>) outs(%o : tensor<2x6x6x5xf32>) -> tensor<2x6x6x5xf32>
  return %r : tensor<2x6x6x5xf32>
}

// A max pooling is decomposed the same way (max is reassociable).
// CHECK-LABEL: func.func @pool
// CHECK: scf.for
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK: arith.maximumf
func.func @pool(%x: tensor<1x8x8x3xf32>, %w: tensor<2x2xf32>, %o: tensor<1x7x7x3xf32>) -> tensor<1x7x7x3xf32> {
  %r = linalg.pooling_nhwc_max ins(%x, %w : tensor<1x8x8x3xf32>, tensor<2x2xf32>) outs(%o : tensor<1x7x7x3xf32>) -> tensor<1x7x7x3xf32>
  return %r : tensor<1x7x7x3xf32>
}

// A matmul indexes every operand by plain loops: unchanged.
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: scf.for
// CHECK: linalg.matmul
func.func @matmul(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>, %c: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x5xf32>, tensor<5x6xf32>) outs(%c : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}
