// The Hessian-vector product of a min-reduction (reverse over forward): the
// tangent of the reduction is a sum over the terms equal to the minimum, so
// the reverse sweep has no loop over the reduced dimension, and no generic
// that only keeps its output (the adjoint of that sum's initial value) is
// left reading the whole input. H v against central differences of the
// gradient; f = sum_i min_j x_ij^2, so H v is 2 v at each row's minimum.
// RUN: rewind-run %s --entry f --args '[[[1, 2, 3, 4, 5], [0.5, 0.1, 3, 4, 5], [1, 2, -3, 4, 5], [1, 1.5, 1.2, 1.1, 0.3]]]' --grad --hvp '[[[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]]' --check --check-tolerance=1e-6 | FileCheck %s
// CHECK: hvp #0: tensor<4x5xf64> = {{\[\[}}2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 4.0, 0.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 10.0]]
// CHECK: check: max relative error
// RUN: rewind-run %s --entry f --args '[[[1, 2, 3, 4, 5], [0.5, 0.1, 3, 4, 5], [1, 2, -3, 4, 5], [1, 1.5, 1.2, 1.1, 0.3]]]' --grad --hvp '[[[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]]' --emit=mlir | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @__rewind_hvp
// IR-NOT: scf.for
// IR-NOT: linalg.yield %out :
// IR: return
func.func @f(%x: tensor<4x5xf64>) -> f64 {
  %inf = arith.constant 0x7FF0000000000000 : f64
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<4xf64>
  %init = linalg.fill ins(%inf : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x5xf64>) outs(%init : tensor<4xf64>) {
    ^bb0(%v: f64, %acc: f64):
      %s = arith.mulf %v, %v : f64
      %m = arith.minnumf %s, %acc : f64
      linalg.yield %m : f64
  } -> tensor<4xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %t = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%r : tensor<4xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %a = arith.addf %acc, %v : f64
      linalg.yield %a : f64
  } -> tensor<f64>
  %v = tensor.extract %t[] : tensor<f64>
  return %v : f64
}
