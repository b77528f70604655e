// rewind-run --jvp JSON: one tangent per argument shaped like --args (null:
// held constant), {"value": V, "tangent": T} with T shaped like the result.
// --hvp JSON with --grad adds the Hessian-vector product, one entry per
// argument. --check compares them with central finite differences.

// f(x, y) = x^2 y + sin(y): J = (2xy, x^2 + cos y), H = [[2y, 2x], [2x, -sin y]].
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --jvp '[1.0, null]' --json | FileCheck %s --check-prefix=JVP
// JVP: {"value": 1.604425538604203, "tangent": 1.5}
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --jvp '[2.0, -1.0]' --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=TEXT
// TEXT: result #0: f64 = 1.604425538604203
// TEXT-NEXT: tangent #0: f64 = -0.12758256189037276
// TEXT-NEXT: check: max relative error vs finite differences =
// The Hessian's columns: symmetric (H[0][1] = H[1][0] = 2x = 3).
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --hvp '[1.0, 0.0]' --json | FileCheck %s --check-prefix=HVP0
// HVP0: {"value": 1.604425538604203, "gradient": [1.5, 3.1275825618903728], "hvp": [1.0, 3.0]}
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --hvp '[0.0, 1.0]' --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=HVP1
// HVP1: {"value": 1.604425538604203, "gradient": [1.5, 3.1275825618903728], "hvp": [3.0, -0.479425538604203{{[0-9]*}}], "max_rel_error":
// Only the differentiated arguments get an entry.
// RUN: rewind-run %s --entry f --args '[1.5, 0.5]' --grad --wrt 1 --hvp '[1.0, 0.0]' --json | FileCheck %s --check-prefix=WRT
// WRT: "gradient": [null, 3.1275825618903728], "hvp": [null, 3.0]}
func.func @f(%x: f64, %y: f64) -> f64 {
  %xx = arith.mulf %x, %x : f64
  %p = arith.mulf %xx, %y : f64
  %s = math.sin %y : f64
  %r = arith.addf %p, %s : f64
  return %r : f64
}

// Tensors, an integer argument (null) and several results: T is an array
// with null for the result that is not floating-point.
// RUN: rewind-run %s --entry g --args '[[1.0, 2.0, 3.0], 2]' --jvp '[[1.0, 0.5, -1.0], null]' --json --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=MULTI
// MULTI: {"value": {{\[\[}}2.0, 8.0, 18.0], 6.0, 2], "tangent": {{\[\[}}4.0, 4.0, -12.0], 0.5, null], "max_rel_error":
func.func @g(%x: tensor<3xf64>, %k: i64) -> (tensor<3xf64>, f64, i64) {
  %kf = arith.sitofp %k : i64 to f64
  %e = tensor.empty() : tensor<3xf64>
  %sq = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<3xf64>) outs(%e : tensor<3xf64>) {
  ^bb0(%v: f64, %o: f64):
    %m = arith.mulf %v, %v : f64
    %r = arith.mulf %m, %kf : f64
    linalg.yield %r : f64
  } -> tensor<3xf64>
  %zero = arith.constant 0.0 : f64
  %z = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%z : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%x : tensor<3xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%a: f64, %acc: f64) {
      %t = arith.addf %a, %acc : f64
      linalg.yield %t : f64
    }
  %sv = tensor.extract %s[] : tensor<f64>
  return %sq, %sv, %k : tensor<3xf64>, f64, i64
}

// Bad tangents are errors that say what is wrong.
// RUN: not rewind-run %s --entry f --args '[1.5, 0.5]' --jvp '[1.0]' 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: rewind-run: error: --jvp takes a JSON array with one tangent per argument of @f (2), null for an argument held constant
// RUN: not rewind-run %s --entry g --args '[[1.0, 2.0, 3.0], 2]' --jvp '[[1.0, 0.5], null]' 2>&1 | FileCheck %s --check-prefix=STATIC
// STATIC: rewind-run: error: --jvp: argument #0 (tensor<3xf64>): dimension 0 has size 2 in the data but 3 in the type
// RUN: not rewind-run %s --entry h --args '[[1.0, 2.0, 3.0]]' --jvp '[[1.0, 0.5]]' 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: rewind-run: error: --jvp: the tangent of argument #0 has type tensor<2xf64>, the argument tensor<3xf64>
// RUN: not rewind-run %s --entry g --args '[[1.0, 2.0, 3.0], 2]' --jvp '[null, 1]' 2>&1 | FileCheck %s --check-prefix=INT
// INT: rewind-run: error: --jvp: argument #1 of @g has type i64: only floating-point arguments take a tangent (give null)
// RUN: not rewind-run %s --entry f --args '[1.5, 0.5]' --hvp '[1.0, 0.0]' 2>&1 | FileCheck %s --check-prefix=NOGRAD
// NOGRAD: rewind-run: error: --hvp needs --grad
// RUN: not rewind-run %s --entry f --args '[1.5, 0.5]' --grad --jvp '[1.0, 0.0]' --hvp '[1.0, 0.0]' 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: rewind-run: error: give --jvp or --hvp, not both
// RUN: not rewind-run %s --entry f --args '[1.5, 0.5]' --jvp 'x' 2>&1 | FileCheck %s --check-prefix=BADJSON
// BADJSON: rewind-run: error: --jvp: {{.*}}

func.func @h(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %v = tensor.extract %x[%c0] : tensor<?xf64>
  return %v : f64
}
