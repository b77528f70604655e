// Contractions in every layout, vectorized (tiles of outer products) and as
// plain loops, every gradient checked by finite differences: A B^T as a
// named linalg.matmul with indexing maps (its B gets a transposed copy),
// A^T B, a batched contraction whose output's contiguous dimension comes
// first in both inputs, and a reduction whose body applies exp to an input
// (a contraction to linalg's interface, but not a plain multiply-add).
// RUN: %python %S/Inputs/random_args.py 9x7 11x7 5x9x3 5x11x3 7x11 > %t.json
// RUN: rewind-run %s --entry f --args-file %t.json --grad --check --check-tolerance=1e-6 --json > %t.vec
// RUN: rewind-run %s --entry f --args-file %t.json --grad --check --check-tolerance=1e-6 --vectorize=false --json > %t.loops
// RUN: FileCheck %s < %t.vec
// RUN: FileCheck %s < %t.loops
// RUN: %python -c "import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); assert abs(a['value'] - b['value']) <= 1e-9 * abs(b['value']), (a['value'], b['value'])" %t.vec %t.loops
// CHECK: "max_rel_error":

func.func @f(%a: tensor<9x7xf64>, %b: tensor<11x7xf64>, %u: tensor<5x9x3xf64>,
             %v: tensor<5x11x3xf64>, %w: tensor<7x11xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  // A B^T: C(m, n) = sum_k A(m, k) B(n, k).
  %e1 = tensor.empty() : tensor<9x11xf64>
  %z1 = linalg.fill ins(%zero : f64) outs(%e1 : tensor<9x11xf64>) -> tensor<9x11xf64>
  %abt = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<9x7xf64>, tensor<11x7xf64>) outs(%z1 : tensor<9x11xf64>) -> tensor<9x11xf64>
  // A^T W: D(k, n) = sum_m A(m, k) abt(m, n) ... through W(k, n) as init.
  %atb = linalg.matmul indexing_maps = [affine_map<(k, n, m) -> (m, k)>, affine_map<(k, n, m) -> (m, n)>, affine_map<(k, n, m) -> (k, n)>]
      ins(%a, %abt : tensor<9x7xf64>, tensor<9x11xf64>) outs(%w : tensor<7x11xf64>) -> tensor<7x11xf64>
  // Batched, contiguous dimension c first in the loops: G(b, m, n) =
  // sum_c U(b, m, c) V(b, n, c).
  %e2 = tensor.empty() : tensor<5x9x11xf64>
  %z2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<5x9x11xf64>) -> tensor<5x9x11xf64>
  %g = linalg.generic {indexing_maps = [affine_map<(c, b, m, n) -> (b, m, c)>, affine_map<(c, b, m, n) -> (b, n, c)>, affine_map<(c, b, m, n) -> (b, m, n)>],
                       iterator_types = ["reduction", "parallel", "parallel", "parallel"]}
      ins(%u, %v : tensor<5x9x3xf64>, tensor<5x11x3xf64>) outs(%z2 : tensor<5x9x11xf64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %m = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<5x9x11xf64>
  // exp in the body: H(k, n) = sum_m exp(A(m, k)) abt(m, n).
  %e3 = tensor.empty() : tensor<7x11xf64>
  %z3 = linalg.fill ins(%zero : f64) outs(%e3 : tensor<7x11xf64>) -> tensor<7x11xf64>
  %h = linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (m, n)>, affine_map<(m, k, n) -> (k, n)>],
                       iterator_types = ["reduction", "parallel", "parallel"]}
      ins(%a, %abt : tensor<9x7xf64>, tensor<9x11xf64>) outs(%z3 : tensor<7x11xf64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %ex = math.exp %x : f64
    %m = arith.mulf %ex, %y : f64
    %s = arith.addf %m, %acc : f64
    linalg.yield %s : f64
  } -> tensor<7x11xf64>
  // r = sum(atb * h) + sum(g^2).
  %init = tensor.empty() : tensor<f64>
  %r0 = linalg.fill ins(%zero : f64) outs(%init : tensor<f64>) -> tensor<f64>
  %r1 = linalg.generic {indexing_maps = [affine_map<(k, n) -> (k, n)>, affine_map<(k, n) -> (k, n)>, affine_map<(k, n) -> ()>],
                        iterator_types = ["reduction", "reduction"]}
      ins(%atb, %h : tensor<7x11xf64>, tensor<7x11xf64>) outs(%r0 : tensor<f64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %m = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %r2 = linalg.generic {indexing_maps = [affine_map<(b, m, n) -> (b, m, n)>, affine_map<(b, m, n) -> ()>],
                        iterator_types = ["reduction", "reduction", "reduction"]}
      ins(%g : tensor<5x9x11xf64>) outs(%r1 : tensor<f64>) {
  ^bb0(%x: f64, %acc: f64):
    %m = arith.mulf %x, %x : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %r = tensor.extract %r2[] : tensor<f64>
  return %r : f64
}
