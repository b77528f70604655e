// Max/min reductions share the adjoint evenly among tied elements (as the
// scalar arith.maximumf rule, JAX and PyTorch do); finite differences agree.
// RUN: rewind-run %s --entry maxtie --args '[[0.5, 0.5, 0.2]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s
// CHECK: {"value": 0.5, "gradient": {{\[\[}}0.5, 0.5, 0.0{{\]\]}}, "max_rel_error":
// No tie: the whole adjoint goes to the maximum.
// RUN: rewind-run %s --entry maxtie --args '[[0.5, 0.7, 0.2]]' --grad --json | FileCheck %s --check-prefix=NOTIE
// NOTIE: {"value": 0.7, "gradient": {{\[\[}}0.0, 1.0, 0.0{{\]\]}}}
// Forward mode shares the tangent the same way: the mean of the tied
// elements' tangents, (3 + 6 + 9) / 3 (a pairwise max would give
// ((3 + 6) / 2 + 9) / 2 = 6.75), so the tangent is <gradient, v>.
// RUN: rewind-run %s --entry maxtie --args '[[0.5, 0.5, 0.5]]' --jvp '[[3, 6, 9]]' --json | FileCheck %s --check-prefix=JVP
// JVP: {"value": 0.5, "tangent": 6.0}
#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>
func.func @maxtie(%x: tensor<3xf64>) -> f64 {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%ninf : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%x : tensor<3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %u = arith.maximumf %acc, %p : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
