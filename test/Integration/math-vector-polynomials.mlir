// exp, log, tanh and expm1 on vectors of f64 are polynomials (rewind-expand-math),
// not libm calls: they must agree with libm within a few ulp over the whole
// range, and get special values right.
// DEFINE: %{xs} = NaN, Infinity, -Infinity, -1e6, -5000.0, -2000.0, -1383.7, -1000.0, -745.0, -740.0, -720.0, 1e-300, 1e-20, 1e-8, 0.0001, 0.1, 0.5, 0.6931471805599453, 0.9, 1.0, 1.5, 2.0, 3.14159, 10.0, 20.5, 100.0, 300.0, 700.0, -1e-10, -0.3, -1.0, -2.5, -10.0, -100.0, -700.0, -740.0, 0.0, 1e300, 5e-310, 0.33333333333333, 7.25, 709.5, 709.78, 709.8, -708.5, -707.5, 15.0, 19.0, -19.0, 0.0078125
// RUN: rewind-run %s --entry f --args "[[%{xs}]]" --json | %python %S/Inputs/compare_math.py "[%{xs}]" 4 | FileCheck %s
// CHECK: max error {{[0-3]\.[0-9]+}} ulp
func.func @f(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %exp = linalg.map { math.exp } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %absx = linalg.map { math.absf } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %log = linalg.map { math.log } ins(%absx : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %tanh = linalg.map { math.tanh } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  %expm1 = linalg.map { math.expm1 } ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>)
  return %exp, %log, %tanh, %expm1 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
