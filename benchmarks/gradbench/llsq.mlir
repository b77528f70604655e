// GradBench llsq (cmpad's llsq_obj): y(x) = 1/2 sum_i (s_i - sum_j x_j t_i^j)^2
// with t_i = -1 + 2 i / (n - 1), s_i = sign(t_i), i < n, j < m = |x|.
// The polynomial is evaluated by Horner's rule on all n points at once
// (m passes over an n-vector: no n x m matrix); t and s are constants of
// the reverse sweep, so the loop tapes nothing.
//   primal(x, n) -> y; the gradient is Rewind's.

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>

func.func @primal(%x: tensor<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %mone = arith.constant -1.0 : f64
  %two = arith.constant 2.0 : f64
  %half = arith.constant 0.5 : f64
  %m = tensor.dim %x, %c0 : tensor<?xf64>
  %nm1 = arith.subi %n, %c1 : index
  %nm1i = arith.index_cast %nm1 : index to i64
  %nm1f = arith.sitofp %nm1i : i64 to f64
  %e = tensor.empty(%n) : tensor<?xf64>
  // t_i = -1 + i * 2 / (n - 1)
  %t = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %ii = arith.index_cast %i : index to i64
      %if = arith.sitofp %ii : i64 to f64
      %a = arith.mulf %if, %two : f64
      %b = arith.divf %a, %nm1f : f64
      %r = arith.addf %mone, %b : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  // p = x_0 + t (x_1 + t (... + t x_{m-1})), by Horner's rule.
  %p0 = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %p = scf.for %k = %c0 to %m step %c1 iter_args(%acc = %p0) -> (tensor<?xf64>) {
    %km = arith.subi %m, %k : index
    %j = arith.subi %km, %c1 : index
    %xj = tensor.extract %x[%j] : tensor<?xf64>
    %next = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%acc, %t : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
      ^bb0(%a: f64, %ti: f64, %out: f64):
        %q = arith.mulf %a, %ti : f64
        %r = arith.addf %q, %xj : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    scf.yield %next : tensor<?xf64>
  }
  %s0 = tensor.empty() : tensor<f64>
  %z = linalg.fill ins(%zero : f64) outs(%s0 : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [#id, #id, #sum], iterator_types = ["reduction"]}
      ins(%t, %p : tensor<?xf64>, tensor<?xf64>) outs(%z : tensor<f64>) {
    ^bb0(%ti: f64, %pi: f64, %acc: f64):
      // sign(t_i): 1, -1 or 0
      %pos = arith.cmpf ogt, %ti, %zero : f64
      %neg = arith.cmpf olt, %ti, %zero : f64
      %sp = arith.select %pos, %one, %zero : f64
      %si = arith.select %neg, %mone, %sp : f64
      %d = arith.subf %si, %pi : f64
      %sq = arith.mulf %d, %d : f64
      %r = arith.addf %acc, %sq : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %ss = tensor.extract %sum[] : tensor<f64>
  %y = arith.mulf %ss, %half : f64
  return %y : f64
}
