// RUN: rewind-opt %s --rewind-reverse-mode=tape-budget=4096 | FileCheck %s
// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s --check-prefix=NOBUDGET
// RUN: not rewind-opt %s --rewind-reverse-mode=tape-budget=-1 2>&1 | FileCheck %s --check-prefix=NEGATIVE

// Under a budget, the loop's first iteration is taped on its own between two
// readings of the tape's size; the plan, made at run time from the remaining
// trip count, those bytes and the bytes of the carried value (8), chooses
// between the rest of the loop taped whole and segments, each a call of a
// segment function whose own loop is planned one level less deep. Only the
// segment's pullback counts its iterations as recomputed.

func.func @f(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> f64 {
    %s = math.sin %a : f64
    scf.yield %s : f64
  }
  return %r : f64
}

func.func @g(%x: f64, %n: index) -> f64 {
  %g = tape.grad @f(%x, %n) wrt [0] : (f64, index) -> f64
  return %g : f64
}

// An scf.while is checkpointed online: a while loop over segments of
// doubling length, each a call; the loop's result is its before region's
// on the final state (here the state itself: the re-run condition is unused
// and goes).
func.func @w(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.while (%a = %x, %i = %c0) : (f64, index) -> (f64, index) {
    %more = arith.cmpi ult, %i, %n : index
    scf.condition(%more) %a, %i : f64, index
  } do {
  ^bb0(%a: f64, %i: index):
    %s = math.sin %a : f64
    %i1 = arith.addi %i, %c1 : index
    scf.yield %s, %i1 : f64, index
  }
  return %r#0 : f64
}

func.func @gw(%x: f64, %n: index) -> f64 {
  %g = tape.grad @w(%x, %n) wrt [0] : (f64, index) -> f64
  return %g : f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0
// CHECK: %[[BEFORE:.*]] = tape.live_bytes : index
// CHECK: %[[FIRST:.*]] = scf.for
// CHECK: %[[AFTER:.*]] = tape.live_bytes : index
// CHECK: %[[BYTES:.*]] = arith.subi %[[AFTER]], %[[BEFORE]] : index
// CHECK: %[[PLAN:.*]] = tape.checkpoint_plan %{{.*}} iterations, %[[BYTES]] bytes each, %{{.*}} per snapshot {budget = 4096 : i64, levels = 2 : i64}
// CHECK: %[[WHOLE:.*]] = arith.cmpi eq, %[[PLAN]], %{{.*}} : index
// The tape of the branch not taken is sized 0.
// CHECK: arith.select %[[WHOLE]], %{{.*}}, %{{.*}} : index
// CHECK: scf.if %[[WHOLE]] -> (f64) {
// CHECK:   scf.for %{{.*}} = %{{.*}} to %{{.*}} iter_args(%{{.*}} = %[[FIRST]])
// CHECK: } else {
// CHECK:   scf.for
// CHECK:     func.call @__rewind_segment(
// CHECK-LABEL: func.func private @__rewind_segment(
// CHECK-NOT: tape.recomputed
// CHECK: scf.for
// CHECK-NOT: tape.budget
// CHECK: return
// CHECK-LABEL: func.func private @__rewind_pullback___rewind_segment_wrt_3
// CHECK: tape.recomputed
// CHECK: tape.checkpoint_plan {{.*}} {budget = 4096 : i64, levels = 1 : i64}

// NOBUDGET-NOT: tape.live_bytes
// NOBUDGET-NOT: tape.checkpoint_plan

// NEGATIVE: tape-budget must be a number of bytes >= 0, got -1

// RUN: rewind-opt %s --rewind-reverse-mode=tape-budget=4096 | FileCheck %s --check-prefix=WHILE
// WHILE-LABEL: func.func private @__rewind_pullback_w_wrt_0
// WHILE: %[[C64:.*]] = arith.constant 64 : index
// WHILE: %[[OUTER:.*]]:{{[0-9]}} = scf.while ({{.*}}, %{{.*}} = %[[C64]], %{{.*}} = %true
// WHILE: func.call @__rewind_while_segment(
// WHILE: arith.muli
// WHILE: arith.minui
// WHILE-NOT: arith.cmpi ult, %[[OUTER]]#1
// WHILE: return %[[OUTER]]#0, %{{.*}} : f64, f64
// WHILE-LABEL: func.func private @__rewind_while_segment(
// WHILE-NOT: tape.recomputed
// WHILE: scf.for
// WHILE: return
// WHILE-LABEL: func.func private @__rewind_pullback___rewind_while_segment_wrt_1
// WHILE: tape.checkpoint_plan
// WHILE: tape.recomputed
