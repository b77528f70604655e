// arith.extf: f32 arguments widened to f64, computation and result in f64.
// f(x, y) = ext(x) * exp(ext(y)) + ext(x * y)
// RUN: rewind-run %s --entry f --args '[1.5, 0.25]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.5, 0.25]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.30103{{[0-9]*}}, "gradient": [1.53402{{[0-9]*}}, 3.42603{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f32, %y: f32) -> f64 {
  %xd = arith.extf %x : f32 to f64
  %yd = arith.extf %y : f32 to f64
  %e = math.exp %yd : f64
  %a = arith.mulf %xd, %e : f64
  %xy = arith.mulf %x, %y : f32
  %xyd = arith.extf %xy : f32 to f64
  %r = arith.addf %a, %xyd : f64
  return %r : f64
}
