// func.call inside an scf.for body, taking the loop-carried value and a free
// variable. step(a, x) = a + sin(a) * x; acc = y; 5 iterations
// RUN: rewind-run %s --entry f --args '[0.6, 0.5]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.6, 0.5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.78402543536{{[0-9]*}}, "gradient": [2.58295002664{{[0-9]*}}, 1.32373762509{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @step(%a: f64, %x: f64) -> f64 {
  %s = math.sin %a : f64
  %m = arith.mulf %s, %x : f64
  %r = arith.addf %a, %m : f64
  return %r : f64
}

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%acc = %y) -> (f64) {
    %n = func.call @step(%acc, %x) : (f64, f64) -> f64
    scf.yield %n : f64
  }
  return %r : f64
}
