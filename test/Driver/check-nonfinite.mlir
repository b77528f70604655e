// --check fails (exit 3) when a gradient or a finite difference is NaN or
// infinite, naming the argument and element and both values, with or
// without --check-tolerance: it never reports an error of 0 for NaNs.
// sqrt at 0: an infinite derivative.
// RUN: rewind-run %s --entry root --args '[[1.0, 0.0, 4.0]]' --grad --check --json > %t.out 2> %t.err; test $? -eq 3
// RUN: FileCheck %s --check-prefix=ROOT < %t.out
// RUN: FileCheck %s --check-prefix=ROOT-ERR < %t.err
// ROOT: "max_rel_error": Infinity}
// ROOT-ERR: rewind-run: error: gradient check failed: the derivative with respect to argument #0 at [1] is Infinity by reverse mode and {{.*}} by finite differences
// log of a negative number: the value and its finite differences are NaN.
// RUN: rewind-run %s --entry logarithm --args '[-1.0, 2.0]' --grad --check > %t.out2 2> %t.err2; test $? -eq 3
// RUN: FileCheck %s --check-prefix=LOG < %t.out2
// RUN: FileCheck %s --check-prefix=LOG-ERR < %t.err2
// LOG: check: max relative error vs finite differences = Infinity
// LOG-ERR: rewind-run: error: gradient check failed: the derivative with respect to argument #0 is -2.0 by reverse mode and NaN by finite differences
// Finite gradients still pass.
// RUN: rewind-run %s --entry logarithm --args '[3.0, 2.0]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=OK
// OK: check: max relative error vs finite differences = {{[0-9.]+}}e-{{[0-9]+}}

func.func @root(%x: tensor<3xf64>) -> f64 {
  %c1 = arith.constant 1 : index
  %v = tensor.extract %x[%c1] : tensor<3xf64>
  %r = math.sqrt %v : f64
  return %r : f64
}
func.func @logarithm(%x: f64, %y: f64) -> f64 {
  %l = math.log %x : f64
  %r = arith.mulf %l, %y : f64
  return %r : f64
}
