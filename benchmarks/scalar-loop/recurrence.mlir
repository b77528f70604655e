// A 10^6-step scalar recurrence: x <- x + h (w sin x - c x^3).
func.func @recurrence(%x0: f64, %w: f64, %c: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %h = arith.constant 1.0e-4 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %ws = arith.mulf %w, %s : f64
    %x2 = arith.mulf %x, %x : f64
    %x3 = arith.mulf %x2, %x : f64
    %cx3 = arith.mulf %c, %x3 : f64
    %f = arith.subf %ws, %cx3 : f64
    %hf = arith.mulf %h, %f : f64
    %next = arith.addf %x, %hf : f64
    scf.yield %next : f64
  }
  return %r : f64
}
