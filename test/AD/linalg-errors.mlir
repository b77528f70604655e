// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// Structured ops the linalg rule rejects, with the reason.

// An indexing map that is not a projected permutation (a convolution, x(i+j)).
func.func @conv(%x: tensor<5xf64>, %k: tensor<3xf64>) -> tensor<3xf64> {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  // expected-error @+1 {{cannot differentiate a linalg op whose indexing maps are not projected permutations}}
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i + j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x, %k : tensor<5xf64>, tensor<3xf64>) outs(%z : tensor<3xf64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %m = arith.mulf %a, %b : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<5xf64>, %k: tensor<3xf64>, %g: tensor<3xf64>) -> tensor<5xf64> {
  %d = tape.vjp @conv(%x, %k) seeds(%g) wrt [0] : (tensor<5xf64>, tensor<3xf64>), (tensor<3xf64>) -> tensor<5xf64>
  return %d : tensor<5xf64>
}

// -----

// A product reduction: only sums and max/min are supported.
func.func @prod(%x: tensor<3xf64>) -> tensor<f64> {
  %one = arith.constant 1.0 : f64
  %e = tensor.empty() : tensor<f64>
  %z = linalg.fill ins(%one : f64) outs(%e : tensor<f64>) -> tensor<f64>
  // expected-error @+1 {{cannot differentiate this reduction: output #0 must be a sum (acc + t) or a max/min (max(acc, t)) of a term that does not depend on the accumulator}}
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%x : tensor<3xf64>) outs(%z : tensor<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.mulf %acc, %a : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  return %r : tensor<f64>
}
func.func @main(%x: tensor<3xf64>, %g: tensor<f64>) -> tensor<3xf64> {
  %d = tape.vjp @prod(%x) seeds(%g) : (tensor<3xf64>), (tensor<f64>) -> tensor<3xf64>
  return %d : tensor<3xf64>
}

// -----

// A sum whose term reads the accumulator (acc + acc * x).
func.func @acc_term(%x: tensor<3xf64>) -> tensor<f64> {
  %one = arith.constant 1.0 : f64
  %e = tensor.empty() : tensor<f64>
  %z = linalg.fill ins(%one : f64) outs(%e : tensor<f64>) -> tensor<f64>
  // expected-error @+1 {{cannot differentiate this reduction: output #0 must be a sum}}
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%x : tensor<3xf64>) outs(%z : tensor<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %t = arith.mulf %acc, %a : f64
    %s = arith.addf %acc, %t : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  return %r : tensor<f64>
}
func.func @main(%x: tensor<3xf64>, %g: tensor<f64>) -> tensor<3xf64> {
  %d = tape.vjp @acc_term(%x) seeds(%g) : (tensor<3xf64>), (tensor<f64>) -> tensor<3xf64>
  return %d : tensor<3xf64>
}
