// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-fuse-elementwise))' | FileCheck %s

#id = affine_map<(i, j) -> (i, j)>
#id3 = affine_map<(i, j, k) -> (i, j)>
#row3 = affine_map<(i, j, k) -> (i, k)>
#out3 = affine_map<(i, j, k) -> (j, k)>

// An elementwise producer read once per element by an elementwise consumer
// is fused into it.
// CHECK-LABEL: func.func @once
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @once(%x: tensor<4x5xf32>, %y: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %e = tensor.empty() : tensor<4x5xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  %m = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex, %y : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  return %m : tensor<4x5xf32>
}

// A contraction reads exp(x)(i, j) once for every k: the producer stays a
// separate op (computed once), and the contraction keeps its mul-add body.
// CHECK-LABEL: func.func @reused
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @reused(%x: tensor<4x5xf32>, %w: tensor<4x6xf32>, %c: tensor<5x6xf32>) -> tensor<5x6xf32> {
  %e = tensor.empty() : tensor<4x5xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #out3], iterator_types = ["reduction", "parallel", "parallel"]}
      ins(%ex, %w : tensor<4x5xf32>, tensor<4x6xf32>) outs(%c : tensor<5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<5x6xf32>
  return %p : tensor<5x6xf32>
}
