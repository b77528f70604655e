// --explain-nonfinite: when a value or a gradient is NaN or infinite, one
// note on stderr names the first op that computed one (primal, or which
// op's adjoint), its location and its operands. Nothing when all is finite.

// The primal: sqrt of a negative product.
// RUN: rewind-run %s --entry f --args '[-1, 2]' --grad --explain-nonfinite 2>&1 >/dev/null | FileCheck %s --check-prefix=PRIMAL
// PRIMAL: rewind-run: note: the first NaN or infinity was 'math.sqrt' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 24]]:8, from operands -2{{$}}
// The adjoint: sqrt's derivative at 0 (the value, 0.69..., is finite).
// RUN: rewind-run %s --entry f --args '[0, 2]' --grad --explain-nonfinite 2>&1 >/dev/null | FileCheck %s --check-prefix=ADJ
// ADJ: rewind-run: note: the first NaN or infinity was 'arith.divf' of the adjoint of 'math.sqrt' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 21]]:8, from operands 0.5 0{{$}}
// Finite everywhere: no note; stdout is the same with and without the flag.
// RUN: rewind-run %s --entry f --args '[1, 2]' --grad --explain-nonfinite --json 2>&1 | FileCheck %s --check-prefix=FINITE
// FINITE: {"value": 2.1073607429330403, "gradient": [0.7071067811865475, 0.8535533905932737]}
// FINITE-NOT: note
// RUN: rewind-run %s --entry f --args '[-1, 2]' --grad --explain-nonfinite --json 2>/dev/null | FileCheck %s --check-prefix=JSON
// JSON: {"value": NaN, "gradient": [NaN, NaN]}
// Without the flag, no note.
// RUN: rewind-run %s --entry f --args '[-1, 2]' --grad 2>&1 >/dev/null | count 0
// A tensor op (f32), in the gradient only: the first is the adjoint.
// RUN: rewind-run %s --entry g --args '[[1, 4, 0, 9]]' --grad --explain-nonfinite 2>&1 >/dev/null | FileCheck %s --check-prefix=TENSOR
// TENSOR: rewind-run: note: the first NaN or infinity was 'arith.divf' of the adjoint of 'math.sqrt' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 17]]:8{{$}}
// In a loop, without --grad: exp overflows at the second iteration.
// RUN: rewind-run %s --entry loop --args '[10]' --explain-nonfinite 2>&1 >/dev/null | FileCheck %s --check-prefix=LOOP
// LOOP: rewind-run: note: the first NaN or infinity was 'math.exp' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 31]]:10, from operands 22026.465794806718{{$}}
// In a called function.
// RUN: rewind-run %s --entry caller --args '[-3]' --grad --explain-nonfinite 2>&1 >/dev/null | FileCheck %s --check-prefix=CALL
// CALL: rewind-run: note: the first NaN or infinity was 'math.log' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 35]]:8, from operands -3{{$}}

func.func @f(%x: f64, %y: f64) -> f64 {
  %a = arith.mulf %x, %y : f64
  %s = math.sqrt %a : f64
  %l = math.log %y : f64
  %r = arith.addf %s, %l : f64
  return %r : f64
}

func.func @g(%x: tensor<?xf32>) -> f32 {
  %s = math.sqrt %x : tensor<?xf32>
  %z = arith.constant 0.0 : f32
  %init = tensor.from_elements %z : tensor<f32>
  %r = linalg.reduce ins(%s : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %v = tensor.extract %r[] : tensor<f32>
  return %v : f32
}

func.func @loop(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%a = %x) -> f64 {
    %e = math.exp %a : f64
    scf.yield %e : f64
  }
  return %r : f64
}

func.func @logof(%x: f64) -> f64 {
  %l = math.log %x : f64
  return %l : f64
}
func.func @caller(%x: f64) -> f64 {
  %l = func.call @logof(%x) : (f64) -> f64
  %r = arith.mulf %l, %x : f64
  return %r : f64
}
