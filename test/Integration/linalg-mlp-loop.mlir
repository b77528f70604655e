// linalg ops inside loops, f64: an MLP over L = 3 layers whose weights are
// rank-reducing extract_slices of stacked dynamic tensors at the induction
// variable (the matvec's init is the bias slice), and an scf.while carrying a
// matrix and a vector updated by matvec and an outer-product generic that
// reads its init (3 iterations).
// RUN: rewind-run %s --entry mlp --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194], [0.899, 0.287, -0.745]], [[-0.686, 0.378, 0.888], [0.097, -0.836, -0.544], [0.545, 0.836, -0.098]], [[-0.888, -0.377, 0.686], [0.745, -0.288, -0.899], [-0.193, 0.795, 0.618]]], [[0.1, -0.2, 0.05], [0.3, -0.4, 0.25], [-0.15, 0.2, 0.1]], [0.9, -0.4, 1.3], [0.2, -0.5, 0.35]]' --grad --json | FileCheck %s --check-prefix=NET
// RUN: rewind-run %s --entry mlp --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194], [0.899, 0.287, -0.745]], [[-0.686, 0.378, 0.888], [0.097, -0.836, -0.544], [0.545, 0.836, -0.098]], [[-0.888, -0.377, 0.686], [0.745, -0.288, -0.899], [-0.193, 0.795, 0.618]]], [[0.1, -0.2, 0.05], [0.3, -0.4, 0.25], [-0.15, 0.2, 0.1]], [0.9, -0.4, 1.3], [0.2, -0.5, 0.35]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=NET,NET-FD
// RUN: rewind-run %s --entry steps --args '[[[0.8, -0.3], [0.4, 0.6]], [0.5, -1.1], 3]' --grad --json | FileCheck %s --check-prefix=STEPS
// RUN: rewind-run %s --entry steps --args '[[[0.8, -0.3], [0.4, 0.6]], [0.5, -1.1], 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=STEPS,STEPS-FD

// NET: {"value": 0.1150552323{{[0-9]*}}, "gradient": [
// NET-SAME: {{\[\[\[}}-0.4777045335{{[0-9]*}}, 0.2123131260{{[0-9]*}}, -0.6900176596{{[0-9]*}}], [-0.001563146101{{[0-9]*}}, 0.0006947316006{{[0-9]*}}, -0.002257877702{{[0-9]*}}], [0.5138281535{{[0-9]*}}, -0.2283680682{{[0-9]*}}, 0.7421962217{{[0-9]*}}]], {{\[\[}}0.1319046900{{[0-9]*}}, -0.07124882420{{[0-9]*}}, -0.08504083617{{[0-9]*}}], [-0.1280530167{{[0-9]*}}, 0.06916832808{{[0-9]*}}, 0.08255760740{{[0-9]*}}], [-0.1884298476{{[0-9]*}}, 0.1017811048{{[0-9]*}}, 0.1214834119{{[0-9]*}}]], {{\[\[}}-0.02085909840{{[0-9]*}}, -0.009724063867{{[0-9]*}}, 0.03108662864{{[0-9]*}}], [-0.1209306294{{[0-9]*}}, -0.05637526326{{[0-9]*}}, 0.1802247391{{[0-9]*}}], [0.04017815305{{[0-9]*}}, 0.01873019239{{[0-9]*}}, -0.05987810687{{[0-9]*}}]]],
// NET-SAME: {{\[\[}}-0.5307828150{{[0-9]*}}, -0.001736829001{{[0-9]*}}, 0.5709201705{{[0-9]*}}], [0.3856421116{{[0-9]*}}, -0.3743811971{{[0-9]*}}, -0.5509014450{{[0-9]*}}], [0.1055306766{{[0-9]*}}, 0.6118141304{{[0-9]*}}, -0.2032699399{{[0-9]*}}]],
// NET-SAME: [0.5143323304{{[0-9]*}}, -0.2949538326{{[0-9]*}}, -0.6719556980{{[0-9]*}}],
// NET-SAME: [-0.1129615579{{[0-9]*}}, -0.6331188603{{[0-9]*}}, 0.2159192546{{[0-9]*}}]
// NET-SAME: ]
// NET-FD-SAME: "max_rel_error":

// STEPS: {"value": 1.041272859{{[0-9]*}}, "gradient": [
// STEPS-SAME: {{\[\[}}0.8651031613{{[0-9]*}}, -0.01859684168{{[0-9]*}}], [0.8188167612{{[0-9]*}}, 0.9948001695{{[0-9]*}}]],
// STEPS-SAME: [-0.2476805559{{[0-9]*}}, 0.1988698536{{[0-9]*}}],
// STEPS-SAME: null
// STEPS-SAME: ]
// STEPS-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

// A small MLP: L layers (L from the data), the weights of layer l sliced out
// of stacked tensors with the induction variable:
//   h <- tanh(W[l] h + b[l]);  loss = sum((h - t)^2)
func.func @mlp(%w: tensor<?x3x3xf64>, %b: tensor<?x3xf64>, %x: tensor<3xf64>, %t: tensor<3xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %layers = tensor.dim %w, %c0 : tensor<?x3x3xf64>
  %h = scf.for %l = %c0 to %layers step %c1 iter_args(%h = %x) -> (tensor<3xf64>) {
    %wl = tensor.extract_slice %w[%l, 0, 0] [1, 3, 3] [1, 1, 1] : tensor<?x3x3xf64> to tensor<3x3xf64>
    %bl = tensor.extract_slice %b[%l, 0] [1, 3] [1, 1] : tensor<?x3xf64> to tensor<3xf64>
    %m = linalg.matvec ins(%wl, %h : tensor<3x3xf64>, tensor<3xf64>) outs(%bl : tensor<3xf64>) -> tensor<3xf64>
    %e = tensor.empty() : tensor<3xf64>
    %a = linalg.tanh ins(%m : tensor<3xf64>) outs(%e : tensor<3xf64>) -> tensor<3xf64>
    scf.yield %a : tensor<3xf64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #id1, #all1], iterator_types = ["reduction"]}
      ins(%h, %t : tensor<3xf64>, tensor<3xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %d = arith.subf %p, %q : f64
    %dd = arith.mulf %d, %d : f64
    %u = arith.addf %acc, %dd : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Gradient-descent steps inside the program: the matrix m is updated in a
// while loop (v <- m v; m <- m - 0.1 * v v^T with linalg.generic outer
// product) while the iteration counter is below n; r = sum(m * m).
func.func @steps(%m0: tensor<2x2xf64>, %v0: tensor<2xf64>, %n: i32) -> f64 {
  %zero = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %res:3 = scf.while (%k = %c0, %m = %m0, %v = %v0) : (i32, tensor<2x2xf64>, tensor<2xf64>) -> (i32, tensor<2x2xf64>, tensor<2xf64>) {
    %go = arith.cmpi slt, %k, %n : i32
    scf.condition(%go) %k, %m, %v : i32, tensor<2x2xf64>, tensor<2xf64>
  } do {
  ^bb0(%k: i32, %m: tensor<2x2xf64>, %v: tensor<2xf64>):
    %e = tensor.empty() : tensor<2xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>
    %mv = linalg.matvec ins(%m, %v : tensor<2x2xf64>, tensor<2xf64>) outs(%z : tensor<2xf64>) -> tensor<2xf64>
    %m2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
        ins(%mv, %mv : tensor<2xf64>, tensor<2xf64>) outs(%m : tensor<2x2xf64>) {
    ^bb0(%p: f64, %q: f64, %o: f64):
      %pq = arith.mulf %p, %q : f64
      %lr = arith.constant 0.1 : f64
      %s = arith.mulf %pq, %lr : f64
      %n2 = arith.subf %o, %s : f64
      linalg.yield %n2 : f64
    } -> tensor<2x2xf64>
    %k2 = arith.addi %k, %c1 : i32
    scf.yield %k2, %m2, %mv : i32, tensor<2x2xf64>, tensor<2xf64>
  }
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>], iterator_types = ["reduction", "reduction"]}
      ins(%res#1 : tensor<2x2xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %pp = arith.mulf %p, %p : f64
    %u = arith.addf %acc, %pp : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
