// GradBench hello: square(x) = x^2; `double` is its gradient (Rewind's).
func.func @square(%x: f64) -> f64 {
  %y = arith.mulf %x, %x : f64
  return %y : f64
}
