// f64 exp, log, tanh, expm1, sin and cos on scalars inside loops are the
// polynomials of rewind-expand-math too (no libm call in the loop): within
// a few ulp of libm over the whole range, special values included; sin and
// cos beyond |x| = 1e5 (or infinite) branch to libm. Scalars outside loops
// keep libm.
// DEFINE: %{xs} = NaN, Infinity, -Infinity, -1e6, -5000.0, -1000.0, -745.0, -744.0, -740.0, -720.0, -709.0, -708.5, -707.5, 1e-300, 1e-20, 1e-8, 0.0001, 0.1, 0.5, 0.6931471805599453, 1.0, 1.5, 3.14159, 10.0, 18.9, 19.5, 20.5, 100.0, 300.0, 700.0, 709.5, 709.78, 709.8, -1e-10, -0.3, -1.0, -2.5, -10.0, -19.2, -100.0, -700.0, 0.0, -0.0, 1e300, 5e-310, 0.33333333333333, 7.25, 0.0078125
// RUN: rewind-run %s --entry f --args "[[%{xs}]]" --json | %python %S/Inputs/compare_math.py "[%{xs}]" 4 exp,log,tanh,expm1 | FileCheck %s
// DEFINE: %{angles} = 0.0, -0.0, 1e-300, 0.1, 0.7853981633974483, 1.5707963267948966, 3.141592653589793, 10.0, 12345.678, 99999.0, -77.7, 1e6, -3e10, 1e300, Infinity, -Infinity, NaN
// RUN: rewind-run %s --entry trig --args "[[%{angles}]]" --json | %python %S/Inputs/compare_math.py "[%{angles}]" 1 sin,cos | FileCheck %s
// CHECK: max error {{[0-3]\.[0-9]+}} ulp
// The loop calls no libm function; the exp after it does.
// RUN: rewind-run %s --entry f --args "[[1.0]]" --emit=llvm | FileCheck %s --check-prefix=IR
// IR-LABEL: define {{.*}}@__rewind_primal(
// IR-NOT: call {{.*}}@{{(llvm\.)?(exp|log|tanh|expm1)(\.f64)?}}(
// IR: call {{.*}}@llvm.exp.f64(
// IR-NOT: call {{.*}}@{{(llvm\.)?(exp|log|tanh|expm1)(\.f64)?}}(
// IR: ret
// The gradient through them against finite differences.
// RUN: rewind-run %s --entry g --args "[[0.1, 0.5, 1.0, 2.0, -3.0, 10.0, -0.7, 5.5, 1e-3, 4.2]]" --grad --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=GRAD
// GRAD: check: max relative error
func.func @f(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %r:4 = scf.for %i = %c0 to %n step %c1 iter_args(%a = %e, %l = %e, %t = %e, %m = %e)
      -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
    %v = tensor.extract %x[%i] : tensor<?xf64>
    %av = math.absf %v : f64
    %ev = math.exp %v : f64
    %lv = math.log %av : f64
    %tv = math.tanh %v : f64
    %mv = math.expm1 %v : f64
    %a2 = tensor.insert %ev into %a[%i] : tensor<?xf64>
    %l2 = tensor.insert %lv into %l[%i] : tensor<?xf64>
    %t2 = tensor.insert %tv into %t[%i] : tensor<?xf64>
    %m2 = tensor.insert %mv into %m[%i] : tensor<?xf64>
    scf.yield %a2, %l2, %t2, %m2 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
  }
  %first = tensor.extract %x[%c0] : tensor<?xf64>
  %once = math.exp %first : f64
  return %r#0, %r#1, %r#2, %r#3, %once : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, f64
}

func.func @trig(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %e, %c = %e)
      -> (tensor<?xf64>, tensor<?xf64>) {
    %v = tensor.extract %x[%i] : tensor<?xf64>
    %sv = math.sin %v : f64
    %cv = math.cos %v : f64
    %s2 = tensor.insert %sv into %s[%i] : tensor<?xf64>
    %c2 = tensor.insert %cv into %c[%i] : tensor<?xf64>
    scf.yield %s2, %c2 : tensor<?xf64>, tensor<?xf64>
  }
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}

// sum_i exp(x_i/4) tanh(x_i) / (1 + e^-x_i) + log(1 + x_i^2) sin(x_i) + expm1(x_i/8) cos(x_i)
func.func @g(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f64
  %quarter = arith.constant 0.25 : f64
  %eighth = arith.constant 0.125 : f64
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
    %v = tensor.extract %x[%i] : tensor<?xf64>
    %q = arith.mulf %v, %quarter : f64
    %e = math.exp %q : f64
    %t = math.tanh %v : f64
    %nv = arith.negf %v : f64
    %en = math.exp %nv : f64
    %d = arith.addf %one, %en : f64
    %sig = arith.divf %one, %d : f64
    %p = arith.mulf %e, %t : f64
    %p2 = arith.mulf %p, %sig : f64
    %sq = arith.mulf %v, %v : f64
    %sq1 = arith.addf %one, %sq : f64
    %l = math.log %sq1 : f64
    %sn = math.sin %v : f64
    %ls = arith.mulf %l, %sn : f64
    %o = arith.mulf %v, %eighth : f64
    %m = math.expm1 %o : f64
    %cs = math.cos %v : f64
    %mc = arith.mulf %m, %cs : f64
    %s1 = arith.addf %p2, %ls : f64
    %s2 = arith.addf %s1, %mc : f64
    %a = arith.addf %acc, %s2 : f64
    scf.yield %a : f64
  }
  return %s : f64
}
