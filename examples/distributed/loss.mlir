// The objective of the data-parallel training examples (train.py and
// train.cpp): loss(w) = sum_i (tanh(x_i . w) - y_i)^2 over the examples
// (rows) of x, a sum of terms sharded by rows across MPI ranks.
func.func @loss(%w: tensor<?xf64>, %x: tensor<?x?xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %p = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%z : tensor<?xf64>) -> tensor<?xf64>
  %t = math.tanh %p : tensor<?xf64>
  %r = arith.subf %t, %y : tensor<?xf64>
  %sq = arith.mulf %r, %r : tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%sq : tensor<?xf64>) outs(%s0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %acc, %in : f64
      linalg.yield %a : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
