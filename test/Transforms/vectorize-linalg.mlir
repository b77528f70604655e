// rewind-vectorize-linalg sizes register tiles for the target's vector
// registers: a contraction's accumulator block is 2 registers wide and
// registers/4 rows (8 x 16 f64 with AVX-512's 32 zmm, 4 x 8 with AVX2's 16
// ymm, 4 x 4 with SSE2's 16 xmm); a reduction of one input along an outer
// dimension is tiled along the vector dimension only (blocking its rows
// would stream that many distant rows at once).
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-vectorize-linalg{vector-bits=512 vector-registers=32}))' | FileCheck %s --check-prefix=AVX512
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-vectorize-linalg{vector-bits=256 vector-registers=16}))' | FileCheck %s --check-prefix=AVX2
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-vectorize-linalg{vector-bits=128 vector-registers=16}))' | FileCheck %s --check-prefix=SSE2

// AVX512-LABEL: func.func @matmul
// AVX512: vector.transfer_read {{.*}} vector<8x1xf64>
// AVX512: vector.transfer_read {{.*}} vector<1x16xf64>
// AVX512: vector.transfer_read {{.*}} vector<8x16xf64>
// AVX2-LABEL: func.func @matmul
// AVX2: vector.transfer_read {{.*}} vector<4x1xf64>
// AVX2: vector.transfer_read {{.*}} vector<1x8xf64>
// AVX2: vector.transfer_read {{.*}} vector<4x8xf64>
// SSE2-LABEL: func.func @matmul
// SSE2: vector.transfer_read {{.*}} vector<4x4xf64>
func.func @matmul(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>) {
  linalg.matmul ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  return
}

// AVX512-LABEL: func.func @outer_reduction
// AVX512-NOT: vector<8x
// AVX512: vector.transfer_read {{.*}} vector<1x1x8xf64>
// AVX512-NOT: vector<8x
// AVX2-LABEL: func.func @outer_reduction
// AVX2: vector.transfer_read {{.*}} vector<1x1x4xf64>
func.func @outer_reduction(%x: memref<?x?x?xf64>, %y: memref<?x?xf64>) {
  linalg.generic {indexing_maps = [affine_map<(k, n, i) -> (k, n, i)>, affine_map<(k, n, i) -> (k, i)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x : memref<?x?x?xf64>) outs(%y : memref<?x?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %o, %a : f64
    linalg.yield %s : f64
  }
  return
}

// A copy of a strided or dynamically sized buffer is vectorized like a
// linalg.copy (memref.copy would be a runtime call copying element by
// element); a copy between static contiguous buffers stays a memcpy.
// AVX512-LABEL: func.func @copies
// AVX512: vector.transfer_read {{.*}} vector<8xf64>
// AVX512: vector.transfer_write {{.*}} vector<8xf64>
// AVX512: memref.copy %{{.*}}, %{{.*}} : memref<4x8xf64> to memref<4x8xf64>
// AVX512-NOT: memref.copy
// AVX512: return
func.func @copies(%a: memref<?xf64, strided<[?], offset: ?>>, %b: memref<?xf64>,
                  %c: memref<4x8xf64>, %d: memref<4x8xf64>) {
  memref.copy %a, %b : memref<?xf64, strided<[?], offset: ?>> to memref<?xf64>
  memref.copy %c, %d : memref<4x8xf64> to memref<4x8xf64>
  return
}

// y = x A with few columns (a dynamic width below a vector): the remainder
// tile's masked accumulator, read and written with equal masks built apart,
// is hoisted out of the loop over the rows like a full tile's, not loaded
// and stored (masked) on every row. (The accumulator is an allocation of
// the function's own: it cannot alias the inputs.)
// AVX512-LABEL: func.func @narrow_vecmat
// AVX512: scf.for
// AVX512: scf.for
// AVX512: vector.create_mask %{{.*}} : vector<16xi1>
// AVX512: %[[ACC:.*]] = vector.transfer_read %{{.*}}, %[[MASK:[^ ]*]] {in_bounds
// AVX512-NEXT: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[CARRIED:.*]] = %[[ACC]]) -> (vector<16xf64>) {
// AVX512-NOT: vector.transfer_write
// AVX512: scf.yield
// AVX512-NEXT: }
// AVX512-NEXT: vector.transfer_write %[[SUM]], {{.*}}, %[[MASK]] {in_bounds
func.func @narrow_vecmat(%x: memref<?xf64>, %a: memref<?x?xf64>, %y: memref<?xf64>) {
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c1 : memref<?x?xf64>
  %acc = memref.alloc(%n) : memref<?xf64>
  linalg.vecmat ins(%x, %a : memref<?xf64>, memref<?x?xf64>) outs(%acc : memref<?xf64>)
  memref.copy %acc, %y : memref<?xf64> to memref<?xf64>
  memref.dealloc %acc : memref<?xf64>
  return
}
