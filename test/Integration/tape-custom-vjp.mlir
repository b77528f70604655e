// tape.custom_vjp: the derivative comes from the user's pullback, not from
// the forward function; captures get none (and are reported as cut).
// f(x) = sum(sin(x) * w) with a pullback that (deliberately) scales the
// true gradient cos(x) * w by 2: the result must follow the pullback.
// RUN: rewind-run %s --entry loss --args '[[0.5, 1.0], [2.0, 3.0]]' --grad --json 2>&1 | FileCheck %s
// CHECK: warning: gradient of @loss with respect to argument #1 is always zero: its only path to the result goes through 'tape.custom_vjp' at {{.*}}tape-custom-vjp.mlir:[[# @LINE + 20]]:8
// CHECK: {"value": 3.483{{[0-9]*}}, "gradient": {{\[\[}}3.510{{[0-9]*}}, 3.241{{[0-9]*}}], [0.0, 0.0]]}
// The forward runs as a plain call when no derivative is asked.
// RUN: rewind-run %s --entry loss --args '[[0.5, 1.0], [2.0, 3.0]]' | FileCheck %s --check-prefix=VALUE
// VALUE: result #0: f64 = 3.483{{[0-9]*}}

func.func private @f(%x: tensor<2xf64>, %w: tensor<2xf64>) -> tensor<2xf64> {
  %s = math.sin %x : tensor<2xf64>
  %r = arith.mulf %s, %w : tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func private @f_vjp(%x: tensor<2xf64>, %w: tensor<2xf64>, %g: tensor<2xf64>) -> tensor<2xf64> {
  %c = math.cos %x : tensor<2xf64>
  %cw = arith.mulf %c, %w : tensor<2xf64>
  %two = arith.constant dense<2.0> : tensor<2xf64>
  %t = arith.mulf %cw, %two : tensor<2xf64>
  %r = arith.mulf %t, %g : tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func @loss(%x: tensor<2xf64>, %w: tensor<2xf64>) -> f64 {
  %y = tape.custom_vjp @f(%x) captures(%w : tensor<2xf64>) pullback @f_vjp : (tensor<2xf64>) -> tensor<2xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %s = linalg.reduce ins(%y : tensor<2xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %t = arith.addf %in, %acc : f64
      linalg.yield %t : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
