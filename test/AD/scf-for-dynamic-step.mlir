// A loop whose step is only known at run time counts its iterations in the
// forward sweep: the reverse sweep runs exactly as often, whatever the step
// (scf.for leaves a step <= 0 undefined; once lowered such a loop runs
// forever or wraps around), and never divides by the step.
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s
//
// RUN: rewind-run %s --entry f --args '[1.5, 3, 2, 0]' --grad --json | FileCheck %s --check-prefix=EMPTY
// EMPTY: {"value": 1.5, "gradient": [1.0, null, null, null]}
// RUN: rewind-run %s --entry f --args '[1.5, 0, 7, 2]' --grad --json --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=STEP2
// x^5 (4 iterations): 5 x^4 = 25.3125.
// STEP2: {"value": 7.59375, "gradient": [25.3125, null, null, null], "max_rel_error":
// A negative step wraps around after one iteration (iv = -2^63 - 1 = 2^63 - 1):
// RUN: rewind-run %s --entry f --args '[1.5, -9223372036854775808, 0, -1]' --grad --json | FileCheck %s --check-prefix=WRAP
// WRAP: {"value": 2.25, "gradient": [3.0, null, null, null]}
// Step 0 over a non-empty range never ends: its tape grows to the limit.
// RUN: not rewind-run %s --entry f --args '[1.5, 0, 1, 0]' --grad --max-tape-bytes=65536 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: rewind-run: error: the tape exceeds its limit of 65536 bytes while saving the tape of the scf.for

func.func @f(%x: f64, %lb: index, %ub: index, %st: index) -> f64 {
  %r = scf.for %i = %lb to %ub step %st iter_args(%acc = %x) -> (f64) {
    %n = arith.mulf %acc, %x : f64
    scf.yield %n : f64
  }
  return %r : f64
}
func.func @main(%x: f64, %lb: index, %ub: index, %st: index) -> f64 {
  %0 = tape.grad @f(%x, %lb, %ub, %st) : (f64, index, index, index) -> f64
  return %0 : f64
}

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: f64, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[ST:.*]]: index)
// CHECK-NOT: divui
// CHECK: tape.stack_create : !tape.stack<f64>
// CHECK: %[[FWD:.*]]:2 = scf.for %{{.*}} = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%{{.*}} = %[[X]], %[[K:.*]] = %{{.*}}) -> (f64, index) {
// CHECK: %[[NEXT:.*]] = arith.addi %[[K]], %{{.*}} : index
// CHECK: scf.yield %{{.*}}, %[[NEXT]] : f64, index
// CHECK-NEXT: } {rewind.counted}
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[FWD]]#1 step
// CHECK-NOT: divui
// CHECK: return
