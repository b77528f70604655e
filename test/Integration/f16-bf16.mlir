// f16 and bf16 arguments and results, end to end: --args rounds to the
// nearest value of the type, results print as the shortest decimal that
// reads back to the same 16-bit value, and gradients come back in the
// argument's type. Each operation on f16/bf16 computes in f32 and rounds its
// result (as LLVM does on x86 without native half-precision arithmetic).
//
// sin(x0 * y) + x1 at x = (0.5, 2), y = 1.5: d/dx0 = cos(0.75) * 1.5 = 1.0976,
// d/dy = cos(0.75) * 0.5 = 0.3658 (rounded to f16 and bf16).
// RUN: rewind-run %s --entry mixed --args '[[0.5, 2.0], 1.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefix=MIXED
// MIXED: {"value": 2.6816387, "gradient": {{\[\[}}1.098, 1.0], 0.365], "max_rel_error":
// x e^x at 0.5 = 0.8244, (1 + x) e^x = 2.473:
// RUN: rewind-run %s --entry half --args '[0.5]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefix=HALF
// HALF: {"value": 0.824, "gradient": [2.473], "max_rel_error":
// RUN: rewind-run %s --entry brain --args '[1.5, 2.5]' --grad --json | FileCheck %s --check-prefix=BRAIN
// BRAIN: {"value": 5.25, "gradient": [3.5, 1.5]}
// 3.14159 is 3.140625 in both types; 65504 is the largest f16:
// RUN: rewind-run %s --entry round --args '[3.14159, 3.14159, 65504, 70000]' --json | FileCheck %s --check-prefix=ROUND
// ROUND: {"value": [3.14, 3.14, 65500.0, Infinity]}
// ../shared/reliability/03: results of these types (which crashed the host
// side), with and without a gradient.
// RUN: rewind-run %s --entry trunc_bf16 --args '[1.5]' --json | FileCheck %s --check-prefix=TRUNC-BF16
// TRUNC-BF16: {"value": 1.5}
// RUN: rewind-run %s --entry trunc_f16 --args '[1.5]' --grad --json | FileCheck %s --check-prefix=TRUNC-F16
// TRUNC-F16: {"value": 1.5, "gradient": [1.0]}

func.func @mixed(%x: tensor<2xf16>, %y: bf16) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tensor.extract %x[%c0] : tensor<2xf16>
  %b = tensor.extract %x[%c1] : tensor<2xf16>
  %a32 = arith.extf %a : f16 to f32
  %b32 = arith.extf %b : f16 to f32
  %y32 = arith.extf %y : bf16 to f32
  %m = arith.mulf %a32, %y32 : f32
  %s = math.sin %m : f32
  %r = arith.addf %s, %b32 : f32
  return %r : f32
}
func.func @half(%x: f16) -> f16 {
  %e = math.exp %x : f16
  %r = arith.mulf %e, %x : f16
  return %r : f16
}
func.func @brain(%x: bf16, %y: bf16) -> bf16 {
  %r = arith.mulf %x, %y : bf16
  %s = arith.addf %r, %x : bf16
  return %s : bf16
}
func.func @round(%a: f16, %b: bf16, %c: f16, %d: f16) -> (f16, bf16, f16, f16) {
  return %a, %b, %c, %d : f16, bf16, f16, f16
}
func.func @trunc_bf16(%x: f64) -> bf16 {
  %r = arith.truncf %x : f64 to bf16
  return %r : bf16
}
func.func @trunc_f16(%x: f64) -> f16 {
  %r = arith.truncf %x : f64 to f16
  return %r : f16
}
