// GradBench kmeans: cost(C) = sum_i min_j |a_i - c_j|^2 over points a (n x d)
// and centroids c (k x d), written as a user who knows the derivative only
// flows through the chosen centroid would: the nearest centroid's index
// (argmin over the n x k distances), then each point's distance to it again.
// No derivative flows through an index, so Rewind's activity analysis keeps
// the distance matrix out of the derivatives: they cost one gather and one
// scatter-add of n x d elements on top of the primal. (The dense form,
// sum_i min_j, is differentiated too: test/Integration/hvp-min-reduction.)
// `dir` is the Newton direction J H^-1 with H the Hessian's diagonal:
// rewind-gradbench takes both from one call of the Hessian-vector product
// with a vector of ones (exact here: the Hessian is diagonal, each centroid
// coordinate its own block; the gradient is that call's by-product).

#dist_a = affine_map<(i, j, l) -> (i, l)>
#dist_c = affine_map<(i, j, l) -> (j, l)>
#dist_out = affine_map<(i, j, l) -> (i, j)>
#min_in = affine_map<(i, j) -> (i, j)>
#min_out = affine_map<(i, j) -> (i)>
#id2 = affine_map<(i, l) -> (i, l)>
#row = affine_map<(i, l) -> (i)>
#all = affine_map<(i, l) -> ()>

func.func @cost(%points: tensor<?x?xf64>, %centroids: tensor<?x?xf64>) -> f64 {
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
