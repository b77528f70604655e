// tensor.reshape (the adjoint is reshaped back), linalg.pack and
// linalg.unpack (rewritten as pad / expand_shape / transpose and their
// inverses), static and dynamic shapes; checked by finite differences.
// RUN: rewind-run %s --entry reshape --args '[[[0.5, -1, 2], [0.25, 3, 1.5]]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry reshaped --args '[[0.5, -1, 2, 0.25, 3, 1.5, 0.7, -0.2]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry pack --args '[[[0.5, -1, 2, 0.3, 0.1], [0.25, 3, 1.5, -2, 0.6], [1, 2, 3, 4, 5]], 0.75]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry unpack --args '[[[[[0.5, -1], [2, 0.3]], [[0.1, 0.25], [3, 1.5]]], [[[0.7, -0.3], [1.2, 0.4]], [[-2, 0.9], [0.6, 1.1]]]]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// FD: check: max relative error

func.func @reshape(%x: tensor<2x3xf64>) -> f64 {
  %shape = arith.constant dense<[3, 2]> : tensor<2xindex>
  %y = tensor.reshape %x(%shape) : (tensor<2x3xf64>, tensor<2xindex>) -> tensor<3x2xf64>
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf64>
  %s = math.sin %y : tensor<3x2xf64>
  %p = arith.mulf %s, %w : tensor<3x2xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %r = linalg.reduce ins(%p : tensor<3x2xf64>) outs(%init : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) {
      %t = arith.addf %in, %acc : f64
      linalg.yield %t : f64
    }
  %e = tensor.extract %r[] : tensor<f64>
  return %e : f64
}

// A dynamic 1-D tensor reshaped to ?x2: sum_ij y_ij^2 * (j + 1).
func.func @reshaped(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %rows = arith.divui %n, %c2 : index
  %shape = tensor.from_elements %rows, %c2 : tensor<2xindex>
  %y = tensor.reshape %x(%shape) : (tensor<?xf64>, tensor<2xindex>) -> tensor<?x2xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>],
                       iterator_types = ["reduction", "reduction"]}
      ins(%y : tensor<?x2xf64>) outs(%init : tensor<f64>) {
    ^bb0(%in: f64, %acc: f64):
      %j = linalg.index 1 : index
      %ji = arith.index_cast %j : index to i64
      %jf = arith.sitofp %ji : i64 to f64
      %one = arith.constant 1.0 : f64
      %w = arith.addf %jf, %one : f64
      %sq = arith.mulf %in, %in : f64
      %t = arith.mulf %sq, %w : f64
      %u = arith.addf %t, %acc : f64
      linalg.yield %u : f64
  } -> tensor<f64>
  %e = tensor.extract %r[] : tensor<f64>
  return %e : f64
}

// 3x5 packed into 2x2 blocks of 2x3 (padded with %pad, which gets the
// adjoint of the padding): sum(tanh(packed) * weights).
func.func @pack(%x: tensor<3x5xf64>, %pad: f64) -> f64 {
  %e = tensor.empty() : tensor<2x2x2x3xf64>
  %p = linalg.pack %x padding_value(%pad : f64) inner_dims_pos = [0, 1] inner_tiles = [2, 3] into %e : tensor<3x5xf64> -> tensor<2x2x2x3xf64>
  %t = math.tanh %p : tensor<2x2x2x3xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %r = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> ()>],
                       iterator_types = ["reduction", "reduction", "reduction", "reduction"]}
      ins(%t : tensor<2x2x2x3xf64>) outs(%init : tensor<f64>) {
    ^bb0(%in: f64, %acc: f64):
      %a = linalg.index 0 : index
      %d = linalg.index 3 : index
      %ad = arith.addi %a, %d : index
      %ai = arith.index_cast %ad : index to i64
      %w = arith.sitofp %ai : i64 to f64
      %one = arith.constant 1.0 : f64
      %w1 = arith.addf %w, %one : f64
      %m = arith.mulf %in, %w1 : f64
      %u = arith.addf %m, %acc : f64
      linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}

// 2x2 blocks of 2x2 unpacked into 3x3 (the last row and column of blocks
// are dropped): sum(sin(y) * y).
func.func @unpack(%x: tensor<2x2x2x2xf64>) -> f64 {
  %e = tensor.empty() : tensor<3x3xf64>
  %y = linalg.unpack %x inner_dims_pos = [0, 1] inner_tiles = [2, 2] into %e : tensor<2x2x2x2xf64> -> tensor<3x3xf64>
  %s = math.sin %y : tensor<3x3xf64>
  %p = arith.mulf %s, %y : tensor<3x3xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %r = linalg.reduce ins(%p : tensor<3x3xf64>) outs(%init : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) {
      %t = arith.addf %in, %acc : f64
      linalg.yield %t : f64
    }
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}
