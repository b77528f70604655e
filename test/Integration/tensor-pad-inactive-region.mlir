// A tensor.pad whose padding value its region computes from the indices only
// (nothing active) differentiates: the source's adjoint is the interior slice.
// RUN: rewind-run %s --entry f --args '[[0.5, -0.3]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s
// CHECK: {"value": 0.32502534000273{{[0-9]*}}, "gradient": {{\[\[}}0.87758256189037{{[0-9]*}}, 0.95533648912560{{[0-9]*}}{{\]\]}}, "max_rel_error":
func.func @f(%x: tensor<2xf64>) -> f64 {
  %t = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f64
    tensor.yield %f : f64
  } : tensor<2xf64> to tensor<4xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%t : tensor<4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = math.sin %p : f64
    %u = arith.addf %acc, %q : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
