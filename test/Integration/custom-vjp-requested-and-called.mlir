// A function with its own pullback (tape.custom_vjp), requested directly
// and called from another requested function: its generated pullback is the
// one with the adjoint of its tensor argument passed in and out, and the
// direct request passes zeros. d/dx (x0 x1) = [x1, x0]; d/dx (x0 x1)^2 =
// 2 x0 x1 [x1, x0]; at x = [3, 5]: 5 + 2 * 15 * 3 = 95.
// RUN: rewind-run %s --entry both --args '[[3.0, 5.0]]' --json | FileCheck %s
// CHECK: {"value": 95.0}

func.func private @sq(%x: tensor<2xf64>) -> f64 attributes {tape.custom_vjp = @sq_vjp} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %x[%c0] : tensor<2xf64>
  %b = tensor.extract %x[%c1] : tensor<2xf64>
  %p = arith.mulf %a, %b : f64
  return %p : f64
}
func.func private @sq_vjp(%x: tensor<2xf64>, %g: f64) -> tensor<2xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %x[%c0] : tensor<2xf64>
  %b = tensor.extract %x[%c1] : tensor<2xf64>
  %ga = arith.mulf %g, %b : f64
  %gb = arith.mulf %g, %a : f64
  %r = tensor.from_elements %ga, %gb : tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func private @g(%x: tensor<2xf64>) -> f64 {
  %s = func.call @sq(%x) : (tensor<2xf64>) -> f64
  %t = arith.mulf %s, %s : f64
  return %t : f64
}
func.func @both(%x: tensor<2xf64>) -> f64 {
  %d1 = tape.grad @sq(%x) : (tensor<2xf64>) -> tensor<2xf64>
  %d2 = tape.grad @g(%x) : (tensor<2xf64>) -> tensor<2xf64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %d1[%c0] : tensor<2xf64>
  %b = tensor.extract %d2[%c1] : tensor<2xf64>
  %r = arith.addf %a, %b : f64
  return %r : f64
}
