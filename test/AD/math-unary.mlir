// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Unary math rules: contribution = g * f'(x), with f' built from the primal
// operand x or the primal result r, whichever is cheaper (tan' = 1 + r^2,
// exp' = r, sqrt' = 1/(2r), ...). CHECK-DAG covers independent operands whose
// emission order is not specified.

func.func @sin(%x: f64) -> f64 {
  %0 = math.sin %x : f64
  return %0 : f64
}
func.func @cos(%x: f64) -> f64 {
  %0 = math.cos %x : f64
  return %0 : f64
}
func.func @tan(%x: f64) -> f64 {
  %0 = math.tan %x : f64
  return %0 : f64
}
func.func @tanh(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}
func.func @asin(%x: f64) -> f64 {
  %0 = math.asin %x : f64
  return %0 : f64
}
func.func @atan(%x: f64) -> f64 {
  %0 = math.atan %x : f64
  return %0 : f64
}
func.func @exp(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}
func.func @exp2(%x: f64) -> f64 {
  %0 = math.exp2 %x : f64
  return %0 : f64
}
func.func @log(%x: f64) -> f64 {
  %0 = math.log %x : f64
  return %0 : f64
}
func.func @log10(%x: f64) -> f64 {
  %0 = math.log10 %x : f64
  return %0 : f64
}
func.func @log1p(%x: f64) -> f64 {
  %0 = math.log1p %x : f64
  return %0 : f64
}
func.func @sqrt(%x: f64) -> f64 {
  %0 = math.sqrt %x : f64
  return %0 : f64
}
func.func @rsqrt(%x: f64) -> f64 {
  %0 = math.rsqrt %x : f64
  return %0 : f64
}
func.func @cbrt(%x: f64) -> f64 {
  %0 = math.cbrt %x : f64
  return %0 : f64
}
func.func @absf(%x: f64) -> f64 {
  %0 = math.absf %x : f64
  return %0 : f64
}
func.func @erf(%x: f64) -> f64 {
  %0 = math.erf %x : f64
  return %0 : f64
}
func.func @main(%a: f64, %b: f32) {
  %0 = tape.grad @sin(%a) : (f64) -> f64
  %1 = tape.grad @cos(%a) : (f64) -> f64
  %2 = tape.grad @tan(%a) : (f64) -> f64
  %3 = tape.grad @tanh(%b) : (f32) -> f32
  %4 = tape.grad @asin(%a) : (f64) -> f64
  %5 = tape.grad @atan(%a) : (f64) -> f64
  %6 = tape.grad @exp(%a) : (f64) -> f64
  %7 = tape.grad @exp2(%a) : (f64) -> f64
  %8 = tape.grad @log(%a) : (f64) -> f64
  %9 = tape.grad @log10(%a) : (f64) -> f64
  %10 = tape.grad @log1p(%a) : (f64) -> f64
  %11 = tape.grad @sqrt(%a) : (f64) -> f64
  %12 = tape.grad @rsqrt(%a) : (f64) -> f64
  %13 = tape.grad @cbrt(%a) : (f64) -> f64
  %14 = tape.grad @absf(%a) : (f64) -> f64
  %15 = tape.grad @erf(%a) : (f64) -> f64
  return
}

// sin' = cos x
// CHECK-LABEL: func.func private @__rewind_pullback_sin_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.sin %[[X]] : f64
// CHECK-NEXT: %[[C:.*]] = math.cos %[[X]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[G]], %[[C]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// cos' = -sin x
// CHECK-LABEL: func.func private @__rewind_pullback_cos_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.cos %[[X]] : f64
// CHECK-NEXT: %[[S:.*]] = math.sin %[[X]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[G]], %[[S]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.negf %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// tan' = 1 + r^2, from the primal result
// CHECK-LABEL: func.func private @__rewind_pullback_tan_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.tan %[[X]] : f64
// CHECK-DAG: %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ONE]], %[[R2]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[G]], %[[S]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// tanh' = 1 - r^2, in f32
// CHECK-LABEL: func.func private @__rewind_pullback_tanh_wrt_0
// CHECK-SAME: (%[[X:.*]]: f32, %[[G:.*]]: f32) -> (f32, f32)
// CHECK-NEXT: %[[R:.*]] = math.tanh %[[X]] : f32
// CHECK-DAG: %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[S:.*]] = arith.subf %[[ONE]], %[[R2]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[G]], %[[S]] : f32
// CHECK-NEXT: return %[[R]], %[[D]] : f32, f32

// asin' = 1 / sqrt(1 - x^2)
// CHECK-LABEL: func.func private @__rewind_pullback_asin_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.asin %[[X]] : f64
// CHECK-DAG: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[S:.*]] = arith.subf %[[ONE]], %[[X2]] : f64
// CHECK-NEXT: %[[Q:.*]] = math.sqrt %[[S]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[Q]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// atan' = 1 / (1 + x^2)
// CHECK-LABEL: func.func private @__rewind_pullback_atan_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.atan %[[X]] : f64
// CHECK-DAG: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ONE]], %[[X2]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[S]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// exp' = r: no second exp
// CHECK-LABEL: func.func private @__rewind_pullback_exp_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.exp %[[X]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[G]], %[[R]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// exp2' = r ln 2
// CHECK-LABEL: func.func private @__rewind_pullback_exp2_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.exp2 %[[X]] : f64
// CHECK-DAG: %[[LN2:.*]] = arith.constant 0.6931471805599{{[0-9]*}} : f64
// CHECK-DAG: %[[M:.*]] = arith.mulf %[[G]], %[[R]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[M]], %[[LN2]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// log' = 1 / x
// CHECK-LABEL: func.func private @__rewind_pullback_log_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.log %[[X]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[X]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// log10' = 1 / (x ln 10)
// CHECK-LABEL: func.func private @__rewind_pullback_log10_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.log10 %[[X]] : f64
// CHECK-NEXT: %[[LN10:.*]] = arith.constant 2.302585092994{{[0-9]*}} : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[X]], %[[LN10]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// log1p' = 1 / (1 + x)
// CHECK-LABEL: func.func private @__rewind_pullback_log1p_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.log1p %[[X]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ONE]], %[[X]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[S]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// sqrt' = 1 / (2 r), from the primal result
// CHECK-LABEL: func.func private @__rewind_pullback_sqrt_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.sqrt %[[X]] : f64
// CHECK-NEXT: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[G]], %[[HALF]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[M]], %[[R]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// rsqrt' = -r^3 / 2
// CHECK-LABEL: func.func private @__rewind_pullback_rsqrt_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.rsqrt %[[X]] : f64
// CHECK-DAG: %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK-DAG: %[[R3:.*]] = arith.mulf %[[R]], %[[R2]] : f64
// CHECK-DAG: %[[MH:.*]] = arith.constant -5.000000e-01 : f64
// CHECK-DAG: %[[M:.*]] = arith.mulf %[[G]], %[[MH]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[M]], %[[R3]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// cbrt' = 1 / (3 r^2)
// CHECK-LABEL: func.func private @__rewind_pullback_cbrt_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.cbrt %[[X]] : f64
// CHECK-DAG: %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3.000000e+00 : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[THREE]], %[[R2]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[G]], %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// |x|' = sign(x), zero at x = 0
// CHECK-LABEL: func.func private @__rewind_pullback_absf_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.absf %[[X]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[SIGN:.*]] = math.copysign %[[ONE]], %[[X]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[NZ:.*]] = arith.cmpf one, %[[X]], %[[Z]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[G]], %[[SIGN]] : f64
// CHECK-NEXT: %[[Z2:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[D:.*]] = arith.select %[[NZ]], %[[M]], %[[Z2]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// erf' = 2/sqrt(pi) exp(-x^2)
// CHECK-LABEL: func.func private @__rewind_pullback_erf_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.erf %[[X]] : f64
// CHECK-NEXT: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[X2]] : f64
// CHECK-NEXT: %[[E:.*]] = math.exp %[[N]] : f64
// CHECK-NEXT: %[[K:.*]] = arith.constant 1.12837916709551{{[0-9]*}} : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[G]], %[[K]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[M]], %[[E]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64
