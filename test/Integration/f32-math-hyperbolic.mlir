// math.sinh / cosh / tanh on f32.
// f(x, y) = sinh(x) * y + cosh(x * y) + tanh(y)
// RUN: rewind-run %s --entry f --args '[0.8, -0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.8, -0.6]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.047515{{[0-9]*}}, "gradient": [-0.50327{{[0-9]*}}, 1.2007{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %s = math.sinh %x : f32
  %a = arith.mulf %s, %y : f32
  %xy = arith.mulf %x, %y : f32
  %c = math.cosh %xy : f32
  %t = math.tanh %y : f32
  %b = arith.addf %a, %c : f32
  %r = arith.addf %b, %t : f32
  return %r : f32
}
