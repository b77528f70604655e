// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// Structured ops the linalg rule rejects, with the reason.

// An operand indexed by a non-linear function of the loops (i floordiv 2):
// no strided slice describes what one kernel offset reads. (Linear maps,
// as convolutions have, are differentiated.)
func.func @conv(%x: tensor<5xf64>, %k: tensor<3xf64>) -> tensor<3xf64> {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  // expected-error @+1 {{cannot differentiate this op: the indexing map of an operand is not linear}}
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i floordiv 2 + j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
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

// A loop dimension that indexes one output and not the other: neither a
// reduction nor parallel.
func.func @half_reduced(%x: tensor<2x3xf64>) -> (tensor<2xf64>, tensor<2x3xf64>) {
  %e = tensor.empty() : tensor<2xf64>
  %e2 = tensor.empty() : tensor<2x3xf64>
  // expected-error @+1 {{cannot differentiate this reduction: loop dimension 1 indexes some of its outputs and not others}}
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x3xf64>) outs(%e, %e2 : tensor<2xf64>, tensor<2x3xf64>) {
  ^bb0(%a: f64, %acc: f64, %o: f64):
    %t = arith.mulf %acc, %a : f64
    %s = math.sin %t : f64
    linalg.yield %s, %a : f64, f64
  } -> (tensor<2xf64>, tensor<2x3xf64>)
  return %r#0, %r#1 : tensor<2xf64>, tensor<2x3xf64>
}
func.func @main(%x: tensor<2x3xf64>, %g: tensor<2xf64>, %h: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %d = tape.vjp @half_reduced(%x) seeds(%g, %h) : (tensor<2x3xf64>), (tensor<2xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  return %d : tensor<2x3xf64>
}
