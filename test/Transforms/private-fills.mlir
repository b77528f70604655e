// RUN: rewind-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(rewind-private-fills))" | FileCheck %s
// RUN: rewind-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(rewind-private-fills),one-shot-bufferize{bufferize-function-boundaries})" | FileCheck %s --check-prefix=BUF

// Two reductions start from the same zeros (as CSE leaves a value and its
// tangent): each gets its own fill, so bufferization copies nothing.
#in = affine_map<(i, j) -> (i, j)>
#out = affine_map<(i, j) -> (i)>
func.func @two_sums(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [#in, #in, #out, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x, %y : tensor<?x?xf64>, tensor<?x?xf64>) outs(%z, %z : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %s: f64, %t: f64):
    %s1 = arith.addf %s, %a : f64
    %t1 = arith.addf %t, %b : f64
    linalg.yield %s1, %t1 : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}
// CHECK-LABEL: func.func @two_sums
// CHECK: %[[E1:.*]] = tensor.empty(%{{.*}}) : tensor<?xf64>
// CHECK: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[E1]] : tensor<?xf64>)
// CHECK: %[[E2:.*]] = tensor.empty(%{{.*}}) : tensor<?xf64>
// CHECK: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[E2]] : tensor<?xf64>)
// CHECK: linalg.generic {{.*}} outs(%[[F1]], %[[F2]] : tensor<?xf64>, tensor<?xf64>)
// The original fill is gone.
// CHECK-NOT: linalg.fill
// BUF-LABEL: func.func @two_sums
// BUF-NOT: memref.copy
// BUF: return

// -----

// A fill read after a reduction wrote into it: the writer gets its own (a
// generic of parallel loops broadcasting a scalar counts as a fill); the
// reader keeps the original.
#id = affine_map<(i) -> (i)>
#scalar = affine_map<(i) -> ()>
func.func @write_then_read(%x: tensor<8xf64>) -> (tensor<f64>, tensor<8xf64>) {
  %one = arith.constant 1.0 : f64
  %e = tensor.empty() : tensor<8xf64>
  %ones = linalg.generic {indexing_maps = [#scalar, #id], iterator_types = ["parallel"]}
      ins(%one : f64) outs(%e : tensor<8xf64>) {
  ^bb0(%in: f64, %out: f64):
    linalg.yield %in : f64
  } -> tensor<8xf64>
  %w = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf64>) outs(%ones : tensor<8xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %a, %o : f64
    linalg.yield %s : f64
  } -> tensor<8xf64>
  %es = tensor.empty() : tensor<f64>
  %r = linalg.generic {indexing_maps = [#id, #id, #scalar], iterator_types = ["reduction"]}
      ins(%w, %ones : tensor<8xf64>, tensor<8xf64>) outs(%es : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %p = arith.mulf %a, %b : f64
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  return %r, %w : tensor<f64>, tensor<8xf64>
}
// CHECK-LABEL: func.func @write_then_read
// CHECK: %[[ONES:.*]] = linalg.generic {{.*}} ins(%{{.*}} : f64) outs(%{{.*}} : tensor<8xf64>)
// CHECK: %[[OWN:.*]] = linalg.generic {{.*}} ins(%{{.*}} : f64) outs(%{{.*}} : tensor<8xf64>)
// CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf64>) outs(%[[OWN]] : tensor<8xf64>)
// CHECK: linalg.generic {{.*}} ins(%[[W]], %[[ONES]] : tensor<8xf64>, tensor<8xf64>)
// BUF-LABEL: func.func @write_then_read
// BUF-NOT: memref.copy
// BUF: return
