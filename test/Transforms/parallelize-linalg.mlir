// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-parallelize-linalg{threads=4},canonicalize))' | FileCheck %s
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-parallelize-linalg{threads=1}))' | FileCheck %s --check-prefix=SERIAL

// rewind-parallelize-linalg: the outermost parallel dimension that indexes
// every output is split into one contiguous chunk per thread, the chunks
// the iterations of an OpenMP worksharing loop; the op runs in parallel
// only when its iteration count reaches min-work, and as it is otherwise
// (no call into the OpenMP runtime). A chunk's linalg.index counts from
// the chunk's start. Numbers:
// test/Integration/threads.mlir.

// CHECK-LABEL: func.func @rows(
// CHECK-SAME: %[[A:.*]]: memref<?x?xf64>, %[[OUT:.*]]: memref<?xf64>)
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i32
// CHECK-DAG: %[[MIN:.*]] = arith.constant 32768 : index
// CHECK: %[[N:.*]] = memref.dim %[[A]], %c0
// CHECK: %[[M:.*]] = memref.dim %[[A]], %c1
// CHECK: %[[WORK:.*]] = arith.muli %[[N]], %[[M]] : index
// CHECK: %[[CEIL:.*]] = arith.ceildivui %[[N]], %c4 : index
// CHECK: %[[CHUNK:.*]] = arith.maxui %[[CEIL]], %c1 : index
// CHECK: %[[ENOUGH:.*]] = arith.cmpi sge, %[[WORK]], %[[MIN]] : index
// CHECK: scf.if %[[ENOUGH]] {
// CHECK: omp.parallel num_threads(%[[FOUR]] : i32) {
// CHECK-NEXT: omp.wsloop {
// CHECK-NEXT: omp.loop_nest (%[[T:.*]]) : index = (%c0) to (%{{.*}}) step (%[[CHUNK]]) {
// CHECK: %[[ROWS:.*]] = memref.subview %[[A]][%[[T]], 0]
// CHECK: %[[PART:.*]] = memref.subview %[[OUT]][%[[T]]]
// CHECK: linalg.generic {{.*}} ins(%[[ROWS]] : {{.*}}) outs(%[[PART]] : {{.*}})
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: affine.apply #{{.*}}(%[[T]])[%[[I]]]
// CHECK: omp.yield
// CHECK: omp.terminator
// CHECK: } else {
// CHECK-NEXT: linalg.generic {{.*}} ins(%[[A]] : memref<?x?xf64>) outs(%[[OUT]] : memref<?xf64>)
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

// A full reduction has no dimension to split: its reduction dimension is
// split instead, each chunk reducing into a private copy of the output (on
// its own cache line: rows of 8 f64) started at the combiner's neutral
// element; the copies are then folded into the output in chunk order. The
// copies are made only when the op is large enough and they are fewer than
// its iterations; otherwise the op runs as it is.
// CHECK-LABEL: func.func @total(
// CHECK-SAME: %[[A:.*]]: memref<?xf64>, %[[OUT:.*]]: memref<f64>)
// CHECK: %[[N:.*]] = memref.dim %[[A]], %c0
// CHECK: %[[FEW:.*]] = arith.cmpi uge, %[[N]], %c4
// CHECK: %[[BIG:.*]] = arith.cmpi sge, %[[N]], %c32768
// CHECK: %[[BOTH:.*]] = arith.andi %[[BIG]], %[[FEW]]
// CHECK: scf.if %[[BOTH]] {
// CHECK: %[[COPIES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x8xf64>
// CHECK: linalg.fill ins(%cst : f64) outs(%[[COPIES]] : memref<4x8xf64>)
// CHECK: omp.parallel num_threads
// CHECK: omp.loop_nest (%[[I:.*]]) : index = (%c0) to (%{{.*}}) step (%[[CHUNK:.*]]) {
// CHECK: %[[PART:.*]] = memref.subview %[[A]][%[[I]]]
// CHECK: %[[T:.*]] = arith.divui %[[I]], %[[CHUNK]]
// CHECK: %[[MINE:.*]] = memref.subview %[[COPIES]][%[[T]], 0] [1, 1] [1, 1] : memref<4x8xf64> to memref<f64, strided<[], offset: ?>>
// CHECK: linalg.generic {{.*}} ins(%[[PART]] : {{.*}}) outs(%[[MINE]] : {{.*}})
// CHECK: omp.terminator
// CHECK: %[[USED:.*]] = memref.subview %[[COPIES]][0, 0] [4, 1] [1, 1]
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[USED]] : {{.*}}) outs(%[[OUT]] : memref<f64>)
// CHECK-NEXT: ^bb0(%[[COPY:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[COPY]] : f64
// CHECK: memref.dealloc %[[COPIES]]
// CHECK: } else {
// CHECK: linalg.generic {{.*}} ins(%[[A]] : memref<?xf64>) outs(%[[OUT]] : memref<f64>)
func.func @total(%a: memref<?xf64>, %out: memref<f64>) {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%a : memref<?xf64>) outs(%out : memref<f64>) {
    ^bb0(%x: f64, %acc: f64):
      %s = arith.addf %acc, %x : f64
      linalg.yield %s : f64
  }
  return
}

// A few outputs reduced over many rows: the rows are split (a parallel
// dimension shorter than 4 chunks per thread leaves threads idle), into
// copies of 7 floats padded to a cache line of 16; the fold is a maximum.
// CHECK-LABEL: func.func @columns_max(
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<4x16xf32>
// CHECK: linalg.fill ins(%cst : f32)
// CHECK: omp.loop_nest
// CHECK: memref.subview %{{.*}}[%{{.*}}, 0] [1, 7] [1, 1] : memref<4x16xf32> to memref<7xf32, strided<[1], offset: ?>>
// CHECK: linalg.reduce
// CHECK: memref.subview %{{.*}}[0, 0] [4, 7] [1, 1] : memref<4x16xf32> to memref<4x7xf32, strided<[16, 1]>>
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: arith.maximumf
func.func @columns_max(%a: memref<100000x7xf32>, %out: memref<7xf32>) {
  linalg.reduce ins(%a : memref<100000x7xf32>) outs(%out : memref<7xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return
}

// Not a reduction that private copies can split: the accumulator is read
// by more than its combiner, or the combiner has no neutral element.
// CHECK-LABEL: func.func @not_a_sum(
// CHECK-NOT: omp.
// CHECK: return
func.func @not_a_sum(%a: memref<100000xf64>, %out: memref<f64>, %out2: memref<f64>) {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%a : memref<100000xf64>) outs(%out : memref<f64>) {
    ^bb0(%x: f64, %acc: f64):
      %p = arith.mulf %acc, %x : f64
      %s = arith.addf %p, %acc : f64
      linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%a : memref<100000xf64>) outs(%out2 : memref<f64>) {
    ^bb0(%x: f64, %acc: f64):
      %s = arith.subf %acc, %x : f64
      linalg.yield %s : f64
  }
  return
}

// A static op below min-work iterations is not worth a region; a dimension
// of size 1 is not split (the next one is), and chunks that divide a static
// size keep static shapes.
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

// A user's scf.parallel with reductions: its first dimension is cut into
// one chunk per thread, each a copy of the loop reducing from the neutral
// element into its own private copy; the copies are folded into the
// initial value in chunk order.
// CHECK-LABEL: func.func @user_sum(
// CHECK-SAME: %[[A:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[INIT:.*]]: f64)
// CHECK: %[[COPIES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x8xf64>
// CHECK: omp.parallel num_threads
// CHECK: omp.loop_nest (%[[T:.*]]) : index = (%c0) to (%c4) step (%c1) {
// CHECK: %[[PART:.*]] = scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%c1) init (%cst) -> f64 {
// CHECK: memref.load %[[A]][%[[I]]]
// CHECK: scf.reduce
// CHECK: memref.store %[[PART]], %[[COPIES]][%[[T]], %c0]
// CHECK: omp.terminator
// CHECK: %[[SUM:.*]] = scf.for %[[U:.*]] = %c0 to %c4 step %c1 iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f64) {
// CHECK: %[[V:.*]] = memref.load %[[COPIES]][%[[U]], %c0]
// CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[V]] : f64
// CHECK: scf.yield %[[NEXT]]
// CHECK: memref.dealloc %[[COPIES]]
// CHECK: return %[[SUM]]
func.func @user_sum(%a: memref<?xf64>, %n: index, %init: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> f64 {
    %v = memref.load %a[%i] : memref<?xf64>
    scf.reduce(%v : f64) {
      ^bb0(%l: f64, %rr: f64):
        %t = arith.addf %l, %rr : f64
        scf.reduce.return %t : f64
    }
  }
  return %r : f64
}

// A reduction region that is not one combiner with a neutral element stays
// serial.
// CHECK-LABEL: func.func @user_other(
// CHECK-NOT: omp.
// CHECK: return
func.func @user_other(%a: memref<?xf64>, %n: index, %init: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> f64 {
    %v = memref.load %a[%i] : memref<?xf64>
    scf.reduce(%v : f64) {
      ^bb0(%l: f64, %rr: f64):
        %t = arith.addf %l, %rr : f64
        %h = arith.mulf %t, %t : f64
        scf.reduce.return %h : f64
    }
  }
  return %r : f64
}

// Run-time checks in a user's loop (rewind-check-accesses) must fail on the
// calling thread: what their conditions need (index arithmetic, loads of
// the function's arguments, the loops around them) runs first as a serial
// loop nest holding the checks, and the parallel loop runs without them.
// CHECK-LABEL: func.func @user_checked(
// CHECK-SAME: %[[IDS:.*]]: memref<?xindex>, %[[A:.*]]: memref<?xf64>, %[[OUT:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
// CHECK: scf.for %[[I:.*]] = %c0 to %[[N]] step %c1 {
// CHECK-NEXT: scf.for %[[J:.*]] = %c0 to %c3 step %c1 {
// CHECK-NEXT: %[[K:.*]] = memref.load %[[IDS]][%[[I]]]
// CHECK-NEXT: %[[KJ:.*]] = arith.addi %[[K]], %[[J]]
// CHECK-NEXT: %[[BAD:.*]] = arith.cmpi uge, %[[KJ]], %[[M]]
// CHECK-NEXT: scf.if %[[BAD]] {
// CHECK-NEXT: func.call @__rewind_check_failed(%c0_i64)
// CHECK: omp.parallel
// CHECK-NOT: __rewind_check_failed
// CHECK: omp.terminator
// A check that needs a loop-carried value keeps the loop serial.
// CHECK-LABEL: func.func @user_carried(
// CHECK-NOT: omp.
// CHECK: return
func.func private @__rewind_check_failed(i64)
func.func @user_checked(%ids: memref<?xindex>, %a: memref<?xf64>, %out: memref<?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %site = arith.constant 0 : i64
  %zero = arith.constant 0.0 : f64
  scf.forall (%i) in (%n) {
    %s = scf.for %j = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> f64 {
      %k = memref.load %ids[%i] : memref<?xindex>
      %kj = arith.addi %k, %j : index
      %bad = arith.cmpi uge, %kj, %m : index
      scf.if %bad {
        func.call @__rewind_check_failed(%site) : (i64) -> ()
      }
      %v = memref.load %a[%kj] : memref<?xf64>
      %t = arith.addf %acc, %v : f64
      scf.yield %t : f64
    }
    memref.store %s, %out[%i] : memref<?xf64>
  }
  return
}
func.func @user_carried(%a: memref<?xf64>, %out: memref<?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %site = arith.constant 1 : i64
  scf.forall (%i) in (%n) {
    %s = scf.for %j = %c0 to %c3 step %c1 iter_args(%k = %i) -> index {
      %bad = arith.cmpi uge, %k, %m : index
      scf.if %bad {
        func.call @__rewind_check_failed(%site) : (i64) -> ()
      }
      %v = memref.load %a[%k] : memref<?xf64>
      memref.store %v, %out[%i] : memref<?xf64>
      %next = arith.addi %k, %c1 : index
      scf.yield %next : index
    }
  }
  return
}

// A convolution decomposed into loops over the filter's positions, each
// around one contraction: the nest runs once per thread on its chunk of
// the batch (one parallel region instead of one per filter position), as
// the chunks write disjoint parts of the output in every iteration.
// CHECK-LABEL: func.func @conv_nest(
// CHECK: omp.parallel
// CHECK: omp.loop_nest (%[[C:.*]]) : index = (%c0) to (%c16) step (%c4) {
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 {
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1 {
// CHECK: linalg.generic
// CHECK: omp.yield
// CHECK-NOT: omp.parallel
// CHECK: return
#xmap = affine_map<(n, h, w, f, c) -> (n, h, w, c)>
#wmap = affine_map<(n, h, w, f, c) -> (c, f)>
#ymap = affine_map<(n, h, w, f, c) -> (n, h, w, f)>
func.func @conv_nest(%x: memref<16x32x32x16xf32>, %w: memref<3x3x16x16xf32>, %y: memref<16x30x30x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %kh = %c0 to %c3 step %c1 {
    scf.for %kw = %c0 to %c3 step %c1 {
      %xs = memref.subview %x[0, %kh, %kw, 0] [16, 30, 30, 16] [1, 1, 1, 1] : memref<16x32x32x16xf32> to memref<16x30x30x16xf32, strided<[16384, 512, 16, 1], offset: ?>>
      %ws = memref.subview %w[%kh, %kw, 0, 0] [1, 1, 16, 16] [1, 1, 1, 1] : memref<3x3x16x16xf32> to memref<16x16xf32, strided<[16, 1], offset: ?>>
      linalg.generic {indexing_maps = [#xmap, #wmap, #ymap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
          ins(%xs, %ws : memref<16x30x30x16xf32, strided<[16384, 512, 16, 1], offset: ?>>, memref<16x16xf32, strided<[16, 1], offset: ?>>)
          outs(%y : memref<16x30x30x16xf32>) {
        ^bb0(%a: f32, %b: f32, %o: f32):
          %m = arith.mulf %a, %b : f32
          %s = arith.addf %o, %m : f32
          linalg.yield %s : f32
      }
    }
  }
  return
}

// The output moves with the loop along the split dimension (each filter
// position writes at another batch offset): chunks could overlap across
// iterations, so each iteration splits the op on its own.
// CHECK-LABEL: func.func @moving_output(
// CHECK: scf.for
// CHECK: scf.for
// CHECK: omp.parallel
// CHECK: return
func.func @moving_output(%x: memref<16x32x32x16xf32>, %w: memref<3x3x16x16xf32>, %y: memref<18x30x30x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %kh = %c0 to %c3 step %c1 {
    scf.for %kw = %c0 to %c3 step %c1 {
      %xs = memref.subview %x[0, %kh, %kw, 0] [16, 30, 30, 16] [1, 1, 1, 1] : memref<16x32x32x16xf32> to memref<16x30x30x16xf32, strided<[16384, 512, 16, 1], offset: ?>>
      %ws = memref.subview %w[%kh, %kw, 0, 0] [1, 1, 16, 16] [1, 1, 1, 1] : memref<3x3x16x16xf32> to memref<16x16xf32, strided<[16, 1], offset: ?>>
      %ys = memref.subview %y[%kh, 0, 0, 0] [16, 30, 30, 16] [1, 1, 1, 1] : memref<18x30x30x16xf32> to memref<16x30x30x16xf32, strided<[14400, 480, 16, 1], offset: ?>>
      linalg.generic {indexing_maps = [#xmap, #wmap, #ymap], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
          ins(%xs, %ws : memref<16x30x30x16xf32, strided<[16384, 512, 16, 1], offset: ?>>, memref<16x16xf32, strided<[16, 1], offset: ?>>)
          outs(%ys : memref<16x30x30x16xf32, strided<[14400, 480, 16, 1], offset: ?>>) {
        ^bb0(%a: f32, %b: f32, %o: f32):
          %m = arith.mulf %a, %b : f32
          %s = arith.addf %o, %m : f32
          linalg.yield %s : f32
      }
    }
  }
  return
}
