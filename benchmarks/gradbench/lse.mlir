// GradBench lse: LogSumExp with the max trick, LSE(x) = a + log sum_i
// exp(x_i - a), a = max x. The derivative of LSE does not depend on a (its
// terms cancel), so a is held constant (tape.stop_gradient), as JAX's
// logsumexp does: the reverse sweep skips the max reduction.
//   primal(x) -> LSE(x); the gradient is Rewind's.

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>

func.func @primal(%x: tensor<?xf64>) -> f64 {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %m0 = linalg.fill ins(%ninf : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %mt = linalg.reduce ins(%x : tensor<?xf64>) outs(%m0 : tensor<f64>) dimensions = [0]
    (%v: f64, %acc: f64) {
      %r = arith.maxnumf %v, %acc : f64
      linalg.yield %r : f64
    }
  %max = tensor.extract %mt[] : tensor<f64>
  %a = tape.stop_gradient %max : f64
  %s0 = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %st = linalg.generic {indexing_maps = [#id, #sum], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%s0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %d = arith.subf %v, %a : f64
      %ex = math.exp %d : f64
      %r = arith.addf %acc, %ex : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %s = tensor.extract %st[] : tensor<f64>
  %l = math.log %s : f64
  %r = arith.addf %l, %a : f64
  return %r : f64
}
