// Callee containing an scf.for with an scf.if inside, called twice with
// different arguments. k(a, b) = loop3{acc > 1 ? acc*b : acc + a*a}; f(x, y) = k(x, y) + k(y, x) * x
// RUN: rewind-run %s --entry f --args '[0.7, 1.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.7, 1.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 5.3872{{(0{7}[0-9]*)?}}, "gradient": [11.056{{(0{7}[0-9]*)?}}, 6.391{{(0{8}[0-9]*)?}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @k(%a: f64, %b: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %one = arith.constant 1.0 : f64
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %a) -> (f64) {
    %c = arith.cmpf ogt, %acc, %one : f64
    %n = scf.if %c -> (f64) {
      %m = arith.mulf %acc, %b : f64
      scf.yield %m : f64
    } else {
      %aa = arith.mulf %a, %a : f64
      %m = arith.addf %acc, %aa : f64
      scf.yield %m : f64
    }
    scf.yield %n : f64
  }
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %k1 = func.call @k(%x, %y) : (f64, f64) -> f64
  %k2 = func.call @k(%y, %x) : (f64, f64) -> f64
  %m = arith.mulf %k2, %x : f64
  %r = arith.addf %k1, %m : f64
  return %r : f64
}
