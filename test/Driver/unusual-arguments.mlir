// Legal but unusual entries: no arguments, a 0-d tensor, an empty tensor,
// a private function, integer tensors, i1 and index scalars.
// RUN: rewind-run %s --entry noargs --grad --json | FileCheck %s --check-prefix=NOARGS
// NOARGS: {"value": 2.5, "gradient": []}
// RUN: rewind-run %s --entry zero_d --args '[3.0, 2.0]' --grad --json | FileCheck %s --check-prefix=ZERO-D
// ZERO-D: {"value": 6.0, "gradient": [2.0, 3.0]}
// RUN: rewind-run %s --entry empty --args '[[]]' --json --measure 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY-DAG: {"value": 0.0}
// EMPTY-DAG: leaked 0 bytes
// RUN: rewind-run %s --entry priv --args '[1.0]' --grad --json | FileCheck %s --check-prefix=PRIV
// PRIV: {"value": 2.718281828459045, "gradient": [2.718281828459045]}
// RUN: rewind-run %s --entry flags --args '[true, 7, 1.5]' --json | FileCheck %s --check-prefix=FLAGS
// FLAGS: {"value": [true, 7, 1.5]}
// RUN: rewind-run %s --entry ints --args '[[1, 2, 3]]' | FileCheck %s --check-prefix=INTS
// INTS: result #0: tensor<3xi32> = [2, 4, 6]
// RUN: not rewind-run %s --entry ints --args '[[1, 2.5, 3]]' 2>&1 | FileCheck %s --check-prefix=BADINT
// BADINT: rewind-run: error: in --args: argument #0 (tensor<3xi32>) element [1] is an integer argument but got 2.5
func.func @noargs() -> f64 {
  %c = arith.constant 2.5 : f64
  return %c : f64
}
func.func @flags(%b: i1, %i: index, %x: f32) -> (i1, index, f32) {
  return %b, %i, %x : i1, index, f32
}
func.func @zero_d(%t: tensor<f64>, %s: f64) -> f64 {
  %v = tensor.extract %t[] : tensor<f64>
  %r = arith.mulf %v, %s : f64
  return %r : f64
}
func.func @empty(%t: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %t, %c0 : tensor<?xf64>
  %i = arith.index_cast %n : index to i64
  %f = arith.sitofp %i : i64 to f64
  return %f : f64
}
func.func private @priv(%x: f64) -> f64 {
  %r = math.exp %x : f64
  return %r : f64
}
func.func @ints(%t: tensor<3xi32>) -> tensor<3xi32> {
  %r = arith.addi %t, %t : tensor<3xi32>
  return %r : tensor<3xi32>
}
