// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// floor, ceil, round, roundeven and trunc have a zero derivative: they stop
// derivatives, so x * floor(x) has gradient floor(x) and nothing flows
// through the floor.

func.func @f(%x: f64) -> f64 {
  %0 = math.floor %x : f64
  %1 = math.ceil %0 : f64
  %2 = math.round %1 : f64
  %3 = math.roundeven %2 : f64
  %4 = math.trunc %3 : f64
  %r = arith.mulf %x, %4 : f64
  return %r : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[T:.*]] = math.trunc %{{.*}} : f64
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[X]], %[[T]] : f64
// CHECK-NEXT: %[[DX:.*]] = arith.mulf %[[G]], %[[T]] : f64
// CHECK-NEXT: return %[[R]], %[[DX]] : f64, f64
