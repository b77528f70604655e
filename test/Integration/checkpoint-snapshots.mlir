// Checkpointing by hand: `tape.snapshots = c` on an scf.for. A 100000-step
// Euler integration of x' = -sin(x) w keeps two f64 per step on the tape (16
// bytes per step, 1.6 MB); with 300 snapshots the tape holds the 300 segment
// starts and one segment of 334 steps (10.6 KB), and the gradient is the
// same (to the order in which w's adjoint is summed).
// RUN: rewind-run %s --entry plain --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.plain | FileCheck %s
// RUN: FileCheck %s --check-prefix=PLAIN < %t.plain
// RUN: rewind-run %s --entry checkpointed --args '[0.7, 1.3, 100000]' --grad --json --measure 2>%t.ckpt | FileCheck %s
// RUN: FileCheck %s --check-prefix=CKPT < %t.ckpt
// CHECK: {"value": 0.1983097356393795, "gradient": [0.3058170493067193, -0.1970148987545{{[0-9]*}}, null]}
// PLAIN: peak tape 1600000 bytes
// CKPT: peak tape {{[0-9][0-9][0-9][0-9][0-9]?}} bytes
// Against finite differences, with few steps (and segments of 3 steps with a
// shorter last one).
// RUN: rewind-run %s --entry checkpointed --args '[0.7, 1.3, 20]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// FD: check: max relative error vs finite differences =
// And a loop of fewer steps than snapshots, and of none.
// RUN: rewind-run %s --entry checkpointed --args '[0.7, 1.3, 7]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry checkpointed --args '[0.7, 1.3, 0]' --grad --json | FileCheck %s --check-prefix=NONE
// NONE: {"value": 0.7, "gradient": [1.0, 0.0, null]}

func.func @plain(%x0: f64, %w: f64, %n: index) -> f64 {
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

func.func @checkpointed(%x0: f64, %w: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dt = arith.constant 0.00001 : f64
  %x = scf.for %i = %c0 to %n step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %f = arith.mulf %s, %w : f64
    %d = arith.mulf %f, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  } {tape.snapshots = 300 : i64}
  return %x : f64
}

// Tensors carried and read from above (the matrix): v <- tanh(W v), 10 steps
// in 4 segments.
// RUN: rewind-run %s --entry recurrent --args '[[0.5, -0.3], [[0.9, -0.4], [0.3, 0.8]], 10]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
func.func @recurrent(%v0: tensor<2xf64>, %w: tensor<2x2xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = scf.for %i = %c0 to %n step %c1 iter_args(%v = %v0) -> (tensor<2xf64>) {
    %e = tensor.empty() : tensor<2xf64>
    %zero = arith.constant 0.0 : f64
    %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2xf64>) -> tensor<2xf64>
    %m = linalg.matvec ins(%w, %v : tensor<2x2xf64>, tensor<2xf64>) outs(%z : tensor<2xf64>) -> tensor<2xf64>
    %t = math.tanh %m : tensor<2xf64>
    scf.yield %t : tensor<2xf64>
  } {tape.snapshots = 4 : i64}
  %c = arith.constant 0 : index
  %a = tensor.extract %v[%c] : tensor<2xf64>
  %b = tensor.extract %v[%c1] : tensor<2xf64>
  %r = arith.mulf %a, %b : f64
  return %r : f64
}

// A loop of a constant trip count (50 steps, 7 snapshots: segments of 8 and
// a last one of 2): the attribute is gone before lowering, which turns such
// loops into do-while loops.
// RUN: rewind-run %s --entry static_steps --args '[0.7]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry static_steps --args '[0.7]' | FileCheck %s --check-prefix=STATIC
// STATIC: result #0: f64 = 0.6683905428{{[0-9]*}}
func.func @static_steps(%x0: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c50 = arith.constant 50 : index
  %dt = arith.constant 0.001 : f64
  %x = scf.for %i = %c0 to %c50 step %c1 iter_args(%x = %x0) -> (f64) {
    %s = math.sin %x : f64
    %d = arith.mulf %s, %dt : f64
    %next = arith.subf %x, %d : f64
    scf.yield %next : f64
  } {tape.snapshots = 7 : i64}
  return %x : f64
}
