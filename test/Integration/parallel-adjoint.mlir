// The user's parallel loops stay parallel when differentiated, and so do
// their reverses: scf.forall (iterations write disjoint slices) and
// scf.parallel whose floating-point reductions are sums. The reverse splits
// the iterations into one chunk per thread (tape.thread_count), each
// calling the pullback of the outlined body for its iterations and summing
// the adjoints the iterations share privately; the chunks' sums are added
// in chunk order. Checked by finite differences on 1, 2 and 3 threads,
// bit-identical from run to run on one thread count, forward mode and
// Hessian-vector products through the same loops.
// RUN: rewind-run %s --entry tiles --args '[[[0.5,-1,2,0.25],[3,1.5,-0.5,0.1],[0.2,0.3,-0.7,1.1],[0.9,-0.4,0.6,-1.3],[0.05,0.7,-0.2,0.4]], [1.5,-0.5,0.75,2], [[0.1,0.2,0.3,0.4],[-0.1,-0.2,-0.3,-0.4],[1,2,3,4],[0.5,0.6,0.7,0.8],[1.1,1.2,1.3,1.4]]]' --grad --check --check-tolerance=1e-8 --threads=2 --json | FileCheck %s --check-prefix=TILES
// The last row is not written: x's adjoint there is 0, y's is 2 y.
// TILES: [0.0, 0.0, 0.0, 0.0]]
// TILES-SAME: [2.2, 2.4, 2.6, 2.8]]], "max_rel_error"
// RUN: rewind-run %s --entry tiles --args '[[[0.5,-1,2,0.25],[3,1.5,-0.5,0.1],[0.2,0.3,-0.7,1.1],[0.9,-0.4,0.6,-1.3],[0.05,0.7,-0.2,0.4]], [1.5,-0.5,0.75,2], [[0.1,0.2,0.3,0.4],[-0.1,-0.2,-0.3,-0.4],[1,2,3,4],[0.5,0.6,0.7,0.8],[1.1,1.2,1.3,1.4]]]' --grad --check --check-tolerance=1e-8 --threads=3 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry tiles --args '[[[0.5,-1,2,0.25],[3,1.5,-0.5,0.1],[0.2,0.3,-0.7,1.1],[0.9,-0.4,0.6,-1.3],[0.05,0.7,-0.2,0.4]], [1.5,-0.5,0.75,2], [[0.1,0.2,0.3,0.4],[-0.1,-0.2,-0.3,-0.4],[1,2,3,4],[0.5,0.6,0.7,0.8],[1.1,1.2,1.3,1.4]]]' --grad --check --check-tolerance=1e-8 --threads=1 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry grid --args '[[[0.5,-1],[2,0.25],[3,1.5]], 0.7]' --grad --check --check-tolerance=1e-3 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry sums --args '[[[0.5,-1,2],[0.25,3,1.5],[-0.5,0.1,0.2],[1,2,-3]], [1.5,-0.5,0.75], 0.8]' --grad --check --check-tolerance=1e-8 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry sums --args '[[[0.5,-1,2],[0.25,3,1.5],[-0.5,0.1,0.2],[1,2,-3]], [1.5,-0.5,0.75], 0.8]' --grad --check --check-tolerance=1e-8 --threads=1 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry steps --args '[[0.5,-1,2,0.25,3,1.5], [0.3,0.2,-0.4,1,0.5,-0.6]]' --grad --check --check-tolerance=1e-8 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry branchy --args '[[0.5,-1,2,0.25], 1]' --grad --check --check-tolerance=1e-8 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry interleaved --args '[[0.5,-1,2,0.25], 0.7]' --grad --check --check-tolerance=1e-8 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry interleaved --args '[[0.5,-1,2,0.25], 0.7]' --grad --check --check-tolerance=1e-8 --threads=1 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry rotate --args '[[0.5,-1,2,0.25,3], [1,2,3,4,5]]' --grad --check --check-tolerance=1e-7 --threads=2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry rotate --args '[[], []]' --grad --threads=2 | FileCheck %s --check-prefix=EMPTY
// EMPTY: gradient #0: tensor<0xf64> = []
// FD: check: max relative error
//
// A body with a loop of its own (its tape is taken per iteration, on each
// thread): the same on 1, 2 and 3 threads to rounding, bit-identical run
// after run, and checked by finite differences.
// RUN: %python %S/Inputs/random_args.py 3000x4 4 > %t.rows.json
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --threads=1 --json > %t.rows1
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --threads=2 --repeat 3 --json > %t.rows2
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --threads=3 --json > %t.rows3
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --threads=3 --json > %t.rows3again
// RUN: diff %t.rows3 %t.rows3again
// RUN: %python %S/Inputs/compare_results.py %t.rows1 %t.rows2 1e-12
// RUN: %python %S/Inputs/compare_results.py %t.rows1 %t.rows3 1e-12
// RUN: %python %S/Inputs/random_args.py 7x4 4 > %t.small.json
// RUN: rewind-run %s --entry rows --args-file %t.small.json --grad --check --check-tolerance=1e-6 --threads=2 | FileCheck %s --check-prefix=FD
//
// A run-time check that fails inside a parallel loop (here an index out of
// bounds) is a clean error naming the op, on one thread or several, plain
// or differentiated: the checks run first, on the calling thread.
// RUN: not rewind-run %s --entry shifted --args '[[1,2,3,4,5,6,7,8], 3]' --threads=2 2>&1 | FileCheck %s --check-prefix=OOB
// RUN: not rewind-run %s --entry shifted --args '[[1,2,3,4,5,6,7,8], 3]' --threads=2 --grad 2>&1 | FileCheck %s --check-prefix=OOB
// RUN: not rewind-run %s --entry shifted --args '[[1,2,3,4,5,6,7,8], 3]' --threads=1 --grad 2>&1 | FileCheck %s --check-prefix=OOB
// OOB: error: out-of-bounds access in the tensor.extract at {{.*}}parallel-adjoint.mlir:[[#@LINE+215]]:
// RUN: rewind-run %s --entry shifted --args '[[1,2,3,4,5,6,7,8], 0]' --threads=2 --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
//
// Forward mode: the tangent equals the gradient times the direction
// (sums: 5.26549537 + 0.21221161 - 2.80140391 + 14.35257023; grid:
// 0.22547618 + 0.12001423 + 0.37167317; steps: 4.65024140 + 0.04373403 +
// 13.73890695).
// RUN: rewind-run %s --entry sums --args '[[[0.5,-1,2],[0.25,3,1.5]],[1.5,-0.5,0.75],0.8]' --jvp '[[[1,0,0],[0,0,1]],[0,1,0],1]' --threads=2 --json | FileCheck %s --check-prefix=JSUMS
// JSUMS: "tangent": 17.0288732955
// RUN: rewind-run %s --entry grid --args '[[[0.5,-1],[2,0.25],[3,1.5]],0.7]' --jvp '[[[1,0],[0,1],[0,0]],1]' --threads=2 --json | FileCheck %s --check-prefix=JGRID
// JGRID: "tangent": 0.71716
// RUN: rewind-run %s --entry steps --args '[[0.5,-1,2,0.25,3,1.5],[0.3,0.2,-0.4,1,0.5,-0.6]]' --jvp '[[1,0,0,0,0,1],[0,1,0,0,0,0]]' --threads=2 --json | FileCheck %s --check-prefix=JSTEPS
// JSTEPS: "tangent": 18.43288238
//
// Hessian-vector products (reverse over forward through the loops); the
// values agree with central differences of the gradient to 1e-8.
// RUN: rewind-run %s --entry sums --args '[[[0.5,-1,2],[0.25,3,1.5]],[1.5,-0.5,0.75],0.8]' --grad --hvp '[[[1,0,0],[0,0,1]],[0,1,0],1]' --threads=2 --json | FileCheck %s --check-prefix=HSUMS
// HSUMS: "hvp": {{\[\[\[}}3.70531598{{[0-9]*}}, 0.81045345{{[0-9]*}}, -1.56055063{{[0-9]*}}], [7.26684316{{[0-9]*}}, -1.48498874{{[0-9]*}}, -2.72722045{{[0-9]*}}]], [7.14447773{{[0-9]*}}, -3.50175488{{[0-9]*}}, 9.81691087{{[0-9]*}}], 3.34537883{{[0-9]*}}]
// RUN: rewind-run %s --entry steps --args '[[0.5,-1,2,0.25,3,1.5],[0.3,0.2,-0.4,1,0.5,-0.6]]' --grad --hvp '[[1,0,0,0,0,1],[0,1,0,0,0,0]]' --threads=2 --json | FileCheck %s --check-prefix=HSTEPS
// HSTEPS: "hvp": {{\[\[}}8.6276225{{[0-9]*}}, -25.24742996{{[0-9]*}}, 0.0, 0.0, 0.0, 0.0841953{{[0-9]*}}], [19.5547136{{[0-9]*}}, 42.3701585{{[0-9]*}}, 0.0, 0.0, 0.0, 0.3879359{{[0-9]*}}]]

// Rows of 2 of a 5x4 matrix, written into the shared output y (read too):
// out[r, :] = y[r, :] * w + tanh(x[r, :]) for r < 4; row 4 keeps y's.
// Result: sum(out * out).
func.func @tiles(%x: tensor<5x4xf64>, %w: tensor<4xf64>, %y: tensor<5x4xf64>) -> f64 {
  %out = scf.forall (%i) = (0) to (4) step (2) shared_outs(%o = %y) -> tensor<5x4xf64> {
    %xt = tensor.extract_slice %x[%i, 0] [2, 4] [1, 1] : tensor<5x4xf64> to tensor<2x4xf64>
    %ot = tensor.extract_slice %o[%i, 0] [2, 4] [1, 1] : tensor<5x4xf64> to tensor<2x4xf64>
    %r = linalg.generic {indexing_maps = [affine_map<(a, b) -> (a, b)>, affine_map<(a, b) -> (b)>, affine_map<(a, b) -> (a, b)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%xt, %w : tensor<2x4xf64>, tensor<4xf64>) outs(%ot : tensor<2x4xf64>) {
      ^bb0(%a: f64, %b: f64, %c: f64):
        %t = math.tanh %a : f64
        %m = arith.mulf %c, %b : f64
        %s = arith.addf %m, %t : f64
        linalg.yield %s : f64
    } -> tensor<2x4xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %o[%i, 0] [2, 4] [1, 1] : tensor<2x4xf64> into tensor<5x4xf64>
    }
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%out : tensor<5x4xf64>) outs(%init : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %res = tensor.extract %sq[] : tensor<f64>
  return %res : f64
}

// Two induction variables, scalars written at [j, i] (transposed), f32.
func.func @grid(%x: tensor<3x2xf32>, %s: f32) -> f32 {
  %e = tensor.empty() : tensor<2x3xf32>
  %out = scf.forall (%i, %j) in (3, 2) shared_outs(%o = %e) -> tensor<2x3xf32> {
    %v = tensor.extract %x[%i, %j] : tensor<3x2xf32>
    %p = arith.mulf %v, %s : f32
    %q = math.sin %p : f32
    %t = tensor.from_elements %q : tensor<1x1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %o[%j, %i] [1, 1] [1, 1] : tensor<1x1xf32> into tensor<2x3xf32>
    }
  }
  %z = arith.constant 0.0 : f32
  %init = tensor.from_elements %z : tensor<f32>
  %sq = linalg.reduce ins(%out : tensor<2x3xf32>) outs(%init : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %c = arith.constant 0.5 : f32
      %k = arith.mulf %in, %c : f32
      %p = arith.mulf %k, %in : f32
      %t = arith.addf %p, %acc : f32
      linalg.yield %t : f32
    }
  %res = tensor.extract %sq[] : tensor<f32>
  return %res : f32
}

// Sums by scf.parallel over a 2-D space, next to an integer count:
// (sum_ij s * sin(x[i, j]) * w[j]) * (number of x[i, j] > 0).
func.func @sums(%x: tensor<?x3xf64>, %w: tensor<3xf64>, %s: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %x, %c0 : tensor<?x3xf64>
  %zero = arith.constant 0.0 : f64
  %zi = arith.constant 0 : i64
  %sum, %count = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c3) step (%c1, %c1) init (%zero, %zi) -> (f64, i64) {
    %v = tensor.extract %x[%i, %j] : tensor<?x3xf64>
    %wj = tensor.extract %w[%j] : tensor<3xf64>
    %sn = math.sin %v : f64
    %a = arith.mulf %sn, %wj : f64
    %b = arith.mulf %a, %s : f64
    %pos = arith.cmpf ogt, %v, %zero : f64
    %one = arith.extui %pos : i1 to i64
    scf.reduce(%b, %one : f64, i64) {
    ^bb0(%l: f64, %r: f64):
      %t = arith.addf %r, %l : f64
      scf.reduce.return %t : f64
    }, {
    ^bb0(%l: i64, %r: i64):
      %t = arith.addi %l, %r : i64
      scf.reduce.return %t : i64
    }
  }
  %cf = arith.sitofp %count : i64 to f64
  %r = arith.mulf %sum, %cf : f64
  return %r : f64
}

// A forall inside a loop: the values it reads change every iteration
// (the reverse takes them from the tape).
func.func @steps(%x: tensor<6xf64>, %w: tensor<6xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %final = scf.for %k = %c0 to %c3 step %c1 iter_args(%v = %x) -> tensor<6xf64> {
    %e = tensor.empty() : tensor<6xf64>
    %next = scf.forall (%i) in (6) shared_outs(%o = %e) -> tensor<6xf64> {
      %vi = tensor.extract %v[%i] : tensor<6xf64>
      %wi = tensor.extract %w[%i] : tensor<6xf64>
      %p = arith.mulf %vi, %wi : f64
      %t = math.tanh %p : f64
      %u = arith.addf %t, %vi : f64
      %s = tensor.from_elements %u : tensor<1xf64>
      scf.forall.in_parallel {
        tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<6xf64>
      }
    }
    scf.yield %next : tensor<6xf64>
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%final : tensor<6xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %res = tensor.extract %sq[] : tensor<f64>
  return %res : f64
}

// The slice written depends on an scf.if: this forall runs in order.
func.func @branchy(%x: tensor<4xf64>, %flip: i1) -> f64 {
  %c3 = arith.constant 3 : index
  %e = tensor.empty() : tensor<4xf64>
  %out = scf.forall (%i) in (4) shared_outs(%o = %e) -> tensor<4xf64> {
    %at = scf.if %flip -> index {
      %m = arith.subi %c3, %i : index
      scf.yield %m : index
    } else {
      scf.yield %i : index
    }
    %xi = tensor.extract %x[%i] : tensor<4xf64>
    %c = math.cos %xi : f64
    %s = tensor.from_elements %c : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%at] [1] [1] : tensor<1xf64> into tensor<4xf64>
    }
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %out[%c0] : tensor<4xf64>
  %b = tensor.extract %out[%c1] : tensor<4xf64>
  %two = arith.constant 2.0 : f64
  %b2 = arith.mulf %b, %two : f64
  %r = arith.addf %a, %b2 : f64
  return %r : f64
}

// Per row: 50 steps of a recurrence, written at row i.
func.func @rows(%x: tensor<?x4xf64>, %w: tensor<4xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c50 = arith.constant 50 : index
  %n = tensor.dim %x, %c0 : tensor<?x4xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %out = scf.forall (%i) in (%n) shared_outs(%o = %e) -> tensor<?xf64> {
    %z = arith.constant 0.0 : f64
    %acc = scf.for %j = %c0 to %c50 step %c1 iter_args(%a = %z) -> f64 {
      %k = arith.remui %j, %c4 : index
      %xv = tensor.extract %x[%i, %k] : tensor<?x4xf64>
      %wv = tensor.extract %w[%k] : tensor<4xf64>
      %p = arith.mulf %xv, %wv : f64
      %q = arith.addf %p, %a : f64
      %t = math.tanh %q : f64
      scf.yield %t : f64
    }
    %s = tensor.from_elements %acc : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<?xf64>
    }
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%out : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %r = tensor.extract %sq[] : tensor<f64>
  return %r : f64
}

// out[i] = tanh(x[i + k]): out of bounds for k > 0.
func.func @shifted(%x: tensor<?xf64>, %k: index) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %out = scf.forall (%i) in (%n) shared_outs(%o = %e) -> tensor<?xf64> {
    %j = arith.addi %i, %k : index
    %xi = tensor.extract %x[%j] : tensor<?xf64>
    %t = math.tanh %xi : f64
    %s = tensor.from_elements %t : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<?xf64>
    }
  }
  %r = tensor.extract %out[%c0] : tensor<?xf64>
  return %r : f64
}

// out[i] = sin(y[(i+1) mod n] * x[i]) written into (a copy of) y, which
// the body also reads from above: y's adjoint gets both parts.
func.func @rotate(%x: tensor<?xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %out = scf.forall (%i) in (%n) shared_outs(%o = %y) -> tensor<?xf64> {
    %i1 = arith.addi %i, %c1 : index
    %j = arith.remui %i1, %n : index
    %yj = tensor.extract %y[%j] : tensor<?xf64>
    %xi = tensor.extract %x[%i] : tensor<?xf64>
    %p = arith.mulf %yj, %xi : f64
    %s = math.sin %p : f64
    %t = tensor.from_elements %s : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %o[%i] [1] [1] : tensor<1xf64> into tensor<?xf64>
    }
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%out : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %r = tensor.extract %sq[] : tensor<f64>
  return %r : f64
}


// Two passes over x; pass k rewrites the elements 2i + k, at positions
// that depend on the enclosing loop's induction variable.
func.func @interleaved(%x: tensor<4xf64>, %w: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %r = scf.for %k = %c0 to %c2 step %c1 iter_args(%v = %x) -> tensor<4xf64> {
    %next = scf.forall (%i) in (2) shared_outs(%o = %v) -> tensor<4xf64> {
      %i2 = arith.muli %i, %c2 : index
      %at = arith.addi %i2, %k : index
      %e = tensor.extract %v[%at] : tensor<4xf64>
      %p = arith.mulf %e, %w : f64
      %t = math.tanh %p : f64
      %s = tensor.from_elements %t : tensor<1xf64>
      scf.forall.in_parallel {
        tensor.parallel_insert_slice %s into %o[%at] [1] [1] : tensor<1xf64> into tensor<4xf64>
      }
    }
    scf.yield %next : tensor<4xf64>
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%r : tensor<4xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %res = tensor.extract %sq[] : tensor<f64>
  return %res : f64
}
