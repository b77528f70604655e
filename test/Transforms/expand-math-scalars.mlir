// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-expand-math{scalars-in-loops}))' | FileCheck %s
// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-expand-math))' | FileCheck %s --check-prefix=VECTORS

// With scalars-in-loops, f64 math in the body of an scf loop (through an
// scf.if too) becomes a polynomial; math outside loops, in a linalg payload
// (even inside a loop) and on f32 stays. Without it, only vector math is
// expanded.

// CHECK-LABEL: func.func @f
// CHECK: math.exp %{{.*}} : f64
// CHECK: scf.for
// CHECK-NOT: math.exp %{{.*}} : f64
// CHECK: math.roundeven
// CHECK: math.fma
// CHECK: scf.if
// CHECK-NOT: math.tanh %{{.*}} : f64
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: math.log %{{.*}} : f64
// CHECK: math.exp %{{.*}} : f32
// CHECK: scf.yield
// VECTORS-LABEL: func.func @f
// VECTORS-COUNT-2: math.exp %{{.*}} : f64
// VECTORS: math.tanh %{{.*}} : f64
func.func @f(%x: f64, %n: index, %t: tensor<4xf64>, %y: f32) -> (f64, tensor<4xf64>, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %once = math.exp %x : f64
  %r:3 = scf.for %i = %c0 to %n step %c1 iter_args(%a = %once, %u = %t, %z = %y) -> (f64, tensor<4xf64>, f32) {
    %e = math.exp %a : f64
    %pos = arith.cmpf ogt, %e, %zero : f64
    %s = scf.if %pos -> (f64) {
      %h = math.tanh %e : f64
      scf.yield %h : f64
    } else {
      scf.yield %e : f64
    }
    %l = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%u : tensor<4xf64>) {
    ^bb0(%o: f64):
      %g = math.log %o : f64
      linalg.yield %g : f64
    } -> tensor<4xf64>
    %w = math.exp %z : f32
    scf.yield %s, %l, %w : f64, tensor<4xf64>, f32
  }
  return %r#0, %r#1, %r#2 : f64, tensor<4xf64>, f32
}
