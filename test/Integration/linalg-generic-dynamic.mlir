// linalg.generic on dynamic shapes (tensor<?x?xf64>, 3x4 here), f64: an op
// with identity, transposed, row- and column-broadcast inputs, a row reduction
// into an active init, a column reduction with the reduced loop first, and
// 1-d full reductions. Sizes of the adjoints come from the primal operands.
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [[0.3, -0.8, 1.1], [0.45, 0.9, 0.15], [-1.2, 0.6, -0.5], [0.75, 0.2, -0.95]], [0.9, -0.4, 1.3, 0.6], [0.25, -0.6, 0.1]]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [[0.3, -0.8, 1.1], [0.45, 0.9, 0.15], [-1.2, 0.6, -0.5], [0.75, 0.2, -0.95]], [0.9, -0.4, 1.3, 0.6], [0.25, -0.6, 0.1]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": -0.9922705849{{[0-9]*}}, "gradient": [
// CHECK-SAME: {{\[\[}}2.461589333{{[0-9]*}}, -5.220552623{{[0-9]*}}, -5.152261644{{[0-9]*}}, 1.368091586{{[0-9]*}}], [-9.253283188{{[0-9]*}}, 3.497052231{{[0-9]*}}, -7.267780883{{[0-9]*}}, -2.550863855{{[0-9]*}}], [2.371479916{{[0-9]*}}, 0.7369991232{{[0-9]*}}, 1.384026243{{[0-9]*}}, -6.202175995{{[0-9]*}}]],
// CHECK-SAME: {{\[\[}}1.109145455{{[0-9]*}}, 4.078168385{{[0-9]*}}, 0.1623575171{{[0-9]*}}], [6.063141806{{[0-9]*}}, 0.3554555432{{[0-9]*}}, 2.001671486{{[0-9]*}}], [1.854484793{{[0-9]*}}, 1.832063731{{[0-9]*}}, 0.1203062826{{[0-9]*}}], [0.03855339101{{[0-9]*}}, 0.8840019673{{[0-9]*}}, 2.719386351{{[0-9]*}}]],
// CHECK-SAME: [-2.847198035{{[0-9]*}}, -1.861710725{{[0-9]*}}, 2.649853704{{[0-9]*}}, 1.740561554{{[0-9]*}}],
// CHECK-SAME: [9.592297320{{[0-9]*}}, -0.3714553248{{[0-9]*}}, 1.021205986{{[0-9]*}}]
// CHECK-SAME: ]
// CHECK-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>

// Dynamic shapes throughout: x (n x m), y (m x n, read transposed), b (m),
// c (n). t = sin(x * y^T) + b(j) * c(i); u(i) = sum_j t(i,j)^2 (into an
// active init c); v(j) = sum_i t(i,j) * x(i,j); r = sum(u) * sum(v).
func.func @f(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>, %b: tensor<?xf64>, %c: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %m = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n, %m) : tensor<?x?xf64>
  %t = linalg.generic {indexing_maps = [#id, #tr, #col, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y, %b, %c : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?x?xf64>) {
  ^bb0(%xv: f64, %yv: f64, %bv: f64, %cv: f64, %o: f64):
    %p = arith.mulf %xv, %yv : f64
    %s = math.sin %p : f64
    %q = arith.mulf %bv, %cv : f64
    %r = arith.addf %s, %q : f64
    linalg.yield %r : f64
  } -> tensor<?x?xf64>
  %u = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%t : tensor<?x?xf64>) outs(%c : tensor<?xf64>) {
  ^bb0(%tv: f64, %acc: f64):
    %sq = arith.mulf %tv, %tv : f64
    %s = arith.addf %acc, %sq : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %em = tensor.empty(%m) : tensor<?xf64>
  %zm = linalg.fill ins(%zero : f64) outs(%em : tensor<?xf64>) -> tensor<?xf64>
  %v = linalg.generic {indexing_maps = [#id, #id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%t, %x : tensor<?x?xf64>, tensor<?x?xf64>) outs(%zm : tensor<?xf64>) {
  ^bb0(%tv: f64, %xv: f64, %acc: f64):
    %p = arith.mulf %tv, %xv : f64
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %su = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%u : tensor<?xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %sv = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%v : tensor<?xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %a = tensor.extract %su[] : tensor<f64>
  %bb = tensor.extract %sv[] : tensor<f64>
  %r = arith.mulf %a, %bb : f64
  return %r : f64
}
