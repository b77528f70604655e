// scf.for with an f32 loop-carried value and an f32 free variable.
// acc = x; 5 times: acc = acc*y + 0.5*sin(acc)
// RUN: rewind-run %s --entry f --args '[0.8, 0.9]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.8, 0.9]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.3074{{[0-9]*}}, "gradient": [0.73376{{[0-9]*}}, 5.0110{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %h = arith.constant 0.5 : f32
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%acc = %x) -> (f32) {
    %m = arith.mulf %acc, %y : f32
    %s = math.sin %acc : f32
    %hs = arith.mulf %s, %h : f32
    %n = arith.addf %m, %hs : f32
    scf.yield %n : f32
  }
  return %r : f32
}
