// GradBench kmeans: cost(C) = sum_i min_j |a_i - c_j|^2 over points a (n x d)
// and centroids c (k x d). `dir` is the Newton direction J H^-1 with H the
// Hessian's diagonal: rewind-gradbench takes J from Rewind's gradient and
// the diagonal from its Hessian-vector product with a vector of ones (exact
// here: the Hessian is diagonal, each centroid coordinate its own block).

#dist_a = affine_map<(i, j, l) -> (i, l)>
#dist_c = affine_map<(i, j, l) -> (j, l)>
#dist_out = affine_map<(i, j, l) -> (i, j)>
#min_in = affine_map<(i, j) -> (i, j)>
#min_out = affine_map<(i, j) -> (i)>
#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>

func.func @cost(%points: tensor<?x?xf64>, %centroids: tensor<?x?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %n = tensor.dim %points, %c0 : tensor<?x?xf64>
  %k = tensor.dim %centroids, %c0 : tensor<?x?xf64>
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
  %en = tensor.empty(%n) : tensor<?xf64>
  %m0 = linalg.fill ins(%inf : f64) outs(%en : tensor<?xf64>) -> tensor<?xf64>
  %closest = linalg.generic {indexing_maps = [#min_in, #min_out],
                             iterator_types = ["parallel", "reduction"]}
      ins(%dist : tensor<?x?xf64>) outs(%m0 : tensor<?xf64>) {
    ^bb0(%v: f64, %acc: f64):
      %r = arith.minnumf %v, %acc : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %total = linalg.generic {indexing_maps = [#id, #sum], iterator_types = ["reduction"]}
      ins(%closest : tensor<?xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %r = arith.addf %acc, %v : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %cost = tensor.extract %total[] : tensor<f64>
  return %cost : f64
}
