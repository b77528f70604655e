// A linalg.generic body may hold structured control flow: scf.if (its
// branches are recomputed in the reverse body: no tape), scf.for and
// scf.while (loop-carried values go on a tape of the body's own). Gradients
// checked by finite differences, vectorized and not.
// RUN: rewind-run %s --entry branch --args '[[0.5, 1.0, 2.5, 3.0, -1.5, 2.1, 0.3]]' --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: rewind-run %s --entry branch --args '[[0.5, 1.0, 2.5, 3.0, -1.5, 2.1, 0.3]]' --grad --check --check-tolerance=1e-7 --vectorize=false | FileCheck %s
// RUN: rewind-run %s --entry branch32 --args '[[0.5, 1.0, 2.5, 3.0, -1.5, 2.1, 0.3]]' --grad --check --check-tolerance=2e-2 | FileCheck %s
// RUN: rewind-run %s --entry always --args '[[1, 2, 3, 4]]' --grad --json --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=ALWAYS
// d/dx_i sum_i exp(x_i) = exp(x_i):
// ALWAYS: {"value": 84.7910248837216, "gradient": {{\[\[}}2.71828182845904{{[0-9]*}}, 7.3890560989306{{[0-9]*}}, 20.08553692318766{{[0-9]*}}, 54.59815003314423{{[0-9]*}}]], "max_rel_error":
// RUN: rewind-run %s --entry loop --args '[[0.5, 1.0, 1.5, 2.0, 2.5, -0.3, 0.7, 1.1, 0.2, 0.9, 3.0]]' --grad --check --check-tolerance=1e-7 --measure 2>&1 | FileCheck %s --check-prefixes=CHECK,NOLEAK
// RUN: rewind-run %s --entry loop --args '[[0.5, 1.0, 1.5, 2.0, 2.5, -0.3, 0.7, 1.1, 0.2, 0.9, 3.0]]' --grad --check --check-tolerance=1e-7 --vectorize=false | FileCheck %s
// Newton's iteration for sqrt(x_i): d/dx_i = 1 / (2 sqrt(x_i)).
// RUN: rewind-run %s --entry newton --args '[[0.25, 4.0, 16.0, 2.0]]' --grad --json | FileCheck %s --check-prefix=NEWTON
// NEWTON: {"value": 7.91421356237{{[0-9]+}}, "gradient": {{\[\[}}1.0, 0.25, 0.125, 0.3535533905{{[0-9]+}}]]}
// RUN: rewind-run %s --entry newton --args '[[0.25, 4.0, 16.0, 2.0, 0.7, 3.3, 9.1]]' --grad --check --check-tolerance=1e-6 | FileCheck %s
// NOLEAK: leaked 0 bytes
// CHECK: check: max relative error
//
// The reverse of a branch in a body recomputes the branch, so the body of
// the adjoint op holds no tape.
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @main
// IR: linalg.generic
// IR-NOT: tape.
// IR: scf.if
// IR-NOT: tape.
// IR: return

#id = affine_map<(i) -> (i)>
#s = affine_map<(i) -> ()>

func.func @branch(%x: tensor<?xf64>) -> f64 {
  %z = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%z : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %o: f64):
    %two = arith.constant 2.0 : f64
    %c = arith.cmpf ogt, %p, %two : f64
    %s = scf.if %c -> (f64) {
      %v = math.exp %p : f64
      %w = arith.mulf %v, %p : f64
      scf.yield %w : f64
    } else {
      %v = math.sin %p : f64
      scf.yield %v : f64
    }
    %t = arith.addf %o, %s : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %r = tensor.extract %a[] : tensor<f64>
  return %r : f64
}

func.func @branch32(%x: tensor<?xf32>) -> f32 {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %a = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf32>) outs(%init : tensor<f32>) {
  ^bb0(%p: f32, %o: f32):
    %two = arith.constant 2.0 : f32
    %c = arith.cmpf ogt, %p, %two : f32
    %s = scf.if %c -> (f32) {
      %v = math.exp %p : f32
      %w = arith.mulf %v, %p : f32
      scf.yield %w : f32
    } else {
      %v = math.sin %p : f32
      scf.yield %v : f32
    }
    %t = arith.addf %o, %s : f32
    linalg.yield %t : f32
  } -> tensor<f32>
  %r = tensor.extract %a[] : tensor<f32>
  return %r : f32
}

// ../shared/reliability/01: a constant condition.
func.func @always(%x: tensor<4xf64>) -> f64 {
  %z = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%z : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %o: f64):
    %c = arith.constant true
    %s = scf.if %c -> (f64) {
      %v = math.exp %p : f64
      scf.yield %v : f64
    } else {
      scf.yield %p : f64
    }
    %t = arith.addf %o, %s : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %r = tensor.extract %a[] : tensor<f64>
  return %r : f64
}

// sum_i t_i where t <- sin(t) * x_i three times from t = x_i.
func.func @loop(%x: tensor<?xf64>) -> f64 {
  %z = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%z : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %o: f64):
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c3 = arith.constant 3 : index
    %s = scf.for %k = %c0 to %c3 step %c1 iter_args(%t = %p) -> (f64) {
      %v = math.sin %t : f64
      %w = arith.mulf %v, %p : f64
      scf.yield %w : f64
    }
    %t = arith.addf %o, %s : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %r = tensor.extract %a[] : tensor<f64>
  return %r : f64
}

// sum_i sqrt(x_i), each by Newton's iteration (a data-dependent count).
func.func @newton(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%p: f64, %o: f64):
    %tol = arith.constant 1.0e-14 : f64
    %half = arith.constant 0.5 : f64
    %one = arith.constant 1.0 : f64
    %start = arith.addf %p, %one : f64
    %r = scf.while (%t = %start) : (f64) -> f64 {
      %sq = arith.mulf %t, %t : f64
      %d = arith.subf %sq, %p : f64
      %ad = math.absf %d : f64
      %rel = arith.mulf %tol, %p : f64
      %go = arith.cmpf ogt, %ad, %rel : f64
      scf.condition(%go) %t : f64
    } do {
    ^bb0(%t: f64):
      %q = arith.divf %p, %t : f64
      %s = arith.addf %t, %q : f64
      %h = arith.mulf %s, %half : f64
      scf.yield %h : f64
    }
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %z = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%z : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id, #s], iterator_types = ["reduction"]}
      ins(%y : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %o: f64):
    %t = arith.addf %o, %p : f64
    linalg.yield %t : f64
  } -> tensor<f64>
  %r = tensor.extract %a[] : tensor<f64>
  return %r : f64
}

func.func @main(%x: tensor<?xf64>) -> tensor<?xf64> {
  %g = tape.grad @branch(%x) : (tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
