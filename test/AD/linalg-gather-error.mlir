// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// A linalg body that reads an active tensor it does not take as an operand
// (a gather through tensor.extract) has no adjoint op over the iteration
// space: the error says how to restructure the code.

#id = affine_map<(i) -> (i)>
func.func @gather(%table: tensor<5xf64>, %idx: tensor<3xindex>) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<3xf64>
  // expected-error @+1 {{cannot differentiate a linalg op whose body reads a tensor it does not take as an operand (a gather); pass it as an input with an indexing map, or index it outside the op}}
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%idx : tensor<3xindex>) outs(%e : tensor<3xf64>) {
  ^bb0(%i: index, %o: f64):
    %v = tensor.extract %table[%i] : tensor<5xf64>
    linalg.yield %v : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%t: tensor<5xf64>, %i: tensor<3xindex>, %g: tensor<3xf64>) -> tensor<5xf64> {
  %d = tape.vjp @gather(%t, %i) seeds(%g) : (tensor<5xf64>, tensor<3xindex>), (tensor<3xf64>) -> tensor<5xf64>
  return %d : tensor<5xf64>
}

// -----

// The same with linalg.index and a captured 2-d tensor, the op's own input
// being active too.

#id = affine_map<(i) -> (i)>
func.func @gather_index(%x: tensor<3xf64>, %m: tensor<3x3xf64>) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<3xf64>
  // expected-error @+1 {{cannot differentiate a linalg op whose body reads a tensor it does not take as an operand}}
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<3xf64>) outs(%e : tensor<3xf64>) {
  ^bb0(%a: f64, %o: f64):
    %i = linalg.index 0 : index
    %v = tensor.extract %m[%i, %i] : tensor<3x3xf64>
    %p = arith.mulf %a, %v : f64
    linalg.yield %p : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<3xf64>, %m: tensor<3x3xf64>, %g: tensor<3xf64>) -> (tensor<3xf64>, tensor<3x3xf64>) {
  %d:2 = tape.vjp @gather_index(%x, %m) seeds(%g) : (tensor<3xf64>, tensor<3x3xf64>), (tensor<3xf64>) -> tensor<3xf64>, tensor<3x3xf64>
  return %d#0, %d#1 : tensor<3xf64>, tensor<3x3xf64>
}

// -----

// A tensor read by the body that is not active (a constant table, the
// gradient being taken with respect to x only) is fine.

#id = affine_map<(i) -> (i)>
func.func @inactive_table(%x: tensor<3xf64>, %m: tensor<3x3xf64>) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<3xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<3xf64>) outs(%e : tensor<3xf64>) {
  ^bb0(%a: f64, %o: f64):
    %i = linalg.index 0 : index
    %v = tensor.extract %m[%i, %i] : tensor<3x3xf64>
    %p = arith.mulf %a, %v : f64
    linalg.yield %p : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<3xf64>, %m: tensor<3x3xf64>, %g: tensor<3xf64>) -> tensor<3xf64> {
  %d = tape.vjp @inactive_table(%x, %m) seeds(%g) wrt [0] : (tensor<3xf64>, tensor<3x3xf64>), (tensor<3xf64>) -> tensor<3xf64>
  return %d : tensor<3xf64>
}
