// Tensors whose size changes from one iteration to the next, f64: an scf.for
// growing its carried tensor with tensor.concat (3 iterations, 3 -> 9
// elements), an scf.while growing it with tensor.pad (2 -> 6 elements), and a
// recursive function passing a tensor to itself (depth 3). The tape saves each
// iteration's sizes with the tensors.
// RUN: rewind-run %s --entry concat_for --args '[[0.3, -0.2, 0.9], 0.8, 3]' --grad --json | FileCheck %s --check-prefix=CAT
// RUN: rewind-run %s --entry concat_for --args '[[0.3, -0.2, 0.9], 0.8, 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CAT,CAT-FD
// RUN: rewind-run %s --entry pad_while --args '[[0.3, -0.2], 0.7]' --grad --json | FileCheck %s --check-prefix=PADW
// RUN: rewind-run %s --entry pad_while --args '[[0.3, -0.2], 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=PADW,PADW-FD
// RUN: rewind-run %s --entry rec --args '[[0.3, -0.2, 0.5], 3]' --grad --json | FileCheck %s --check-prefix=REC
// RUN: rewind-run %s --entry rec --args '[[0.3, -0.2, 0.5], 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=REC,REC-FD

// CAT: {"value": 1.063761675{{[0-9]*}}, "gradient": [
// CAT-SAME: [2.744374840{{[0-9]*}}, 2.857614944{{[0-9]*}}, 0.6216099682{{[0-9]*}}],
// CAT-SAME: 0.4048213984{{[0-9]*}},
// CAT-SAME: null
// CAT-SAME: ]
// CAT-FD-SAME: "max_rel_error":

// PADW: {"value": 0.6264681621{{[0-9]*}}, "gradient": [
// PADW-SAME: [2.705336551{{[0-9]*}}, 0.9800665778{{[0-9]*}}],
// PADW-SAME: 1.558079570{{[0-9]*}}
// PADW-SAME: ]
// PADW-FD-SAME: "max_rel_error":

// REC: {"value": 1.276579387{{[0-9]*}}, "gradient": [
// REC-SAME: [3.740573181{{[0-9]*}}, 0.3003285519{{[0-9]*}}, -7.438638854{{[0-9]*}}],
// REC-SAME: null
// REC-SAME: ]
// REC-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

func.func private @sinsum(%t: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%t : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = math.sin %p : f64
    %u = arith.addf %acc, %q : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// A carried tensor that grows by 2 each iteration (tensor.concat of
// a*sin(head) onto it): the tape saves a different size per iteration.
func.func @concat_for(%x: tensor<?xf64>, %a: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> (tensor<?xf64>) {
    %s = tensor.extract_slice %v[0] [2] [1] : tensor<?xf64> to tensor<2xf64>
    %e = tensor.empty() : tensor<2xf64>
    %t = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%s : tensor<2xf64>) outs(%e : tensor<2xf64>) {
    ^bb0(%p: f64, %o: f64):
      %q = math.sin %p : f64
      %q2 = arith.mulf %q, %a : f64
      linalg.yield %q2 : f64
    } -> tensor<2xf64>
    %c = tensor.concat dim(0) %t, %v : (tensor<2xf64>, tensor<?xf64>) -> tensor<?xf64>
    scf.yield %c : tensor<?xf64>
  }
  %s = func.call @sinsum(%r) : (tensor<?xf64>) -> f64
  return %s : f64
}

// scf.while growing a tensor with tensor.pad (one element in front, the
// padding value p * v[0] computed in the loop) until it has 6 elements.
func.func @pad_while(%x: tensor<?xf64>, %p: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %r = scf.while (%v = %x) : (tensor<?xf64>) -> tensor<?xf64> {
    %n = tensor.dim %v, %c0 : tensor<?xf64>
    %go = arith.cmpi slt, %n, %c6 : index
    scf.condition(%go) %v : tensor<?xf64>
  } do {
  ^bb0(%v: tensor<?xf64>):
    %first = tensor.extract %v[%c0] : tensor<?xf64>
    %pv = arith.mulf %first, %p : f64
    %t = tensor.pad %v low[%c1] high[0] {
    ^bb0(%i: index):
      tensor.yield %pv : f64
    } : tensor<?xf64> to tensor<?xf64>
    scf.yield %t : tensor<?xf64>
  }
  %s = func.call @sinsum(%r) : (tensor<?xf64>) -> f64
  return %s : f64
}

// Recursion on tensors: rec(x, n) = n == 0 ? sinsum(x) : rec(x sin(x) + x, n-1)
func.func @rec(%x: tensor<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.cmpi eq, %n, %c0 : index
  %r = scf.if %z -> f64 {
    %s = func.call @sinsum(%x) : (tensor<?xf64>) -> f64
    scf.yield %s : f64
  } else {
    %len = tensor.dim %x, %c0 : tensor<?xf64>
    %e = tensor.empty(%len) : tensor<?xf64>
    %t = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%p: f64, %o: f64):
      %q = math.sin %p : f64
      %q2 = arith.mulf %q, %p : f64
      %q3 = arith.addf %q2, %p : f64
      linalg.yield %q3 : f64
    } -> tensor<?xf64>
    %n1 = arith.subi %n, %c1 : index
    %s = func.call @rec(%t, %n1) : (tensor<?xf64>, index) -> f64
    scf.yield %s : f64
  }
  return %r : f64
}
