// Gathers: linalg and tensor.generate bodies that read an active tensor at
// computed indices (integer tensors passed as arguments, linalg.index,
// fptosi of a floor) get scatter-add adjoints; repeated indices accumulate.
// Checked analytically and by finite differences.
//
// Embedding bag: sum_ij E[idx_i, j] w_j; row 2 is read three times.
// RUN: rewind-run %s --entry embed --args '[[[1, 2], [3, 4], [5, 6]], [2, 0, 2, 2], [0.5, -1]]' --grad --json --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=EMBED
// EMBED: {"value": -12.0, "gradient": {{\[\[\[}}0.5, -1.0], [0.0, 0.0], [1.5, -3.0]], null, [16.0, 20.0]]
// RUN: rewind-run %s --entry embed --args '[[[1, 2], [3, 4], [5, 6]], [2, 0, 2, 2], [0.5, -1]]' --grad --json --vectorize=false | FileCheck %s --check-prefix=EMBED
// Cross-entropy with integer labels: sum_i logsumexp(x_i) - x[i, label_i].
// RUN: rewind-run %s --entry xent --args '[[[1, 2, 0.5], [0.3, -1, 2]], [1, 2]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// The same in f32.
// RUN: rewind-run %s --entry xent32 --args '[[[1, 2, 0.5], [0.3, -1, 2]], [0, 2]]' --grad --check --check-tolerance=1e-3 | FileCheck %s --check-prefix=FD
// Piecewise-linear interpolation in a table at points (two reads each).
// RUN: rewind-run %s --entry interp --args '[[1, 2, 4, 3], [0.5, 1.25, 2.75, 1.5]]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// tensor.generate reading neighbours t[i] and t[i+1].
// RUN: rewind-run %s --entry window --args '[[0.5, 1.5, -1, 2, 0.3]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// FD: check: max relative error
#id = affine_map<(i) -> (i)>
#m2 = affine_map<(i, j) -> (i, j)>
#r = affine_map<(i, j) -> (i)>
#s = affine_map<(i) -> ()>
// Embedding bag: sum_i sum_j E[idx[i], j] * w[j]
func.func @embed(%E: tensor<?x?xf64>, %idx: tensor<?xi64>, %w: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %idx, %c0 : tensor<?xi64>
  %d = tensor.dim %E, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n, %d) : tensor<?x?xf64>
  %rows = linalg.generic {indexing_maps = [#r, affine_map<(i, j) -> (j)>, #m2], iterator_types = ["parallel", "parallel"]}
      ins(%idx, %w : tensor<?xi64>, tensor<?xf64>) outs(%e : tensor<?x?xf64>) {
  ^bb0(%k: i64, %wj: f64, %o: f64):
    %j = linalg.index 1 : index
    %ki = arith.index_cast %k : i64 to index
    %v = tensor.extract %E[%ki, %j] : tensor<?x?xf64>
    %p = arith.mulf %v, %wj : f64
    linalg.yield %p : f64
  } -> tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%rows : tensor<?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) {
      %q = arith.addf %acc, %in : f64
      linalg.yield %q : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
// Cross-entropy with integer labels: sum_i (logsumexp(x_i) - x[i, label_i])
func.func @xent(%x: tensor<?x?xf64>, %label: tensor<?xi32>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %se = linalg.generic {indexing_maps = [#m2, #r], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf64>) outs(%z : tensor<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %ex = math.exp %a : f64
    %t = arith.addf %acc, %ex : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %loss = linalg.generic {indexing_maps = [#id, #id, #s], iterator_types = ["reduction"]}
      ins(%se, %label : tensor<?xf64>, tensor<?xi32>) outs(%i0 : tensor<f64>) {
  ^bb0(%s: f64, %l: i32, %acc: f64):
    %i = linalg.index 0 : index
    %li = arith.index_cast %l : i32 to index
    %picked = tensor.extract %x[%i, %li] : tensor<?x?xf64>
    %lse = math.log %s : f64
    %d = arith.subf %lse, %picked : f64
    %t = arith.addf %acc, %d : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %v = tensor.extract %loss[] : tensor<f64>
  return %v : f64
}
// Piecewise-linear interpolation of a table at points p (indices from floor).
func.func @interp(%table: tensor<?xf64>, %p: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%p : tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%x: f64, %acc: f64):
    %f = math.floor %x : f64
    %k = arith.fptosi %f : f64 to i64
    %ki = arith.index_cast %k : i64 to index
    %c1 = arith.constant 1 : index
    %k1 = arith.addi %ki, %c1 : index
    %lo = tensor.extract %table[%ki] : tensor<?xf64>
    %hi = tensor.extract %table[%k1] : tensor<?xf64>
    %frac = arith.subf %x, %f : f64
    %d = arith.subf %hi, %lo : f64
    %m = arith.mulf %frac, %d : f64
    %y = arith.addf %lo, %m : f64
    %y2 = arith.mulf %y, %y : f64
    %t = arith.addf %acc, %y2 : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}
func.func @xent32(%x: tensor<2x3xf32>, %label: tensor<2xindex>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %se = linalg.generic {indexing_maps = [#m2, #r], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x3xf32>) outs(%z : tensor<2xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %ex = math.exp %a : f32
    %t = arith.addf %acc, %ex : f32
    linalg.yield %t : f32
  } -> tensor<2xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %loss = linalg.generic {indexing_maps = [#id, #id, #s], iterator_types = ["reduction"]}
      ins(%se, %label : tensor<2xf32>, tensor<2xindex>) outs(%i0 : tensor<f32>) {
  ^bb0(%s: f32, %l: index, %acc: f32):
    %i = linalg.index 0 : index
    %picked = tensor.extract %x[%i, %l] : tensor<2x3xf32>
    %lse = math.log %s : f32
    %d = arith.subf %lse, %picked : f32
    %t = arith.addf %acc, %d : f32
    linalg.yield %t : f32
  } -> tensor<f32>
  %v = tensor.extract %loss[] : tensor<f32>
  return %v : f32
}
func.func @window(%t: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %t, %c0 : tensor<?xf64>
  %m = arith.subi %n, %c1 : index
  %g = tensor.generate %m {
  ^bb0(%i: index):
    %a = tensor.extract %t[%i] : tensor<?xf64>
    %i1 = arith.addi %i, %c1 : index
    %b = tensor.extract %t[%i1] : tensor<?xf64>
    %p = arith.mulf %a, %b : f64
    %s = math.sin %p : f64
    tensor.yield %s : f64
  } : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%g : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %q = arith.addf %acc, %in : f64
      linalg.yield %q : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
