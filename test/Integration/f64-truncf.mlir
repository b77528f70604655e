// arith.truncf: f64 arguments narrowed to f32, computed in f32, result f32.
// The gradient is pinned analytically; the finite-difference tolerance is loose because
// the f64 perturbation is quantized by the truncation to f32 (so loose that
// rounding matters: the check runs without FMA contraction, which moves the
// quantization steps).
// f(x, y) = trunc(x) * cos(trunc(y)) + trunc(x * y)
// RUN: rewind-run %s --entry f --args '[1.5, 0.75]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.5, 0.75]' --grad --json --check --check-tolerance=5e-2 --fp-contract=false | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 2.2225{{[0-9]*}}, "gradient": [1.4816{{[0-9]*}}, 0.47754{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f32 {
  %xs = arith.truncf %x : f64 to f32
  %ys = arith.truncf %y : f64 to f32
  %c = math.cos %ys : f32
  %a = arith.mulf %xs, %c : f32
  %xy = arith.mulf %x, %y : f64
  %xys = arith.truncf %xy : f64 to f32
  %r = arith.addf %a, %xys : f32
  return %r : f32
}
