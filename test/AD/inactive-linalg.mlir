// RUN: rewind-opt %s --rewind-forward-mode | FileCheck %s --check-prefix=FWD
// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s --check-prefix=REV

// Ops no derivative flows through are copied as they are, in both modes: an
// argmin's reduction (a select, no closed form) stays one linalg.generic
// rather than becoming loops, and forward mode computes no tangent for the
// distances that only feed it (their only path to the result is an index).
//
// The numbers, against finite differences and by hand: points 3, 4 and 5
// are nearest to centroid 2 (4, 4), points 1 and 2 to centroid 3 (1, 1),
// none to centroid 1; the gradient is 2 sum (c - a) over a centroid's
// points, the Hessian 2 (number of points) on the diagonal.
// RUN: rewind-run %s --entry nearest --args '[[[1, 2], [3, 4], [0.2, 0.9], [5, 5.5], [3.5, 4.5]], [[0, 0], [4, 4], [1, 1]]]' --grad --wrt 1 --hvp '[null, [[1, 1], [1, 1], [1, 1]]]' --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=NUM
// NUM: value: f64 = 6.4
// NUM: gradient #1: tensor<3x2xf64> = {{\[\[}}0.0, 0.0], [1.0, -4.0], [1.6, -1.8]]
// NUM: hvp #1: tensor<3x2xf64> = {{\[\[}}0.0, 0.0], [6.0, 6.0], [4.0, 4.0]]
// NUM: check: max relative error
// RUN: rewind-run %s --entry nearest --args '[[[1, 2], [3, 4], [0.2, 0.9], [5, 5.5], [3.5, 4.5]], [[0, 0], [4, 4], [1, 1]]]' --jvp '[null, [[0.5, 1], [1, -2], [0.3, 1]]]' --check | FileCheck %s --check-prefix=NUM-JVP
// NUM-JVP: tangent #0: f64 = 7.68
// NUM-JVP: check: max relative error

#dist_a = affine_map<(i, j, l) -> (i, l)>
#dist_c = affine_map<(i, j, l) -> (j, l)>
#dist_out = affine_map<(i, j, l) -> (i, j)>
#min_in = affine_map<(i, j) -> (i, j)>
#min_out = affine_map<(i, j) -> (i)>
#id2 = affine_map<(i, l) -> (i, l)>
#row = affine_map<(i, l) -> (i)>
#all = affine_map<(i, l) -> ()>

func.func @nearest(%points: tensor<?x?xf64>, %centroids: tensor<?x?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %n = tensor.dim %points, %c0 : tensor<?x?xf64>
  %k = tensor.dim %centroids, %c0 : tensor<?x?xf64>
  // dist[i, j] = |a_i - c_j|^2
  %e = tensor.empty(%n, %k) : tensor<?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  %dist = linalg.generic {indexing_maps = [#dist_a, #dist_c, #dist_out],
                          iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%points, %centroids : tensor<?x?xf64>, tensor<?x?xf64>) outs(%z : tensor<?x?xf64>) {
    ^bb0(%a: f64, %c: f64, %acc: f64):
      %d = arith.subf %a, %c : f64
      %sq = arith.mulf %d, %d : f64
      %r = arith.addf %acc, %sq : f64
      linalg.yield %r : f64
  } -> tensor<?x?xf64>
  // closest#1[i] = argmin_j dist[i, j] (closest#0: the minimum itself)
  %en = tensor.empty(%n) : tensor<?xf64>
  %m0 = linalg.fill ins(%inf : f64) outs(%en : tensor<?xf64>) -> tensor<?xf64>
  %ei = tensor.empty(%n) : tensor<?xindex>
  %i0 = linalg.fill ins(%c0 : index) outs(%ei : tensor<?xindex>) -> tensor<?xindex>
  %closest:2 = linalg.generic {indexing_maps = [#min_in, #min_out, #min_out],
                             iterator_types = ["parallel", "reduction"]}
      ins(%dist : tensor<?x?xf64>) outs(%m0, %i0 : tensor<?xf64>, tensor<?xindex>) {
    ^bb0(%v: f64, %acc: f64, %acci: index):
      %j = linalg.index 1 : index
      %lt = arith.cmpf olt, %v, %acc : f64
      %r = arith.select %lt, %v, %acc : f64
      %ri = arith.select %lt, %j, %acci : index
      linalg.yield %r, %ri : f64, index
  } -> (tensor<?xf64>, tensor<?xindex>)
  // sum_i |a_i - c_closest(i)|^2
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %total = linalg.generic {indexing_maps = [#id2, #row, #all], iterator_types = ["reduction", "reduction"]}
      ins(%points, %closest#1 : tensor<?x?xf64>, tensor<?xindex>) outs(%s0 : tensor<f64>) {
    ^bb0(%a: f64, %j: index, %acc: f64):
      %l = linalg.index 1 : index
      %c = tensor.extract %centroids[%j, %l] : tensor<?x?xf64>
      %df = arith.subf %a, %c : f64
      %sq = arith.mulf %df, %df : f64
      %r = arith.addf %acc, %sq : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %cost = tensor.extract %total[] : tensor<f64>
  return %cost : f64
}
func.func @tangent(%p: tensor<?x?xf64>, %c: tensor<?x?xf64>, %t: tensor<?x?xf64>) -> f64 {
  %r:2 = tape.jvp @nearest(%p, %c) tangents(%t) wrt [1] : (tensor<?x?xf64>, tensor<?x?xf64>), (tensor<?x?xf64>) -> f64, f64
  return %r#1 : f64
}
func.func @gradient(%p: tensor<?x?xf64>, %c: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %g = tape.grad @nearest(%p, %c) wrt [1] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}
// FWD-LABEL: func.func private @__rewind_jvp_nearest_wrt_1(
// FWD-SAME: %[[P:[^:]*]]: tensor<?x?xf64>, %[[C:[^:]*]]: tensor<?x?xf64>, %[[T:[^:]*]]: tensor<?x?xf64>)
// FWD-NOT: scf.for
// FWD: linalg.generic {{.*}} ins(%[[P]], %[[C]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%{{[^,]*}} : tensor<?x?xf64>)
// FWD-NOT: scf.for
// FWD: iterator_types = ["parallel", "reduction"]} ins(%{{[^,]*}} : tensor<?x?xf64>) outs(%{{.*}}, %{{.*}} : tensor<?xf64>, tensor<?xindex>)
// FWD-NOT: scf.for
// FWD: return
// REV-LABEL: func.func private @__rewind_pullback_nearest_wrt_1(
// REV-NOT: scf.for
// REV: iterator_types = ["parallel", "reduction"]} ins(%{{[^,]*}} : tensor<?x?xf64>) outs(%{{.*}}, %{{.*}} : tensor<?xf64>, tensor<?xindex>)
// REV: return

// Outputs of a linalg op that nothing reads, reductions included (the
// running maximum reads its own element), are not computed, nor are their
// tangents: the tangent function of `summax` computes sum_j x_ij^2 and its
// tangent only.
// RUN: rewind-run %s --entry summax --args '[[[1, 2, 3], [4, -5, 6], [0, 1, 0], [2, 2, 2]]]' --jvp '[[[1, 0, 1], [0, 1, 0], [2, 2, 2], [1, -1, 1]]]' --check | FileCheck %s --check-prefix=NUM-SUMMAX
// NUM-SUMMAX: tangent #0: tensor<4xf64> = [8.0, -10.0, 4.0, 4.0]
// NUM-SUMMAX: check: max relative error
func.func @summax(%x: tensor<4x3xf64>) -> tensor<4xf64> {
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty() : tensor<4xf64>
  %s0 = linalg.fill ins(%zero : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %m0 = linalg.fill ins(%ninf : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i)>],
                         iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x3xf64>) outs(%s0, %m0 : tensor<4xf64>, tensor<4xf64>) {
    ^bb0(%v: f64, %s: f64, %m: f64):
      %sq = arith.mulf %v, %v : f64
      %s2 = arith.addf %s, %sq : f64
      %m2 = arith.maxnumf %m, %v : f64
      linalg.yield %s2, %m2 : f64, f64
  } -> (tensor<4xf64>, tensor<4xf64>)
  return %r#0 : tensor<4xf64>
}
func.func @summax_tangent(%x: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<4xf64> {
  %0:2 = tape.jvp @summax(%x) tangents(%t) : (tensor<4x3xf64>), (tensor<4x3xf64>) -> tensor<4xf64>, tensor<4xf64>
  return %0#1 : tensor<4xf64>
}
// FWD-LABEL: func.func private @__rewind_jvp_summax_wrt_0(
// FWD: linalg.generic {{.*}} outs(%{{[^,]*}}, %{{[^,]*}} : tensor<4xf64>, tensor<4xf64>)
// FWD-NOT: maxnumf
// FWD: linalg.yield
// FWD-NEXT: } -> (tensor<4xf64>, tensor<4xf64>)
