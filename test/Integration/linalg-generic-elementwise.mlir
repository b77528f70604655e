// linalg.generic, elementwise (identity maps, all parallel), f64: three inputs
// and a body using sin, exp, divf; then a generic whose body reads its output's
// init (an active tensor, here also an input of the first op).
// r = sum((a sin(b) + exp(c)/a) * (c + a))
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.2, 0.9, -0.4], [1.3, -0.6, 0.75]], [[-0.3, 0.45, 0.1], [0.6, -0.15, 0.35]]]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.2, 0.9, -0.4], [1.3, -0.6, 0.75]], [[-0.3, 0.45, 0.1], [0.6, -0.15, 0.35]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 8.965512942{{[0-9]*}}, "gradient": [
// CHECK-SAME: {{\[\[}}1.028050396{{[0-9]*}}, -2.057494074{{[0-9]*}}, -0.8346941378{{[0-9]*}}], [1.794432935{{[0-9]*}}, 1.180424181{{[0-9]*}}, -1.729340375{{[0-9]*}}]],
// CHECK-SAME: {{\[\[}}0.09800665778{{[0-9]*}}, 0.6216099682{{[0-9]*}}, 0.6631639156{{[0-9]*}}], [0.5002228095{{[0-9]*}}, 0.03714010267{{[0-9]*}}, 0.1792637728{{[0-9]*}}]],
// CHECK-SAME: {{\[\[}}1.877298395{{[0-9]*}}, -1.230088586{{[0-9]*}}, 2.313246256{{[0-9]*}}], [5.532387423{{[0-9]*}}, 3.129987834{{[0-9]*}}, -1.794852712{{[0-9]*}}]]
// CHECK-SAME: ]
// CHECK-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#all = affine_map<(i, j) -> ()>

func.func private @total(%t: tensor<2x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<2x3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %u = arith.addf %acc, %p : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Three inputs: t = a sin(b) + exp(c) / a; then u = t * (o + a) with the
// output's init o = c read by the body (an active init); r = sum(u).
func.func @f(%a: tensor<2x3xf64>, %b: tensor<2x3xf64>, %c: tensor<2x3xf64>) -> f64 {
  %e = tensor.empty() : tensor<2x3xf64>
  %t = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b, %c : tensor<2x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%x: f64, %y: f64, %z: f64, %o: f64):
    %s = math.sin %y : f64
    %p = arith.mulf %x, %s : f64
    %ez = math.exp %z : f64
    %q = arith.divf %ez, %x : f64
    %r = arith.addf %p, %q : f64
    linalg.yield %r : f64
  } -> tensor<2x3xf64>
  %u = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %a : tensor<2x3xf64>, tensor<2x3xf64>) outs(%c : tensor<2x3xf64>) {
  ^bb0(%x: f64, %y: f64, %o: f64):
    %s = arith.addf %o, %y : f64
    %p = arith.mulf %x, %s : f64
    linalg.yield %p : f64
  } -> tensor<2x3xf64>
  %r = func.call @total(%u) : (tensor<2x3xf64>) -> f64
  return %r : f64
}
