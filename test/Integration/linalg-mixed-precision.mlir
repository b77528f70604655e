// Mixed precision in linalg ops: f32 inputs with f64 outputs (arith.extf in a
// generic body; linalg.matmul and linalg.matvec with f32 operands and f64
// results). The f32 arguments' gradients are f32: pinned to 5 digits.
// RUN: rewind-run %s --entry f --args '[[0.5, -0.3, 0.8], [0.2, 0.9, -1.1], [[0.5, -0.3], [0.8, 0.1]], [[0.2, 0.9], [-1.1, 0.4]]]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[[0.5, -0.3, 0.8], [0.2, 0.9, -1.1], [[0.5, -0.3], [0.8, 0.1]], [[0.2, 0.9], [-1.1, 0.4]]]' --grad --json --check --check-tolerance=1e-4 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.6585{{[0-9]*}}, "gradient": [
// CHECK-SAME: [1.4169{{[0-9]*}}, -0.72782{{[0-9]*}}, -1.3415{{[0-9]*}}],
// CHECK-SAME: [0.24968{{[0-9]*}}, 0.089704{{[0-9]*}}, 0.48784{{[0-9]*}}],
// CHECK-SAME: {{\[\[}}1.5046{{[0-9]*}}, -0.90427{{[0-9]*}}], [1.3182{{[0-9]*}}, -1.0883{{[0-9]*}}]],
// CHECK-SAME: {{\[\[}}1.2534{{[0-9]*}}, 1.0528{{[0-9]*}}], [-0.17281{{[0-9]*}}, -0.21132{{[0-9]*}}]]
// CHECK-SAME: ]
// CHECK-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

func.func private @sinsum(%t: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%t : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = math.sin %p : f64
    %u = arith.addf %acc, %q : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// f32 operands, f64 results: a generic extending inside its body, and a
// matmul and a matvec with f32 inputs and f64 outputs (which go through the
// generic rule, the casts being part of the generalized body).
// r = sinsum(x^2 y) + sinsum(flatten(A B)) + sinsum(A x[0:2])
func.func @f(%x: tensor<3xf32>, %y: tensor<3xf64>, %a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> f64 {
  %e = tensor.empty() : tensor<3xf64>
  %t = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<3xf32>, tensor<3xf64>) outs(%e : tensor<3xf64>) {
  ^bb0(%p: f32, %q: f64, %o: f64):
    %pe = arith.extf %p : f32 to f64
    %m = arith.mulf %pe, %q : f64
    %mm = arith.mulf %m, %pe : f64
    linalg.yield %mm : f64
  } -> tensor<3xf64>
  %zero = arith.constant 0.0 : f64
  %e2 = tensor.empty() : tensor<2x2xf64>
  %z2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<2x2xf64>) -> tensor<2x2xf64>
  %mm = linalg.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z2 : tensor<2x2xf64>) -> tensor<2x2xf64>
  %flat = tensor.collapse_shape %mm [[0, 1]] : tensor<2x2xf64> into tensor<4xf64>
  %x2 = tensor.extract_slice %x[0] [2] [1] : tensor<3xf32> to tensor<2xf32>
  %e1 = tensor.empty() : tensor<2xf64>
  %z1 = linalg.fill ins(%zero : f64) outs(%e1 : tensor<2xf64>) -> tensor<2xf64>
  %mv = linalg.matvec ins(%a, %x2 : tensor<2x2xf32>, tensor<2xf32>) outs(%z1 : tensor<2xf64>) -> tensor<2xf64>
  %td = tensor.cast %t : tensor<3xf64> to tensor<?xf64>
  %fd = tensor.cast %flat : tensor<4xf64> to tensor<?xf64>
  %mvd = tensor.cast %mv : tensor<2xf64> to tensor<?xf64>
  %s0 = func.call @sinsum(%td) : (tensor<?xf64>) -> f64
  %s1 = func.call @sinsum(%fd) : (tensor<?xf64>) -> f64
  %s2 = func.call @sinsum(%mvd) : (tensor<?xf64>) -> f64
  %p = arith.addf %s0, %s1 : f64
  %r = arith.addf %p, %s2 : f64
  return %r : f64
}
