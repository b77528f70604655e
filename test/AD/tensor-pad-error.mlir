// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// tensor.pad whose padding value is computed inside its region (here from an
// active scalar) has no single padding value to send the adjoint to.

func.func @pad(%x: tensor<2xf64>, %p: f64) -> tensor<4xf64> {
  // expected-error @+1 {{cannot differentiate tensor.pad whose padding value is computed in its region}}
  %t = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    %pp = math.exp %p : f64
    tensor.yield %pp : f64
  } : tensor<2xf64> to tensor<4xf64>
  return %t : tensor<4xf64>
}
func.func @main(%x: tensor<2xf64>, %p: f64, %g: tensor<4xf64>) -> (tensor<2xf64>, f64) {
  %d:2 = tape.vjp @pad(%x, %p) seeds(%g) : (tensor<2xf64>, f64), (tensor<4xf64>) -> tensor<2xf64>, f64
  return %d#0, %d#1 : tensor<2xf64>, f64
}

// -----

// A padding value defined outside the region is a constant padding value.

func.func @pad_outside(%x: tensor<2xf64>, %p: f64) -> tensor<4xf64> {
  %pp = math.exp %p : f64
  %t = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %pp : f64
  } : tensor<2xf64> to tensor<4xf64>
  return %t : tensor<4xf64>
}
func.func @main(%x: tensor<2xf64>, %p: f64, %g: tensor<4xf64>) -> (tensor<2xf64>, f64) {
  %d:2 = tape.vjp @pad_outside(%x, %p) seeds(%g) : (tensor<2xf64>, f64), (tensor<4xf64>) -> tensor<2xf64>, f64
  return %d#0, %d#1 : tensor<2xf64>, f64
}
