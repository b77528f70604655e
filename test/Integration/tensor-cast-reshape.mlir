// tensor.cast, tensor.expand_shape and tensor.collapse_shape, f64, static and
// dynamic. The adjoint of an expand is a collapse of the adjoint and vice versa
// (to the primal's dynamic sizes); a cast's adjoint is cast back.
// static:  r = sum(sin(x.reshape(2,3)) * w) + sum((x.reshape(2,3) * m).flat * x) + sum(exp(m))
// dynamic: r = sum((sin(x.reshape(-1,3)) * w).flat * x), x of length 9
// RUN: rewind-run %s --entry static --args '[[0.4, -1.3, 0.9, 2.1, -0.2, 0.75], [[0.1, -0.6, 0.35], [1.2, 0.05, -0.9]]]' --grad --json | FileCheck %s --check-prefix=STATIC
// RUN: rewind-run %s --entry static --args '[[0.4, -1.3, 0.9, 2.1, -0.2, 0.75], [[0.1, -0.6, 0.35], [1.2, 0.05, -0.9]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=STATIC,STATIC-FD
// RUN: rewind-run %s --entry dynamic --args '[[0.4, -1.3, 0.9, 2.1, -0.2, 0.75, 1.6, -0.45, 0.3]]' --grad --json | FileCheck %s --check-prefix=DYN
// RUN: rewind-run %s --entry dynamic --args '[[0.4, -1.3, 0.9, 2.1, -0.2, 0.75, 1.6, -0.45, 0.3]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=DYN,DYN-FD

// STATIC: {"value": 17.31424444{{[0-9]*}}, "gradient": [
// STATIC-SAME: [1.46159149{{[0-9]*}}, 1.426250585{{[0-9]*}}, 1.873219936{{[0-9]*}}, 4.282730843{{[0-9]*}}, -0.5100332889{{[0-9]*}}, 0.1133777377{{[0-9]*}}],
// STATIC-SAME: {{\[\[}}1.265170918{{[0-9]*}}, 2.238811636{{[0-9]*}}, 2.229067548{{[0-9]*}}], [7.730116922{{[0-9]*}}, 1.091271096{{[0-9]*}}, 0.9690696597{{[0-9]*}}]]
// STATIC-SAME: ]
// STATIC-FD-SAME: "max_rel_error":

// DYN: {"value": 7.217448860{{[0-9]*}}, "gradient": [
// DYN-SAME: [1.136764109{{[0-9]*}}, 0.6556533313{{[0-9]*}}, 2.685551762{{[0-9]*}}, -0.2954511795{{[0-9]*}}, 0.1973413231{{[0-9]*}}, 2.460810823{{[0-9]*}}, 1.429281551{{[0-9]*}}, 0.4200833650{{[0-9]*}}, 1.164242306{{[0-9]*}}]
// DYN-SAME: ]
// DYN-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>
#all2 = affine_map<(i, j) -> ()>
#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>
#id3 = affine_map<(i, j, k) -> (i, j, k)>
#all3 = affine_map<(i, j, k) -> ()>

// x (6) -> 2x3 -> cast ?x3 -> sum_ij sin(e_ij) w_j, plus collapse of a 2x3
// product back to 6 and of 1x2x3 to 6.
func.func @static(%x: tensor<6xf64>, %m: tensor<2x3xf64>) -> f64 {
  %e = tensor.expand_shape %x [[0, 1]] output_shape [2, 3] : tensor<6xf64> into tensor<2x3xf64>
  %d = tensor.cast %e : tensor<2x3xf64> to tensor<?x3xf64>
  %back = tensor.cast %d : tensor<?x3xf64> to tensor<2x3xf64>
  %w = arith.constant dense<[1.5, -0.5, 2.0]> : tensor<3xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id2, #col, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%back, %w : tensor<2x3xf64>, tensor<3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %s = math.sin %p : f64
    %t = arith.mulf %s, %q : f64
    %u = arith.addf %acc, %t : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  // c = collapse(e * m) : 6, then + sum(c * x)
  %pe = tensor.empty() : tensor<2x3xf64>
  %prod = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%e, %m : tensor<2x3xf64>, tensor<2x3xf64>) outs(%pe : tensor<2x3xf64>) {
  ^bb0(%p: f64, %q: f64, %o: f64):
    %t = arith.mulf %p, %q : f64
    linalg.yield %t : f64
  } -> tensor<2x3xf64>
  %c = tensor.collapse_shape %prod [[0, 1]] : tensor<2x3xf64> into tensor<6xf64>
  %b = linalg.generic {indexing_maps = [#id1, #id1, #all1], iterator_types = ["reduction"]}
      ins(%c, %x : tensor<6xf64>, tensor<6xf64>) outs(%a : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %t = arith.mulf %p, %q : f64
    %u = arith.addf %acc, %t : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  // 3-d: m -> 1x2x3 -> 6 -> sum(exp(.))
  %m3 = tensor.expand_shape %m [[0, 1], [2]] output_shape [1, 2, 3] : tensor<2x3xf64> into tensor<1x2x3xf64>
  %flat = tensor.collapse_shape %m3 [[0, 1, 2]] : tensor<1x2x3xf64> into tensor<6xf64>
  %dyn = tensor.cast %flat : tensor<6xf64> to tensor<?xf64>
  %st = tensor.cast %dyn : tensor<?xf64> to tensor<6xf64>
  %g = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%st : tensor<6xf64>) outs(%b : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %t = math.exp %p : f64
    %u = arith.addf %acc, %t : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %g[] : tensor<f64>
  return %r : f64
}

// Dynamic: x (3n) -> ?x3 -> collapse to 3n; the adjoint of the collapse
// expands back to the primal's dynamic sizes.
func.func @dynamic(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %len = tensor.dim %x, %c0 : tensor<?xf64>
  %rows = arith.divui %len, %c3 : index
  %e = tensor.expand_shape %x [[0, 1]] output_shape [%rows, 3] : tensor<?xf64> into tensor<?x3xf64>
  %w = arith.constant dense<[1.5, -0.5, 2.0]> : tensor<3xf64>
  %pe = tensor.empty(%rows) : tensor<?x3xf64>
  %prod = linalg.generic {indexing_maps = [#id2, #col, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%e, %w : tensor<?x3xf64>, tensor<3xf64>) outs(%pe : tensor<?x3xf64>) {
  ^bb0(%p: f64, %q: f64, %o: f64):
    %s = math.sin %p : f64
    %t = arith.mulf %s, %q : f64
    linalg.yield %t : f64
  } -> tensor<?x3xf64>
  %c = tensor.collapse_shape %prod [[0, 1]] : tensor<?x3xf64> into tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %b = linalg.generic {indexing_maps = [#id1, #id1, #all1], iterator_types = ["reduction"]}
      ins(%c, %x : tensor<?xf64>, tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %t = arith.mulf %p, %q : f64
    %u = arith.addf %acc, %t : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %b[] : tensor<f64>
  return %r : f64
}
