// Any reduction body is differentiated. Closed forms: sums (acc + t and
// acc - t), products (acc * t: each factor gets the product of the others,
// exactly, zeros included, never out / t) and max/min. Any other body (the
// accumulator enters non-linearly) is reversed step by step, with the
// intermediate accumulators on the tape. Checked analytically and by finite
// differences, f64 and f32.
//
// init * prod(x): d/dx_i = init * prod_{j != i} x_j, d/dinit = prod(x).
// RUN: rewind-run %s --entry prod --args '[[2, 3, 4], 1.5]' --grad --json --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=PROD
// PROD: {"value": 36.0, "gradient": {{\[\[}}18.0, 12.0, 9.0], 24.0], "max_rel_error":
// One zero factor: only it has a nonzero derivative; two: none has.
// RUN: rewind-run %s --entry prod --args '[[2, 0, 4], 1.5]' --grad --json | FileCheck %s --check-prefix=ONE-ZERO
// ONE-ZERO: {"value": 0.0, "gradient": {{\[\[}}0.0, 12.0, 0.0], 0.0]}
// RUN: rewind-run %s --entry prod --args '[[2, 0, 0], 1.5]' --grad --json | FileCheck %s --check-prefix=TWO-ZEROS
// TWO-ZEROS: {"value": 0.0, "gradient": {{\[\[}}0.0, 0.0, 0.0], 0.0]}
// RUN: rewind-run %s --entry prod --args '[[2, 3, 4], 0.0]' --grad --json | FileCheck %s --check-prefix=ZERO-INIT
// ZERO-INIT: {"value": 0.0, "gradient": {{\[\[}}0.0, 0.0, 0.0], 24.0]}
// Row products in f32.
// RUN: rewind-run %s --entry rows32 --args '[[[1.5, -2, 0.5], [0, 3, 1.25]]]' --grad --json --check --check-tolerance=1e-3 | FileCheck %s --check-prefix=ROWS
// ROWS: {"value": -1.5, "gradient": {{\[\[\[}}-1.0, 0.75, -3.0], [3.75, 0.0, 0.0]]], "max_rel_error":
//
// init - sum(x^2): d/dx = -2x.
// RUN: rewind-run %s --entry minus --args '[[2, 3, 4], 1.5]' --grad --json --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=MINUS
// MINUS: {"value": -27.5, "gradient": {{\[\[}}-4.0, -6.0, -8.0], 1.0], "max_rel_error":
//
// No closed form: t - acc alternates signs; an exponential moving average
// (acc * a + (1 - a) * x, squared) along each row, with a captured weight.
// RUN: rewind-run %s --entry alternating --args '[[2, 3, 4, 0.5], 1.5]' --grad --json --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=ALT
// ALT: {"value": 1.96805061514{{[0-9]*}}, "gradient": {{\[\[}}0.41614683654{{[0-9]*}}, -0.98999249660{{[0-9]*}}, 0.65364362086{{[0-9]*}}, 0.87758256189{{[0-9]*}}], 1.0]
// RUN: rewind-run %s --entry ema --args '[[[1, 2, 3], [0.5, -1, 2]], 0.3]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry ema --args '[[[1, 2, 3], [0.5, -1, 2]], 0.3]' --grad --check --check-tolerance=1e-7 --vectorize=false | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry ema32 --args '[[[1, 2, 3, 4], [0.5, -1, 2, 1]], 0.7]' --grad --check --check-tolerance=1e-2 | FileCheck %s --check-prefix=FD
// Several outputs, one of them without a closed form.
// RUN: rewind-run %s --entry mixed --args '[[0.5, 1.5, -2, 3]]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// FD: check: max relative error
//
// The structure: closed forms stay one linalg op; the moving average becomes
// a loop over its reduction dimension around a linalg.generic over the rows.
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @grad_prod
// IR-NOT: scf.for
// IR: return
// IR-LABEL: func.func @grad_ema
// IR: scf.for
// IR: linalg.generic {{.*}}iterator_types = ["parallel"]
// IR: scf.for
// IR: return

#v = affine_map<(k) -> (k)>
#s = affine_map<(k) -> ()>
#m2 = affine_map<(i, k) -> (i, k)>
#r = affine_map<(i, k) -> (i)>

func.func @prod(%x: tensor<?xf64>, %init: f64) -> f64 {
  %e0 = tensor.empty() : tensor<f64>
  %i0 = tensor.insert %init into %e0[] : tensor<f64>
  %p = linalg.reduce ins(%x : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %r = arith.mulf %acc, %in : f64
      linalg.yield %r : f64
    }
  %v = tensor.extract %p[] : tensor<f64>
  return %v : f64
}

func.func @rows32(%x: tensor<2x3xf32>) -> f32 {
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %i = linalg.fill ins(%one : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %p = linalg.generic {indexing_maps = [#m2, #r], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x3xf32>) outs(%i : tensor<2xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.mulf %in, %acc : f32
    linalg.yield %r : f32
  } -> tensor<2xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.reduce ins(%p : tensor<2xf32>) outs(%i0 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %r = arith.addf %acc, %in : f32
      linalg.yield %r : f32
    }
  %v = tensor.extract %s[] : tensor<f32>
  return %v : f32
}

func.func @minus(%x: tensor<?xf64>, %init: f64) -> f64 {
  %e0 = tensor.empty() : tensor<f64>
  %i0 = tensor.insert %init into %e0[] : tensor<f64>
  %p = linalg.generic {indexing_maps = [#v, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %q = arith.mulf %in, %in : f64
    %r = arith.subf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %p[] : tensor<f64>
  return %v : f64
}

func.func @alternating(%x: tensor<?xf64>, %init: f64) -> f64 {
  %e0 = tensor.empty() : tensor<f64>
  %i0 = tensor.insert %init into %e0[] : tensor<f64>
  %p = linalg.generic {indexing_maps = [#v, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %q = math.sin %in : f64
    %r = arith.subf %q, %acc : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %p[] : tensor<f64>
  return %v : f64
}

func.func @ema(%x: tensor<?x?xf64>, %a: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %i = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %y = linalg.generic {indexing_maps = [#m2, #r], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf64>) outs(%i : tensor<?xf64>) {
  ^bb0(%p: f64, %acc: f64):
    %b = arith.subf %one, %a : f64
    %t1 = arith.mulf %acc, %a : f64
    %t2 = arith.mulf %b, %p : f64
    %t = arith.addf %t1, %t2 : f64
    %sq = arith.mulf %t, %t : f64
    linalg.yield %sq : f64
  } -> tensor<?xf64>
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%y : tensor<?xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%in: f64, %init: f64) {
      %r = arith.addf %init, %in : f64
      linalg.yield %r : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

func.func @ema32(%x: tensor<2x4xf32>, %a: f32) -> f32 {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %i = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %y = linalg.generic {indexing_maps = [#m2, #r], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x4xf32>) outs(%i : tensor<2xf32>) {
  ^bb0(%p: f32, %acc: f32):
    %b = arith.subf %one, %a : f32
    %t1 = arith.mulf %acc, %a : f32
    %t2 = arith.mulf %b, %p : f32
    %t = arith.addf %t1, %t2 : f32
    linalg.yield %t : f32
  } -> tensor<2xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.reduce ins(%y : tensor<2xf32>) outs(%i0 : tensor<f32>) dimensions = [0]
    (%in: f32, %init: f32) {
      %r = arith.mulf %in, %in : f32
      %q = arith.addf %init, %r : f32
      linalg.yield %q : f32
    }
  %v = tensor.extract %s[] : tensor<f32>
  return %v : f32
}

// A sum of squares and a running "softplus" accumulator in one op:
// s = sum x^2, m = log(exp(m) + exp(x)) from m = 0.
func.func @mixed(%x: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r:2 = linalg.generic {indexing_maps = [#v, #s, #s], iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%i0, %i0 : tensor<f64>, tensor<f64>) {
  ^bb0(%in: f64, %sum: f64, %m: f64):
    %q = arith.mulf %in, %in : f64
    %s1 = arith.addf %sum, %q : f64
    %em = math.exp %m : f64
    %ex = math.exp %in : f64
    %t = arith.addf %em, %ex : f64
    %m1 = math.log %t : f64
    linalg.yield %s1, %m1 : f64, f64
  } -> (tensor<f64>, tensor<f64>)
  %a = tensor.extract %r#0[] : tensor<f64>
  %b = tensor.extract %r#1[] : tensor<f64>
  %v = arith.mulf %a, %b : f64
  return %v : f64
}

func.func @grad_prod(%x: tensor<?xf64>, %init: f64) -> (tensor<?xf64>, f64) {
  %g:2 = tape.grad @prod(%x, %init) : (tensor<?xf64>, f64) -> (tensor<?xf64>, f64)
  return %g#0, %g#1 : tensor<?xf64>, f64
}
func.func @grad_ema(%x: tensor<?x?xf64>, %a: f64) -> (tensor<?x?xf64>, f64) {
  %g:2 = tape.grad @ema(%x, %a) : (tensor<?x?xf64>, f64) -> (tensor<?x?xf64>, f64)
  return %g#0, %g#1 : tensor<?x?xf64>, f64
}
