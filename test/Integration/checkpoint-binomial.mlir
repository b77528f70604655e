// Binomial checkpointing (`tape.binomial = c` on an scf.for or scf.while): at most c
// snapshots of the loop-carried values, and the fewest recomputed
// iterations they allow (Griewank's revolve schedule). 100000 Euler steps
// of x' = -sin(x) w: 1.6 MB of tape without checkpointing; with 20
// snapshots, under a thousand bytes and each iteration recomputed about
// r = 6 times (C(20 + 6, 6) = 230230 >= 100000 > C(20 + 5, 5)): 632925
// iterations run again, those the reverse sweep tapes included.
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.binomial | FileCheck %s
// RUN: FileCheck %s --check-prefix=COUNTS < %t.binomial
// CHECK: {"value": 0.1983097356393795, "gradient": [0.3058170493067{{[0-9]*}}, -0.1970148987545{{[0-9]*}}, null]}
// COUNTS: peak tape {{[0-9][0-9]?[0-9]?}} bytes, {{.*}} recomputed 632925 iterations
//
// Against finite differences: trip counts that end on and between the
// schedule's cuts, with 2 and 3 snapshots.
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 0]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry euler --args '[0.7, 1.3, 1]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry two --args '[0.7, 1.3, 2]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry two --args '[0.7, 1.3, 10]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry three --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 35]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// FD: check: max relative error vs finite differences =

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
  } {tape.binomial = 20 : i64}
  return %x : f64
}

// Two snapshots, 10 steps: r = 3 (C(2 + 3, 3) = 10); the level with one
// snapshot left tapes its steps (72 bytes).
// RUN: rewind-run %s --entry two --args '[0.7, 1.3, 10]' --grad --json --measure 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: peak tape 72 bytes, {{.*}} recomputed 20 iterations
func.func @two(%x0: f64, %w: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dt = arith.constant 0.1 : f64
  %x = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  } {tape.binomial = 2 : i64}
  return %x : f64
}

// Tensors carried and read from above: v <- tanh(W v), 3 snapshots.
func.func @three(%v0: tensor<2xf64>, %w: tensor<2x2xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %v = scf.for %i = %c0 to %n step %c1 iter_args(%v = %v0) -> (tensor<2xf64>) {
    %e = tensor.empty() : tensor<2xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>
    %m = linalg.matvec ins(%w, %v : tensor<2x2xf64>, tensor<2xf64>) outs(%z : tensor<2xf64>) -> tensor<2xf64>
    %t = math.tanh %m : tensor<2xf64>
    scf.yield %t : tensor<2xf64>
  } {tape.binomial = 3 : i64}
  %a = tensor.extract %v[%c0] : tensor<2xf64>
  %b = tensor.extract %v[%c1] : tensor<2xf64>
  %r = arith.mulf %a, %b : f64
  return %r : f64
}

// An i32 induction variable, and a binomial loop followed by a loop planned
// under a budget, in one function.
// RUN: rewind-run %s --entry mixed --args '[0.7, 1.3, 57]' --grad --tape-budget=100 --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=MIXED
// MIXED: {"value": 0.8134447397025871, "gradient": [0.382142909495858{{[0-9]*}}, -0.1418317319498057{{[0-9]*}}, null], "max_rel_error"
func.func @mixed(%x0: f64, %w: f64, %n: i32) -> f64 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %dt = arith.constant 0.01 : f64
  %x = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) : i32 {
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  } {tape.binomial = 3 : i64}
  %y = scf.for %i = %c0 to %n step %c1 iter_args(%y = %x) -> (f64) : i32 {
    %s = math.cos %y : f64
    %t = arith.mulf %s, %dt : f64
    %next = arith.addf %y, %t : f64
    scf.yield %next : f64
  }
  return %y : f64
}

// scf.while: the step count is known only when the loop ends, so a first
// run (which tapes nothing) counts the steps, and the loop runs again as a
// for loop under the same schedule. Integrates x' = -sin(x^2) w until
// t >= T (T from a step count); the before region forwards other values
// than the loop carries.
// 1000 steps, 4 snapshots: the gradient of the loop taped whole (24576
// bytes of tape), in under a thousand bytes.
// RUN: rewind-run %s --entry ode --args '[0.7, 1.3, 1000]' --grad --json --measure 2>%t.while | FileCheck %s --check-prefix=WHILE
// RUN: FileCheck %s --check-prefix=WHILE-COUNTS < %t.while
// WHILE: {"value": 1.1358749538617525, "gradient": [0.212120908193001{{[0-9]*}}, -0.0999720894268{{[0-9]*}}, null]}
// WHILE-COUNTS: peak tape {{[0-9][0-9]?[0-9]?}} bytes, {{.*}} recomputed 6997 iterations
func.func @ode(%x0: f64, %w: f64, %steps: i64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %dt = arith.constant 0.001 : f64
  // T = (steps - 1/2) dt: t passes it after `steps` steps.
  %sf = arith.sitofp %steps : i64 to f64
  %halfstep = arith.constant 0.0005 : f64
  %tn = arith.mulf %sf, %dt : f64
  %tend = arith.subf %tn, %halfstep : f64
  %r:3 = scf.while (%x = %x0, %t = %zero) : (f64, f64) -> (f64, f64, f64) {
    %go = arith.cmpf olt, %t, %tend : f64
    %y = arith.mulf %x, %x : f64
    scf.condition(%go) %y, %x, %t : f64, f64, f64
  } do {
  ^bb0(%y: f64, %x: f64, %t: f64):
    %s = math.sin %y : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    %t2 = arith.addf %t, %dt : f64
    scf.yield %next, %t2 : f64, f64
  } attributes {tape.binomial = 4 : i64}
  %out = arith.addf %r#0, %r#2 : f64
  return %out : f64
}

// Against finite differences: binomial (2 snapshots) and periodic
// (tape.snapshots, 3 segments) checkpointing of while loops carrying a
// tensor, for 0, 1 and more steps.
// RUN: rewind-run %s --entry while_binomial --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 0]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry while_binomial --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 1]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry while_binomial --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 13]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry while_periodic --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 1]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry while_periodic --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 11]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry while_periodic --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 11]' --grad --measure 2>&1 >/dev/null | FileCheck %s --check-prefix=PERIODIC
// PERIODIC: recomputed 11 iterations
func.func @while_binomial(%v0: tensor<2xf64>, %w: tensor<2x2xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %v:2 = scf.while (%v = %v0, %k = %c0) : (tensor<2xf64>, index) -> (tensor<2xf64>, index) {
    %go = arith.cmpi ult, %k, %n : index
    scf.condition(%go) %v, %k : tensor<2xf64>, index
  } do {
  ^bb0(%v: tensor<2xf64>, %k: index):
    %e = tensor.empty() : tensor<2xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>
    %m = linalg.matvec ins(%w, %v : tensor<2x2xf64>, tensor<2xf64>) outs(%z : tensor<2xf64>) -> tensor<2xf64>
    %t = math.tanh %m : tensor<2xf64>
    %k2 = arith.addi %k, %c1 : index
    scf.yield %t, %k2 : tensor<2xf64>, index
  } attributes {tape.binomial = 2 : i64}
  %a = tensor.extract %v#0[%c0] : tensor<2xf64>
  %b = tensor.extract %v#0[%c1] : tensor<2xf64>
  %r = arith.mulf %a, %b : f64
  return %r : f64
}

func.func @while_periodic(%v0: tensor<2xf64>, %w: tensor<2x2xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %v:2 = scf.while (%v = %v0, %k = %c0) : (tensor<2xf64>, index) -> (tensor<2xf64>, index) {
    %go = arith.cmpi ult, %k, %n : index
    scf.condition(%go) %v, %k : tensor<2xf64>, index
  } do {
  ^bb0(%v: tensor<2xf64>, %k: index):
    %e = tensor.empty() : tensor<2xf64>
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>
    %m = linalg.matvec ins(%w, %v : tensor<2x2xf64>, tensor<2xf64>) outs(%z : tensor<2xf64>) -> tensor<2xf64>
    %t = math.sin %m : tensor<2xf64>
    %k2 = arith.addi %k, %c1 : index
    scf.yield %t, %k2 : tensor<2xf64>, index
  } attributes {tape.snapshots = 3 : i64}
  %a = tensor.extract %v#0[%c0] : tensor<2xf64>
  %b = tensor.extract %v#0[%c1] : tensor<2xf64>
  %r = arith.mulf %a, %b : f64
  return %r : f64
}
