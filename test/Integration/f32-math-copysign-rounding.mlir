// math.copysign with f32 and zero-derivative rounding ops on f32.
// f(x, y) = copysign(x, y) * floor(x + y) + ceil(y) * x * y
// RUN: rewind-run %s --entry f --args '[1.75, -3.5]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.75, -3.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[-1.25, 2.75]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[-1.25, 2.75]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 21.875{{[0-9]*}}, "gradient": [12.5{{(0{2}[0-9]*)?}}, -5.25{{(0{2}[0-9]*)?}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": -9.0625{{[0-9]*}}, "gradient": [7.25{{(0{2}[0-9]*)?}}, -3.75{{(0{2}[0-9]*)?}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f32 {
  %c = math.copysign %x, %y : f32
  %s = arith.addf %x, %y : f32
  %fl = math.floor %s : f32
  %a = arith.mulf %c, %fl : f32
  %ce = math.ceil %y : f32
  %b0 = arith.mulf %ce, %x : f32
  %b = arith.mulf %b0, %y : f32
  %r = arith.addf %a, %b : f32
  return %r : f32
}
