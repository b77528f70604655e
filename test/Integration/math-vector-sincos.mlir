// sin and cos on vectors of f64 are polynomials (rewind-expand-math): the
// argument reduced by pi/2 in three parts, fdlibm's kernels, the quadrant
// choosing sin or cos and the sign; within 1 ulp of libm, multiples of pi/2
// included. Vectors with a lane beyond |x| = 1e5, infinite or not, keep
// libm's per-lane calls; NaN propagates.
// DEFINE: %{xs} = 0.0, -0.0, 1e-300, 1e-8, 0.1, 0.5, 0.7853981633974483, 1.0, 1.5707963267948966, 2.0, 3.141592653589793, 4.71238898038469, 6.283185307179586, 10.0, 100.0, 1000.0, 12345.678, 99999.0, -1.0, -3.0, -77.7, 314.1592653589793, -628.3185307179586, 1570.7963267948965, 7.0685834705770345, -5.201793338076829
// RUN: rewind-run %s --entry f --args "[[%{xs}]]" --json | %python %S/Inputs/compare_math.py "[%{xs}]" 1 sin,cos | FileCheck %s
// CHECK: max error {{0\.[0-9]+|1\.00}} ulp
// DEFINE: %{far} = 0.5, 2.0, 1e6, -3e10, 1e300, Infinity, -Infinity, NaN, 7.0
// RUN: rewind-run %s --entry f --args "[[%{far}]]" --json | %python %S/Inputs/compare_math.py "[%{far}]" 1 sin,cos | FileCheck %s
// Gradients through them (vectorized: the adjoint's cos too) against
// finite differences.
// RUN: rewind-run %s --entry g --args "[[0.1, 0.5, 1.0, 2.0, -3.0, 10.0, 3.141592653589793, -0.7, 5.5, 1e-3, 42.0]]" --grad --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=GRAD
// GRAD: check: max relative error
func.func @f(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %sin = linalg.map { math.sin } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %cos = linalg.map { math.cos } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  return %sin, %cos : tensor<?xf64>, tensor<?xf64>
}

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>
func.func @g(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %s = linalg.map { math.sin } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %zero = arith.constant 0.0 : f64
  %z = tensor.empty() : tensor<f64>
  %acc = linalg.fill ins(%zero : f64) outs(%z : tensor<f64>) -> tensor<f64>
  %t = linalg.generic {indexing_maps = [#id, #id, #sum], iterator_types = ["reduction"]}
      ins(%s, %x : tensor<?xf64>, tensor<?xf64>) outs(%acc : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %c = math.cos %b : f64
    %p = arith.mulf %a, %c : f64
    %r = arith.addf %o, %p : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %r = tensor.extract %t[] : tensor<f64>
  return %r : f64
}
