// math.absf on both signs, f32.
// f(x, y) = |x| * y + |x * y - 1| * x
// RUN: rewind-run %s --entry f --args '[-1.5, 2.0]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[-1.5, 2.0]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.75, 0.5]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.75, 0.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": -3.0{{(0{4}[0-9]*)?}}, "gradient": [5.0{{(0{4}[0-9]*)?}}, -0.75{{(0{3}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 0.84375{{[0-9]*}}, "gradient": [0.75{{(0{3}[0-9]*)?}}, 0.1875{{(0{1}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %ax = math.absf %x : f32
  %a = arith.mulf %ax, %y : f32
  %xy = arith.mulf %x, %y : f32
  %d = arith.subf %xy, %one : f32
  %ad = math.absf %d : f32
  %adx = arith.mulf %ad, %x : f32
  %r = arith.addf %a, %adx : f32
  return %r : f32
}
