// The same recurrence as recurrence.mlir, run by an scf.while until a step
// counter (an integer, not differentiated) reaches n: the trip count is only
// known at run time, so the tape is a growable stack.
func.func @recurrence_while(%x0: f64, %w: f64, %c: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %h = arith.constant 1.0e-4 : f64
  %r:2 = scf.while (%x = %x0, %i = %c0) : (f64, index) -> (f64, index) {
    %more = arith.cmpi ult, %i, %n : index
    scf.condition(%more) %x, %i : f64, index
  } do {
  ^bb0(%x: f64, %i: index):
    %s = math.sin %x : f64
    %ws = arith.mulf %w, %s : f64
    %x2 = arith.mulf %x, %x : f64
    %x3 = arith.mulf %x2, %x : f64
    %cx3 = arith.mulf %c, %x3 : f64
    %f = arith.subf %ws, %cx3 : f64
    %hf = arith.mulf %h, %f : f64
    %next = arith.addf %x, %hf : f64
    %i1 = arith.addi %i, %c1 : index
    scf.yield %next, %i1 : f64, index
  }
  return %r#0 : f64
}
