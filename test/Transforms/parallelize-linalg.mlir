// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-parallelize-linalg{threads=4},canonicalize))' | FileCheck %s
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-parallelize-linalg{threads=1}))' | FileCheck %s --check-prefix=SERIAL

// rewind-parallelize-linalg: the outermost parallel dimension that indexes
// every output is split into one contiguous chunk per thread, the chunks
// the iterations of an OpenMP worksharing loop; the op runs in parallel
// only when its iteration count reaches min-work (the `if` clause). A
// chunk's linalg.index counts from the chunk's start. Numbers:
// test/Integration/threads.mlir.

// CHECK-LABEL: func.func @rows(
// CHECK-SAME: %[[A:.*]]: memref<?x?xf64>, %[[OUT:.*]]: memref<?xf64>)
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i32
// CHECK-DAG: %[[MIN:.*]] = arith.constant 32768 : index
// CHECK: %[[N:.*]] = memref.dim %[[A]], %c0
// CHECK: %[[M:.*]] = memref.dim %[[A]], %c1
// CHECK: %[[WORK:.*]] = arith.muli %[[N]], %[[M]] : index
// CHECK: %[[ENOUGH:.*]] = arith.cmpi sge, %[[WORK]], %[[MIN]] : index
// CHECK: %[[CEIL:.*]] = arith.ceildivui %[[N]], %c4 : index
// CHECK: %[[CHUNK:.*]] = arith.maxui %[[CEIL]], %c1 : index
// CHECK: omp.parallel if(%[[ENOUGH]]) num_threads(%[[FOUR]] : i32) {
// CHECK-NEXT: omp.wsloop {
// CHECK-NEXT: omp.loop_nest (%[[T:.*]]) : index = (%c0) to (%{{.*}}) step (%[[CHUNK]]) {
// CHECK: %[[ROWS:.*]] = memref.subview %[[A]][%[[T]], 0]
// CHECK: %[[PART:.*]] = memref.subview %[[OUT]][%[[T]]]
// CHECK: linalg.generic {{.*}} ins(%[[ROWS]] : {{.*}}) outs(%[[PART]] : {{.*}})
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: affine.apply #{{.*}}(%[[T]])[%[[I]]]
// CHECK: omp.yield
// CHECK: omp.terminator
// SERIAL-LABEL: func.func @rows(
// SERIAL-NOT: omp.
// SERIAL: return
func.func @rows(%a: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<?x?xf64>) outs(%out : memref<?xf64>) {
    ^bb0(%x: f64, %acc: f64):
      %i = linalg.index 0 : index
      %fi = arith.index_cast %i : index to i64
      %f = arith.sitofp %fi : i64 to f64
      %p = arith.mulf %x, %f : f64
      %s = arith.addf %acc, %p : f64
      linalg.yield %s : f64
  }
  return
}

// A full reduction has no dimension to split; a static op below min-work
// iterations is not worth a region; a dimension of size 1 is not split (the
// next one is), and chunks that divide a static size keep static shapes.
// CHECK-LABEL: func.func @total(
// CHECK-NOT: omp.
// CHECK: return
func.func @total(%a: memref<?xf64>, %out: memref<f64>) {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%a : memref<?xf64>) outs(%out : memref<f64>) {
    ^bb0(%x: f64, %acc: f64):
      %s = arith.addf %acc, %x : f64
      linalg.yield %s : f64
  }
  return
}
// CHECK-LABEL: func.func @small(
// CHECK-NOT: omp.
// CHECK: return
func.func @small(%a: memref<4x4xf64>, %out: memref<4x4xf64>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x4xf64>) outs(%out : memref<4x4xf64>) {
    ^bb0(%x: f64, %o: f64):
      %s = arith.mulf %x, %x : f64
      linalg.yield %s : f64
  }
  return
}
// CHECK-LABEL: func.func @columns(
// CHECK: omp.loop_nest (%[[T:.*]]) : index = (%c0) to (%c40000) step (%c10000)
// CHECK: memref.subview %{{.*}}[0, %[[T]]] [1, 10000] [1, 1]
func.func @columns(%a: memref<1x40000xf64>, %out: memref<1x40000xf64>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<1x40000xf64>) outs(%out : memref<1x40000xf64>) {
    ^bb0(%x: f64, %o: f64):
      %s = arith.mulf %x, %x : f64
      linalg.yield %s : f64
  }
  return
}

// A user's scf.forall becomes a worksharing loop (always parallel); the ops
// in its body stay as they are.
// CHECK-LABEL: func.func @user(
// CHECK: omp.parallel num_threads
// CHECK-NEXT: omp.wsloop {
// CHECK-NEXT: omp.loop_nest (%[[I:.*]]) : index = (%c0) to (%{{.*}}) step (%c1) {
// CHECK-NEXT: memref.load %{{.*}}[%[[I]]]
// CHECK-NOT: omp.parallel
// CHECK: linalg.fill
// CHECK-NOT: omp.parallel
// CHECK: omp.yield
func.func @user(%a: memref<?xf64>, %rows: memref<?x100000xf64>, %n: index) {
  scf.forall (%i) in (%n) {
    %v = memref.load %a[%i] : memref<?xf64>
    %row = memref.subview %rows[%i, 0] [1, 100000] [1, 1] : memref<?x100000xf64> to memref<100000xf64, strided<[1], offset: ?>>
    linalg.fill ins(%v : f64) outs(%row : memref<100000xf64, strided<[1], offset: ?>>)
  }
  return
}
