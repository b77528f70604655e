// Functions with their own derivatives: tape.custom_vjp = @pullback and
// tape.custom_jvp = @tangent on a func.func are used instead of the body,
// through calls and when the function itself is differentiated.
//
// @clip(x) = x, whose rules (deliberately) clip the derivative to [-1, 1]
// (a straight-through estimator with clipping): for loss = sum(clip(3 x) w),
// d/dx = 3 clamp(w) and the tangent along t is sum(clamp(3 t) w), not the
// body's 3 w and 3 sum(t w): the results must follow the rules.
// RUN: rewind-run %s --entry loss --args '[[0.5, -2.0], [0.2, 1.9]]' --grad --json | FileCheck %s
// CHECK: {"value": -11.09999{{[0-9]*}}, "gradient": {{\[\[}}0.6{{[0-9]*}}, 3.0], [1.5, -6.0]]}
// RUN: rewind-run %s --entry loss --args '[[0.5, -2.0], [0.2, 1.9]]' --jvp '[[1.0, 1.0], null]' --json | FileCheck %s --check-prefix=JVP
// JVP: {"value": -11.09999{{[0-9]*}}, "tangent": 2.1{{[0-9]*}}}
// The function itself: its pullback and tangent function answer directly.
// RUN: rewind-run %s --entry clip --args '[[0.5, 3.0]]' --jvp '[[1.0, 1.0]]' --json | FileCheck %s --check-prefix=SELF
// SELF: {"value": [0.5, 3.0], "tangent": [1.0, 1.0]}
// A custom pullback without a tangent function: forward mode says so.
// RUN: not rewind-run %s --entry only_vjp_loss --args '[[0.5, -2.0]]' --jvp '[[1.0, 1.0]]' 2>&1 | FileCheck %s --check-prefix=NOJVP
// NOJVP: error: {{.*}}custom-rule-attributes.mlir:{{[0-9]+}}:8: cannot differentiate @only_vjp in forward mode: it has its own pullback (tape.custom_vjp) but no tangent function (tape.custom_jvp)
// Reverse mode through it works, and its true derivative is checked.
// RUN: rewind-run %s --entry only_vjp_loss --args '[[0.5, -2.0]]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=TRUE
// TRUE: check: max relative error vs finite differences =

func.func private @clip(%x: tensor<2xf64>) -> tensor<2xf64>
    attributes {tape.custom_vjp = @clip_vjp, tape.custom_jvp = @clip_jvp} {
  return %x : tensor<2xf64>
}
func.func private @clip_vjp(%x: tensor<2xf64>, %g: tensor<2xf64>) -> tensor<2xf64> {
  %lo = arith.constant dense<-1.0> : tensor<2xf64>
  %hi = arith.constant dense<1.0> : tensor<2xf64>
  %a = arith.maximumf %g, %lo : tensor<2xf64>
  %b = arith.minimumf %a, %hi : tensor<2xf64>
  return %b : tensor<2xf64>
}
func.func private @clip_jvp(%x: tensor<2xf64>, %t: tensor<2xf64>) -> (tensor<2xf64>, tensor<2xf64>) {
  %lo = arith.constant dense<-1.0> : tensor<2xf64>
  %hi = arith.constant dense<1.0> : tensor<2xf64>
  %a = arith.maximumf %t, %lo : tensor<2xf64>
  %b = arith.minimumf %a, %hi : tensor<2xf64>
  return %x, %b : tensor<2xf64>, tensor<2xf64>
}
// loss(x, w) = sum(clip(3 x) * w)
func.func @loss(%x: tensor<2xf64>, %w: tensor<2xf64>) -> f64 {
  %three = arith.constant dense<3.0> : tensor<2xf64>
  %x3 = arith.mulf %x, %three : tensor<2xf64>
  %c = func.call @clip(%x3) : (tensor<2xf64>) -> tensor<2xf64>
  %p = arith.mulf %c, %w : tensor<2xf64>
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %s = linalg.reduce ins(%p : tensor<2xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %t = arith.addf %in, %acc : f64
      linalg.yield %t : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

// only_vjp(x) = sin(x) with its true pullback cos(x) g.
func.func private @only_vjp(%x: tensor<2xf64>) -> tensor<2xf64>
    attributes {tape.custom_vjp = @only_vjp_pullback} {
  %s = math.sin %x : tensor<2xf64>
  return %s : tensor<2xf64>
}
func.func private @only_vjp_pullback(%x: tensor<2xf64>, %g: tensor<2xf64>) -> tensor<2xf64> {
  %c = math.cos %x : tensor<2xf64>
  %r = arith.mulf %c, %g : tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func @only_vjp_loss(%x: tensor<2xf64>) -> f64 {
  %y = func.call @only_vjp(%x) : (tensor<2xf64>) -> tensor<2xf64>
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
