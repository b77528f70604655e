// No NaN from the branch not taken: the operand a select (or a max, or a
// clamp) did not choose gets a zero adjoint even where its local derivative
// is infinite or NaN (strong zeros), in scalars, tensors, loops and callees.
// Boundary points of rules: powf(x, 2) at 0 and at negatives, absf at 0,
// cbrt of negatives. Checked analytically and by finite differences.
//
// select(x > 0, log(x) * k, 0.5 * x) at x = 0 and x = -1: d/dx = 0.5, d/dk = 0.
// RUN: rewind-run %s --entry where --args '[0, 2]' --grad --json | FileCheck %s --check-prefix=W0
// W0: {"value": 0.0, "gradient": [0.5, 0.0]}
// RUN: rewind-run %s --entry where --args '[-1, 2]' --grad --json | FileCheck %s --check-prefix=W1
// W1: {"value": -0.5, "gradient": [0.5, 0.0]}
// RUN: rewind-run %s --entry where --args '[2, 2]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// max(x, log(y)) at y = 0: d/dy = 0.
// RUN: rewind-run %s --entry maxlog --args '[1, 0]' --grad --json | FileCheck %s --check-prefix=M
// M: {"value": 1.0, "gradient": [1.0, 0.0]}
// A where on an f32 tensor (sqrt(x) * log(x) * k where x > 0), vectorized
// and not: elements <= 0 get 0.5, k gets the sum over the others.
// RUN: rewind-run %s --entry wheret --args '[[0, -1, 4, 1, -3, 1, 0, 4, -2, 1, 1, 1, 1, 1, 1, 1, -1], 2]' --grad --json | FileCheck %s --check-prefix=T
// RUN: rewind-run %s --entry wheret --args '[[0, -1, 4, 1, -3, 1, 0, 4, -2, 1, 1, 1, 1, 1, 1, 1, -1], 2]' --grad --json --vectorize=false | FileCheck %s --check-prefix=T
// T: "gradient": {{\[\[}}0.5, 0.5, 1.693147{{[0-9]*}}, 2.0, 0.5, 2.0, 0.5, 1.693147{{[0-9]*}}, 0.5, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.5], 5.545177{{[0-9]*}}]
// In a loop, and through a call whose result a select discards.
// RUN: rewind-run %s --entry loop --args '[-1.5]' --grad --json | FileCheck %s --check-prefix=L
// L: {"value": -0.09375, "gradient": [0.0625]}
// RUN: rewind-run %s --entry callee_masked --args '[-2, 3]' --grad --json | FileCheck %s --check-prefix=C
// C: {"value": 6.0, "gradient": [0.0, 5.0]}
// Boundary points.
// RUN: rewind-run %s --entry pow2 --args '[0]' --grad --json | FileCheck %s --check-prefix=P0
// P0: {"value": 0.0, "gradient": [0.0]}
// RUN: rewind-run %s --entry pow2 --args '[-3]' --grad --json | FileCheck %s --check-prefix=PN
// PN: {"value": 9.0, "gradient": [-6.0]}
// RUN: rewind-run %s --entry absf --args '[0]' --grad --json | FileCheck %s --check-prefix=A0
// A0: {"value": 0.0, "gradient": [0.0]}
// RUN: rewind-run %s --entry cbrt --args '[-8]' --grad --json | FileCheck %s --check-prefix=CB
// CB: {"value": -2.0, "gradient": [0.0833333333333333{{[0-9]*}}]}
// f32 tensors: powf(x, 2) + cbrt(x) at negatives (and 0.1), vectorized and not.
// RUN: rewind-run %s --entry powcbrt --args '[[-3, -8, 0.1, 2, -1, 1, -2, 3, -27, 4, 5, -6, 7, -0.5, 0.25, -0.125, 8]]' --grad --check --check-tolerance=2e-2 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry powcbrt --args '[[-3, -8, 0.1, 2, -1, 1, -2, 3, -27, 4, 5, -6, 7, -0.5, 0.25, -0.125, 8]]' --grad --check --check-tolerance=2e-2 --vectorize=false | FileCheck %s --check-prefix=FD
// FD: check: max relative error

func.func @where(%x: f64, %k: f64) -> f64 {
  %z = arith.constant 0.0 : f64
  %h = arith.constant 0.5 : f64
  %c = arith.cmpf ogt, %x, %z : f64
  %l = math.log %x : f64
  %lk = arith.mulf %l, %k : f64
  %hx = arith.mulf %h, %x : f64
  %r = arith.select %c, %lk, %hx : f64
  return %r : f64
}

func.func @maxlog(%x: f64, %y: f64) -> f64 {
  %l = math.log %y : f64
  %r = arith.maximumf %x, %l : f64
  return %r : f64
}

func.func @wheret(%x: tensor<?xf32>, %k: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%in: f32, %o: f32):
    %z = arith.constant 0.0 : f32
    %h = arith.constant 0.5 : f32
    %c = arith.cmpf ogt, %in, %z : f32
    %s = math.sqrt %in : f32
    %l = math.log %in : f32
    %sl = arith.mulf %s, %l : f32
    %lk = arith.mulf %sl, %k : f32
    %hx = arith.mulf %h, %in : f32
    %v = arith.select %c, %lk, %hx : f32
    linalg.yield %v : f32
  } -> tensor<?xf32>
  %z = arith.constant 0.0 : f32
  %init = tensor.from_elements %z : tensor<f32>
  %s = linalg.reduce ins(%r : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %v = tensor.extract %s[] : tensor<f32>
  return %v : f32
}

// Four steps of a = select(a > 0, sqrt(a), a / 2) from a negative start:
// only the halving branch runs, d/dx = 1/16.
func.func @loop(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f64
  %h = arith.constant 0.5 : f64
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %x) -> f64 {
    %c = arith.cmpf ogt, %a, %z : f64
    %s = math.sqrt %a : f64
    %ha = arith.mulf %a, %h : f64
    %n = arith.select %c, %s, %ha : f64
    scf.yield %n : f64
  }
  return %r : f64
}

// The callee's result (log(x) * y, NaN for x < 0) is discarded by a select.
func.func @logscale(%x: f64, %y: f64) -> f64 {
  %l = math.log %x : f64
  %r = arith.mulf %l, %y : f64
  return %r : f64
}
func.func @callee_masked(%x: f64, %y: f64) -> f64 {
  %z = arith.constant 0.0 : f64
  %c = arith.cmpf ogt, %x, %z : f64
  %v = func.call @logscale(%x, %y) : (f64, f64) -> f64
  %w = arith.mulf %y, %y : f64
  %t = arith.subf %w, %y : f64
  %r = arith.select %c, %v, %t : f64
  return %r : f64
}

func.func @pow2(%x: f64) -> f64 {
  %c2 = arith.constant 2.0 : f64
  %r = math.powf %x, %c2 : f64
  return %r : f64
}

func.func @absf(%x: f64) -> f64 {
  %r = math.absf %x : f64
  return %r : f64
}

// Named like libm's cbrt, which math.cbrt calls: the program's function
// does not take its place.
func.func @cbrt(%x: f64) -> f64 {
  %r = math.cbrt %x : f64
  return %r : f64
}

func.func @powcbrt(%x: tensor<?xf32>) -> f32 {
  %c2 = arith.constant 2.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %twos = linalg.fill ins(%c2 : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %p = math.powf %x, %twos : tensor<?xf32>
  %c = math.cbrt %x : tensor<?xf32>
  %s = arith.addf %p, %c : tensor<?xf32>
  %z = arith.constant 0.0 : f32
  %init = tensor.from_elements %z : tensor<f32>
  %r = linalg.reduce ins(%s : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %v = tensor.extract %r[] : tensor<f32>
  return %v : f32
}
