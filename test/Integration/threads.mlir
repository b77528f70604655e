// Parallel code (--threads, rewind-parallelize-linalg) is deterministic:
// bit-identical call after call (--repeat checks each call against the
// first) and process after process for one thread count; it agrees with
// the serial code to rounding (a chunk's shape may make the vectorizer sum
// in another order; a reduction split into private copies per thread adds
// its terms in another order), and its gradients agree with finite
// differences. The
// inputs are large enough for the ops to run on several threads.
// RUN: %python %S/Inputs/random_args.py 400x100 100 > %t.rows.json
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=1 --json > %t.rows1
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=2 --repeat 3 --json > %t.rows2
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=3 --json > %t.rows3
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=3 --json > %t.rows3again
// RUN: diff %t.rows3 %t.rows3again
// RUN: %python %S/Inputs/compare_results.py %t.rows1 %t.rows2 1e-12
// RUN: %python %S/Inputs/compare_results.py %t.rows1 %t.rows3 1e-12
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=2 --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=FD
// RUN: %python %S/Inputs/random_args.py 2x3x34x34 8x3x3x3 > %t.conv.json
// RUN: rewind-run %s --entry conv --args-file %t.conv.json --grad --wrt 1 --threads=1 --json > %t.conv1
// RUN: rewind-run %s --entry conv --args-file %t.conv.json --grad --wrt 1 --threads=2 --repeat 3 --json > %t.conv2
// RUN: rewind-run %s --entry conv --args-file %t.conv.json --grad --wrt 1 --threads=2 --json > %t.conv2again
// RUN: diff %t.conv2 %t.conv2again
// RUN: %python %S/Inputs/compare_results.py %t.conv1 %t.conv2 1e-12
// RUN: rewind-run %s --entry conv --args-file %t.conv.json --grad --wrt 1 --threads=2 --check --check-tolerance=1e-4 | FileCheck %s --check-prefix=FD
// RUN: %python %S/Inputs/random_args.py 400x100 400 > %t.forall.json
// RUN: rewind-run %s --entry scale --args-file %t.forall.json --grad --wrt 1 --threads=1 --json > %t.forall1
// RUN: rewind-run %s --entry scale --args-file %t.forall.json --grad --wrt 1 --threads=2 --repeat 3 --json > %t.forall2
// RUN: %python %S/Inputs/compare_results.py %t.forall1 %t.forall2 1e-12
// RUN: rewind-run %s --entry scale --args-file %t.forall.json --grad --wrt 1 --threads=2 --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=FD
// RUN: %python %S/Inputs/random_args.py 40000x3 3 > %t.pool.json
// RUN: rewind-run %s --entry pool --args-file %t.pool.json --grad --wrt 1 --threads=1 --json > %t.pool1
// RUN: rewind-run %s --entry pool --args-file %t.pool.json --grad --wrt 1 --threads=2 --repeat 3 --json > %t.pool2
// RUN: rewind-run %s --entry pool --args-file %t.pool.json --grad --wrt 1 --threads=3 --json > %t.pool3
// RUN: rewind-run %s --entry pool --args-file %t.pool.json --grad --wrt 1 --threads=3 --json > %t.pool3again
// RUN: diff %t.pool3 %t.pool3again
// RUN: %python %S/Inputs/compare_results.py %t.pool1 %t.pool2 1e-12
// RUN: %python %S/Inputs/compare_results.py %t.pool1 %t.pool3 1e-12
// RUN: rewind-run %s --entry pool --args-file %t.pool.json --grad --wrt 1 --threads=2 --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=FD
// FD: check: max relative error
// A user's scf.parallel with reductions: chunks reduce into private copies
// on threads (evaluation; the gradient differentiates it as a loop nest).
// RUN: %python %S/Inputs/random_args.py 100000 100000 > %t.dot.json
// RUN: rewind-run %s --entry dot --args-file %t.dot.json --threads=1 --json > %t.dot1
// RUN: rewind-run %s --entry dot --args-file %t.dot.json --threads=2 --repeat 3 --json > %t.dot2
// RUN: rewind-run %s --entry dot --args-file %t.dot.json --threads=3 --json > %t.dot3
// RUN: %python %S/Inputs/compare_results.py %t.dot1 %t.dot2 1e-12
// RUN: %python %S/Inputs/compare_results.py %t.dot1 %t.dot3 1e-12
// RUN: rewind-run %s --entry dot --args-file %t.dot.json --threads=2 --emit=llvm | FileCheck %s --check-prefix=OMP
// RUN: %python %S/Inputs/random_args.py 1000 1000 > %t.dotsmall.json
// RUN: rewind-run %s --entry dot --args-file %t.dotsmall.json --threads=2 --grad --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=FD
// --threads N (a separate value) too; --measure reports the run time.
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads 3 --json > %t.rows3s
// RUN: diff %t.rows3 %t.rows3s
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=2 --measure --repeat 3 2>&1 | FileCheck %s --check-prefix=MEASURE
// MEASURE: measure: compile {{.*}}, run {{[0-9.]+}} ms
// A thread count that is not one is a clear error.
// RUN: not rewind-run %s --entry rows --threads=0 2>&1 | FileCheck %s --check-prefix=BAD0
// BAD0: rewind-run: error: --threads takes a number of threads from 1 to 1024, not '0'
// RUN: not rewind-run %s --entry rows --threads=two 2>&1 | FileCheck %s --check-prefix=BADTWO
// BADTWO: rewind-run: error: --threads takes a number of threads from 1 to 1024, not 'two'
// RUN: not rewind-run %s --entry rows --threads 2>&1 | FileCheck %s --check-prefix=BADNONE
// BADNONE: rewind-run: error: --threads takes a number of threads from 1 to 1024, not ''
// The code runs on the OpenMP runtime with two threads, not with one.
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=2 --emit=llvm | FileCheck %s --check-prefix=OMP
// OMP: call {{.*}}@__kmpc_fork_call
// RUN: rewind-run %s --entry rows --args-file %t.rows.json --grad --wrt 1 --threads=1 --emit=llvm | FileCheck %s --check-prefix=SERIAL
// SERIAL-NOT: __kmpc_fork_call

// sum_i tanh(sum_j x_ij w_j + i / 100)^2: a matrix-vector product, an
// elementwise op reading its row index.
func.func @rows(%x: tensor<?x?xf64>, %w: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %hundred = arith.constant 100.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %y = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%z : tensor<?xf64>) -> tensor<?xf64>
  %t = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%y : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%v: f64, %o: f64):
      %i = linalg.index 0 : index
      %i64 = arith.index_cast %i : index to i64
      %fi = arith.sitofp %i64 : i64 to f64
      %shift = arith.divf %fi, %hundred : f64
      %s = arith.addf %v, %shift : f64
      %th = math.tanh %s : f64
      %sq = arith.mulf %th, %th : f64
      linalg.yield %sq : f64
  } -> tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %sum = linalg.reduce ins(%t : tensor<?xf64>) outs(%s0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %acc, %in : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %sum[] : tensor<f64>
  return %r : f64
}

// sum of squares of a convolution (NCHW, FCHW).
func.func @conv(%in: tensor<2x3x34x34xf64>, %filter: tensor<8x3x3x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<2x8x32x32xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2x8x32x32xf64>) -> tensor<2x8x32x32xf64>
  %c = linalg.conv_2d_nchw_fchw {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
      ins(%in, %filter : tensor<2x3x34x34xf64>, tensor<8x3x3x3xf64>) outs(%z : tensor<2x8x32x32xf64>) -> tensor<2x8x32x32xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [affine_map<(n, f, h, w) -> (n, f, h, w)>, affine_map<(n, f, h, w) -> ()>],
                         iterator_types = ["reduction", "reduction", "reduction", "reduction"]}
      ins(%c : tensor<2x8x32x32xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %sq = arith.mulf %v, %v : f64
      %a = arith.addf %acc, %sq : f64
      linalg.yield %a : f64
  } -> tensor<f64>
  %r = tensor.extract %sum[] : tensor<f64>
  return %r : f64
}

// A user's scf.forall: row i of x scaled by s_i, then sum_ij (s_i x_ij)^3.
func.func @scale(%x: tensor<?x100xf64>, %s: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?x100xf64>
  %e = tensor.empty(%n) : tensor<?x100xf64>
  %scaled = scf.forall (%i) in (%n) shared_outs(%o = %e) -> (tensor<?x100xf64>) {
    %row = tensor.extract_slice %x[%i, 0] [1, 100] [1, 1] : tensor<?x100xf64> to tensor<100xf64>
    %si = tensor.extract %s[%i] : tensor<?xf64>
    %er = tensor.empty() : tensor<100xf64>
    %r = linalg.generic {indexing_maps = [affine_map<(j) -> (j)>, affine_map<(j) -> (j)>], iterator_types = ["parallel"]}
        ins(%row : tensor<100xf64>) outs(%er : tensor<100xf64>) {
      ^bb0(%v: f64, %u: f64):
        %p = arith.mulf %v, %si : f64
        linalg.yield %p : f64
    } -> tensor<100xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %o[%i, 0] [1, 100] [1, 1] : tensor<100xf64> into tensor<?x100xf64>
    }
  }
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                         iterator_types = ["reduction", "reduction"]}
      ins(%scaled : tensor<?x100xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %c = arith.mulf %v, %v : f64
      %c3 = arith.mulf %c, %v : f64
      %a = arith.addf %acc, %c3 : f64
      linalg.yield %a : f64
  } -> tensor<f64>
  %r = tensor.extract %sum[] : tensor<f64>
  return %r : f64
}

// Reductions with no usable parallel dimension run on private copies per
// thread, folded in chunk order: logsumexp over every element (a max and a
// sum to scalars) plus the squared column sums of x * w (3 columns reduced
// over the rows); w's adjoint reduces over the rows too.
func.func @pool(%x: tensor<?x3xf64>, %w: tensor<3xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %n = tensor.dim %x, %c0 : tensor<?x3xf64>
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %xw = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%x, %w : tensor<?x3xf64>, tensor<3xf64>) outs(%e : tensor<?x3xf64>) {
    ^bb0(%a: f64, %b: f64, %o: f64):
      %p = arith.mulf %a, %b : f64
      linalg.yield %p : f64
  } -> tensor<?x3xf64>
  %es = tensor.empty() : tensor<f64>
  %m0 = linalg.fill ins(%ninf : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %mt = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                        iterator_types = ["reduction", "reduction"]}
      ins(%xw : tensor<?x3xf64>) outs(%m0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %mx = arith.maxnumf %acc, %v : f64
      linalg.yield %mx : f64
  } -> tensor<f64>
  %m = tensor.extract %mt[] : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %st = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                        iterator_types = ["reduction", "reduction"]}
      ins(%xw : tensor<?x3xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %d = arith.subf %v, %m : f64
      %ex = math.exp %d : f64
      %a = arith.addf %acc, %ex : f64
      linalg.yield %a : f64
  } -> tensor<f64>
  %s = tensor.extract %st[] : tensor<f64>
  %l = math.log %s : f64
  %lse = arith.addf %l, %m : f64
  %e3 = tensor.empty() : tensor<3xf64>
  %z3 = linalg.fill ins(%zero : f64) outs(%e3 : tensor<3xf64>) -> tensor<3xf64>
  %cols = linalg.reduce ins(%xw : tensor<?x3xf64>) outs(%z3 : tensor<3xf64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %acc, %in : f64
      linalg.yield %a : f64
    }
  %q0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %qt = linalg.generic {indexing_maps = [affine_map<(j) -> (j)>, affine_map<(j) -> ()>], iterator_types = ["reduction"]}
      ins(%cols : tensor<3xf64>) outs(%q0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %sq = arith.mulf %v, %v : f64
      %a = arith.addf %acc, %sq : f64
      linalg.yield %a : f64
  } -> tensor<f64>
  %q = tensor.extract %qt[] : tensor<f64>
  %r = arith.addf %lse, %q : f64
  return %r : f64
}

// sum_i sin(x_i y_i) + max_i x_i y_i, by a user's scf.parallel with two
// reductions.
func.func @dot(%x: tensor<?xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %r:2 = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero, %ninf) -> (f64, f64) {
    %a = tensor.extract %x[%i] : tensor<?xf64>
    %b = tensor.extract %y[%i] : tensor<?xf64>
    %p = arith.mulf %a, %b : f64
    %s = math.sin %p : f64
    scf.reduce(%s, %p : f64, f64) {
      ^bb0(%l: f64, %rr: f64):
        %t = arith.addf %l, %rr : f64
        scf.reduce.return %t : f64
    }, {
      ^bb0(%l: f64, %rr: f64):
        %t = arith.maxnumf %l, %rr : f64
        scf.reduce.return %t : f64
    }
  }
  %sum = arith.addf %r#0, %r#1 : f64
  return %sum : f64
}
