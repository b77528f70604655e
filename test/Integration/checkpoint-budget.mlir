// Checkpointing from a memory budget (--tape-budget=BYTES): each loop at the
// top of a function tapes its first iteration, which measures its bytes per
// iteration, and a run-time plan chooses for the rest: tape it whole (it
// fits), checkpoint it in segments (each iteration recomputed once), or
// split the segments again (twice recomputed, ...). --measure reports the
// peak tape and the iterations recomputed by the call.
//
// 100000 Euler steps of x' = -sin(x) w, 16 bytes of tape per step (1.6 MB).
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.none | FileCheck %s
// RUN: FileCheck %s --check-prefix=NONE < %t.none
// NONE: peak tape 1600000 bytes, {{.*}} recomputed 0 iterations
// CHECK: {"value": 0.1983097356393795, "gradient": [0.3058170493067193, -0.1970148987545{{[0-9]*}}, null]}
//
// A budget the whole tape fits in: nothing recomputed.
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 100000]' --grad --json --tape-budget=2000000 --measure 2>%t.fits | FileCheck %s
// RUN: FileCheck %s --check-prefix=NONE < %t.fits
//
// 64 KB: one level of segments (at most 64 KB: five digits below 65536).
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 100000]' --grad --json --tape-budget=65536 --measure 2>%t.64k | FileCheck %s
// RUN: FileCheck %s --check-prefix=ONCE < %t.64k
// ONCE: peak tape {{([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3})}} bytes, {{.*}} recomputed 99999 iterations
//
// 2 KB: segments of segments (each of the 99999 iterations after the first
// recomputed twice, the first segments' first iterations once less).
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 100000]' --grad --json --tape-budget=2048 --measure 2>%t.2k | FileCheck %s
// RUN: FileCheck %s --check-prefix=TWICE < %t.2k
// TWICE: peak tape {{(1?[0-9]{1,3}|20[0-4][0-9])}} bytes, {{.*}} recomputed 199{{[0-9][0-9][0-9]}} iterations
//
// Against finite differences, for trip counts around the segment sizes.
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 0]' --grad --tape-budget=16 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 1]' --grad --tape-budget=16 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 2]' --grad --tape-budget=16 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 37]' --grad --tape-budget=16 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// FD: check: max relative error vs finite differences =
//
// Second order under a budget: H v (reverse over forward mode) through the
// planned for and while loops, against differences of gradients.
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 300]' --grad --hvp '[1.0, 0.5, null]' --tape-budget=256 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 300]' --grad --hvp '[1.0, 0.5, null]' --tape-budget=256 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD

func.func @euler(%x0: f64, %w: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dt = arith.constant 0.00001 : f64
  %x = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  }
  return %x : f64
}

// A recurrence on a tensor of run-time size (snapshots sized at run time),
// with a nested loop over its elements and a matrix read from above:
// v <- tanh(W v), then v_i <- v_i * v_(i-1) for each i.
// RUN: rewind-run %s --entry nested --args '[[0.5, -0.3, 0.2], [[0.9, -0.4, 0.1], [0.3, 0.8, -0.2], [0.1, 0.2, 0.7]], 40]' --grad --json --measure 2>%t.nested | FileCheck %s --check-prefix=NESTED
// RUN: rewind-run %s --entry nested --args '[[0.5, -0.3, 0.2], [[0.9, -0.4, 0.1], [0.3, 0.8, -0.2], [0.1, 0.2, 0.7]], 40]' --grad --json --tape-budget=1024 --measure 2>%t.nested-budget | FileCheck %s --check-prefix=NESTED
// RUN: FileCheck %s --check-prefix=RECOMPUTED < %t.nested-budget
// RUN: rewind-run %s --entry nested --args '[[0.5, -0.3, 0.2], [[0.9, -0.4, 0.1], [0.3, 0.8, -0.2], [0.1, 0.2, 0.7]], 9]' --grad --tape-budget=256 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// NESTED: {"value": 0.0012567466925089876, "gradient": {{\[\[}}0.0055337694130393{{[0-9]*}}, 0.00348110190566337{{[0-9]*}}, 0.000249037813285159{{[0-9]*}}], {{\[\[}}0.01195156897592795{{[0-9]*}},
// RECOMPUTED: recomputed {{[1-9][0-9]*}} iterations
func.func @nested(%v0: tensor<?xf64>, %w: tensor<?x?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %m = tensor.dim %v0, %c0 : tensor<?xf64>
  %v = scf.for %i = %c0 to %n step %c1 iter_args(%v = %v0) -> (tensor<?xf64>) {
    %e = tensor.empty(%m) : tensor<?xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
    %mv = linalg.matvec ins(%w, %v : tensor<?x?xf64>, tensor<?xf64>) outs(%z : tensor<?xf64>) -> tensor<?xf64>
    %t = math.tanh %mv : tensor<?xf64>
    %u = scf.for %j = %c1 to %m step %c1 iter_args(%u = %t) -> (tensor<?xf64>) {
      %jm = arith.subi %j, %c1 : index
      %a = tensor.extract %u[%j] : tensor<?xf64>
      %b = tensor.extract %u[%jm] : tensor<?xf64>
      %p = arith.mulf %a, %b : f64
      %q = arith.addf %p, %a : f64
      %r = tensor.insert %q into %u[%j] : tensor<?xf64>
      scf.yield %r : tensor<?xf64>
    }
    scf.yield %u : tensor<?xf64>
  }
  %s = tensor.extract %v[%c0] : tensor<?xf64>
  %last = arith.subi %m, %c1 : index
  %l = tensor.extract %v[%last] : tensor<?xf64>
  %r = arith.addf %s, %l : f64
  return %r : f64
}

// A loop in a called function, planned when the callee is differentiated.
// RUN: rewind-run %s --entry caller --args '[0.7, 1.3, 5000]' --grad --json --measure 2>%t.callee | FileCheck %s --check-prefix=CALLER
// RUN: rewind-run %s --entry caller --args '[0.7, 1.3, 5000]' --grad --json --tape-budget=4096 --measure 2>%t.callee-budget | FileCheck %s --check-prefix=CALLER
// RUN: FileCheck %s --check-prefix=RECOMPUTED < %t.callee-budget
// CALLER: {"value": 0.43449321345553255, "gradient": [1.2533208796079565, -0.0403709787512{{[0-9]*}}, null]}
func.func @caller(%x0: f64, %w: f64, %n: index) -> f64 {
  %y = func.call @euler(%x0, %w, %n) : (f64, f64, index) -> f64
  %z = arith.mulf %y, %y : f64
  return %z : f64
}

// Per loop, for experts: `tape.budget` on one loop (without the option), and
// `tape.checkpoint_levels = 0` to allow one level of segments only.
// RUN: rewind-run %s --entry one_level --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.one | FileCheck %s
// RUN: FileCheck %s --check-prefix=ONE < %t.one
// ONE: recomputed 99999 iterations
func.func @one_level(%x0: f64, %w: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dt = arith.constant 0.00001 : f64
  %x = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  } {tape.budget = 100 : i64, tape.checkpoint_levels = 0 : i64}
  return %x : f64
}

// A budget is a number of bytes > 0.
// RUN: not rewind-run %s --entry euler --args '[0.7, 1.3, 10]' --grad --tape-budget=0 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not rewind-run %s --entry euler --args '[0.7, 1.3, 10]' --grad --tape-budget=64KB 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: rewind-run: error: --tape-budget takes a number of bytes > 0, not

// A budget on a loop whose step is only known at run time is an error
// naming the loop (its trip count is planned before it runs).
// RUN: not rewind-run %s --entry runtime_step --args '[0.7, 10, 2]' --grad 2>&1 | FileCheck %s --check-prefix=STEP
// STEP: checkpoint-budget.mlir:[[# @LINE + 3]]:8: 'tape.budget' needs a loop with a constant step
func.func @runtime_step(%x0: f64, %n: index, %step: index) -> f64 {
  %c0 = arith.constant 0 : index
  %x = scf.for %i = %c0 to %n step %step iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    scf.yield %s : f64
  } {tape.budget = 1000 : i64}
  return %x : f64
}

// Online checkpointing of an scf.while (its trip count unknown until it
// ends): segments of 64, 128, 256, ... iterations, each recomputed in the
// reverse sweep with its own loop planned under the budget. 100000 steps
// until x falls under a threshold.
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.while | FileCheck %s --check-prefix=UNTIL
// RUN: FileCheck %s --check-prefix=NONE-WHILE < %t.while
// NONE-WHILE: recomputed 0 iterations
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 100000]' --grad --json --tape-budget=65536 --measure 2>%t.while-budget | FileCheck %s --check-prefix=UNTIL
// RUN: FileCheck %s --check-prefix=WHILE-BUDGET < %t.while-budget
// UNTIL: {"value": 0.1983097356393795, "gradient": [0.3058170493067{{[0-9]*}}, -0.1970148987545{{[0-9]*}}, null]}
// WHILE-BUDGET: peak tape {{([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3})}} bytes, {{.*}} recomputed {{[1-9][0-9][0-9][0-9][0-9][0-9]}} iterations
// Against finite differences around the segment lengths (64, 64 + 128).
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 0]' --grad --tape-budget=64 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 1]' --grad --tape-budget=64 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 64]' --grad --tape-budget=64 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 65]' --grad --tape-budget=64 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry until --args '[0.7, 1.3, 193]' --grad --tape-budget=64 --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
func.func @until(%x0: f64, %w: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dt = arith.constant 0.00001 : f64
  %r:2 = scf.while (%x = %x0, %i = %c0) : (f64, index) -> (f64, index) {
    %more = arith.cmpi ult, %i, %n : index
    scf.condition(%more) %x, %i : f64, index
  } do {
  ^bb0(%x: f64, %i: index):
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    %i1 = arith.addi %i, %c1 : index
    scf.yield %next, %i1 : f64, index
  }
  return %r#0 : f64
}
