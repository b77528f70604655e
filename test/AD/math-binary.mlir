// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Rules of math ops with several operands: atan2, powf, fpowi, copysign, fma.

func.func @atan2(%y: f64, %x: f64) -> f64 {
  %0 = math.atan2 %y, %x : f64
  return %0 : f64
}
func.func @powf(%a: f64, %b: f64) -> f64 {
  %0 = math.powf %a, %b : f64
  return %0 : f64
}
func.func @fpowi(%x: f64, %n: i32) -> f64 {
  %0 = math.fpowi %x, %n : f64, i32
  return %0 : f64
}
func.func @copysign(%a: f64, %b: f64) -> f64 {
  %0 = math.copysign %a, %b : f64
  return %0 : f64
}
func.func @fma(%a: f64, %b: f64, %c: f64) -> f64 {
  %0 = math.fma %a, %b, %c : f64
  return %0 : f64
}
func.func @main(%p: f64, %q: f64, %n: i32) {
  %0:2 = tape.grad @atan2(%p, %q) : (f64, f64) -> (f64, f64)
  %1:2 = tape.grad @powf(%p, %q) : (f64, f64) -> (f64, f64)
  %2 = tape.grad @powf(%p, %q) wrt [0] : (f64, f64) -> f64
  %3 = tape.grad @fpowi(%p, %n) : (f64, i32) -> f64
  %4 = tape.grad @copysign(%p, %q) wrt [0] : (f64, f64) -> f64
  %5:3 = tape.grad @fma(%p, %q, %p) : (f64, f64, f64) -> (f64, f64, f64)
  return
}

// atan2(y, x): dy = g x / (x^2 + y^2), dx = -g y / (x^2 + y^2)
// CHECK-LABEL: func.func private @__rewind_pullback_atan2_wrt_0_1
// CHECK-SAME: (%[[Y:.*]]: f64, %[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.atan2 %[[Y]], %[[X]] : f64
// CHECK-DAG: %[[Y2:.*]] = arith.mulf %[[Y]], %[[Y]] : f64
// CHECK-DAG: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-NEXT: %[[N:.*]] = arith.addf %[[X2]], %[[Y2]] : f64
// CHECK-NEXT: %[[S:.*]] = arith.divf %[[G]], %[[N]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.mulf %[[S]], %[[X]] : f64
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[S]], %[[Y]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.negf %[[M]] : f64
// CHECK-NEXT: return %[[R]], %[[DY]], %[[DX]] : f64, f64, f64

// powf(a, b): da = g b a^(b-1), zero where b == 0; db = g r ln a, zero where a == 0
// CHECK-LABEL: func.func private @__rewind_pullback_powf_wrt_0_1
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.powf %[[A]], %[[B]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[BM1:.*]] = arith.subf %[[B]], %[[ONE]] : f64
// CHECK-NEXT: %[[P:.*]] = math.powf %[[A]], %[[BM1]] : f64
// CHECK-NEXT: %[[Z0:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[BNZ:.*]] = arith.cmpf one, %[[B]], %[[Z0]] : f64
// CHECK-NEXT: %[[BP:.*]] = arith.mulf %[[B]], %[[P]] : f64
// CHECK-NEXT: %[[GBP:.*]] = arith.mulf %[[G]], %[[BP]] : f64
// CHECK-NEXT: %[[Z1:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DA:.*]] = arith.select %[[BNZ]], %[[GBP]], %[[Z1]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[NZ:.*]] = arith.cmpf one, %[[A]], %[[Z]] : f64
// CHECK-NEXT: %[[LN:.*]] = math.log %[[A]] : f64
// CHECK-NEXT: %[[RL:.*]] = arith.mulf %[[R]], %[[LN]] : f64
// CHECK-NEXT: %[[GRL:.*]] = arith.mulf %[[G]], %[[RL]] : f64
// CHECK-NEXT: %[[Z2:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DB:.*]] = arith.select %[[NZ]], %[[GRL]], %[[Z2]] : f64
// CHECK-NEXT: return %[[R]], %[[DA]], %[[DB]] : f64, f64, f64

// With respect to the base only: no log.
// CHECK-LABEL: func.func private @__rewind_pullback_powf_wrt_0(
// CHECK-NOT: math.log
// CHECK: return

// fpowi(x, n): dx = g n x^(n-1), zero where n == 0; the integer exponent gets no adjoint.
// CHECK-LABEL: func.func private @__rewind_pullback_fpowi_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: i32, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.fpowi %[[X]], %[[N]] : f64, i32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[NM1:.*]] = arith.subi %[[N]], %[[ONE]] : i32
// CHECK-NEXT: %[[P:.*]] = math.fpowi %[[X]], %[[NM1]] : f64, i32
// CHECK-NEXT: %[[NF:.*]] = arith.sitofp %[[N]] : i32 to f64
// CHECK-NEXT: %[[Z0:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[NNZ:.*]] = arith.cmpf one, %[[NF]], %[[Z0]] : f64
// CHECK-NEXT: %[[NP:.*]] = arith.mulf %[[NF]], %[[P]] : f64
// CHECK-NEXT: %[[GNP:.*]] = arith.mulf %[[G]], %[[NP]] : f64
// CHECK-NEXT: %[[Z1:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[D:.*]] = arith.select %[[NNZ]], %[[GNP]], %[[Z1]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// copysign(a, b): da = g sign(a) sign(b)
// CHECK-LABEL: func.func private @__rewind_pullback_copysign_wrt_0
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.copysign %[[A]], %[[B]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[SA:.*]] = math.copysign %[[ONE]], %[[A]] : f64
// CHECK-NEXT: %[[SB:.*]] = math.copysign %[[ONE]], %[[B]] : f64
// CHECK-NEXT: %[[S:.*]] = arith.mulf %[[SA]], %[[SB]] : f64
// CHECK-NEXT: %[[D:.*]] = arith.mulf %[[G]], %[[S]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// fma(a, b, c) = a b + c: da = g b, db = g a, dc = g.
// CHECK-LABEL: func.func private @__rewind_pullback_fma_wrt_0_1_2
// CHECK-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %[[C:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64, f64)
// CHECK-NEXT: %[[R:.*]] = math.fma %[[A]], %[[B]], %[[C]] : f64
// CHECK-NEXT: %[[DA:.*]] = arith.mulf %[[G]], %[[B]] : f64
// CHECK-NEXT: %[[DB:.*]] = arith.mulf %[[G]], %[[A]] : f64
// CHECK-NEXT: return %[[R]], %[[DA]], %[[DB]], %[[G]] : f64, f64, f64, f64
