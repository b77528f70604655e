// Tensor sizes that come from run-time values are checked before anything
// is allocated: a negative size or one whose bytes overflow is a clean error
// naming the tensor's location (not a huge or wrapped-around allocation).
// RUN: not rewind-run %s --entry f --args '[1.5, -5]' 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: rewind-run: error: negative size -5 for the tensor created at {{.*}}buffer-sizes.mlir:[[@LINE+27]]:8
// RUN: not rewind-run %s --entry f --args '[1.5, -5]' --grad 2>&1 | FileCheck %s --check-prefix=NEG-GRAD
// NEG-GRAD: rewind-run: error: negative size -5 for the tensor created at {{.*}}buffer-sizes.mlir:
// 2^61 elements of 8 bytes:
// RUN: not rewind-run %s --entry f --args '[1.5, 2305843009213693952]' --measure 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: leaked 0 bytes
// BIG: rewind-run: error: the tensor created at {{.*}}buffer-sizes.mlir:[[@LINE+21]]:8 would need more than 2^63 bytes
// And sizes that fit work: sum_i sin(i x) checked by finite differences.
// RUN: rewind-run %s --entry f --args '[1.5, 30]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=OK
// OK: check: max relative error
//
// The pass: one runtime call per dynamic dimension, from the element size
// (8 bytes) times the static dimensions (3).
// RUN: rewind-opt %s --split-input-file --rewind-check-buffer-sizes | FileCheck %s --check-prefix=PASS
// PASS-LABEL: func.func @alloc
// PASS-SAME: (%[[M:.*]]: index, %[[N:.*]]: index)
// PASS-NEXT: %[[SITE:.*]] = arith.constant {{[0-9]+}} : i64
// PASS-NEXT: %[[BYTES:.*]] = arith.constant 24 : i64
// PASS-NEXT: %[[M64:.*]] = arith.index_cast %[[M]] : index to i64
// PASS-NEXT: %[[B1:.*]] = call @__rewind_buffer_size(%[[SITE]], %[[BYTES]], %[[M64]]) : (i64, i64, i64) -> i64
// PASS-NEXT: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// PASS-NEXT: call @__rewind_buffer_size(%[[SITE]], %[[B1]], %[[N64]]) : (i64, i64, i64) -> i64
// PASS-NEXT: memref.alloc(%[[M]], %[[N]]) : memref<?x3x?xf64>

#m = affine_map<(d0) -> (d0)>
#s = affine_map<(d0) -> ()>
func.func @f(%x: f64, %n: index) -> f64 {
  %e = tensor.empty(%n) : tensor<?xf64>
  %y = linalg.generic {indexing_maps = [#m], iterator_types = ["parallel"]} outs(%e : tensor<?xf64>) {
  ^bb0(%o: f64):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %p = arith.mulf %fi, %x : f64
    %q = math.sin %p : f64
    linalg.yield %q : f64
  } -> tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#m, #s], iterator_types = ["reduction"]}
      ins(%y : tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %acc, %a : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

// -----

func.func @alloc(%m: index, %n: index) -> memref<?x3x?xf64> {
  %a = memref.alloc(%m, %n) : memref<?x3x?xf64>
  return %a : memref<?x3x?xf64>
}
