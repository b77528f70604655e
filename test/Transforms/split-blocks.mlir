// rewind-split-blocks ends every run of max-block-size operations of a
// function's body with a branch to the next block; regions of other ops
// (loop bodies) are left whole.
// RUN: rewind-opt %s --rewind-split-blocks=max-block-size=3 | FileCheck %s
// RUN: rewind-opt %s --rewind-split-blocks | FileCheck %s --check-prefix=LONG

// CHECK-LABEL: func.func @f
// CHECK-NEXT: %[[A:.*]] = arith.addf %arg0, %arg0
// CHECK-NEXT: %[[B:.*]] = arith.mulf %[[A]], %[[A]]
// CHECK-NEXT: %[[C:.*]] = arith.subf %[[B]], %[[A]]
// CHECK-NEXT: cf.br ^bb1
// CHECK-NEXT: ^bb1:
// CHECK-NEXT: %[[D:.*]] = arith.divf %[[C]], %[[B]]
// CHECK-NEXT: arith.constant 0
// CHECK-NEXT: arith.constant 1
// CHECK-NEXT: cf.br ^bb2
// CHECK-NEXT: ^bb2:
// CHECK-NEXT: scf.for {{.*}} iter_args(%{{.*}} = %[[D]])
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: arith.negf
// CHECK-NEXT: return
// LONG-NOT: cf.br
func.func @f(%x: f64, %n: index) -> f64 {
  %a = arith.addf %x, %x : f64
  %b = arith.mulf %a, %a : f64
  %c = arith.subf %b, %a : f64
  %d = arith.divf %c, %b : f64
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %d) -> f64 {
    %s = arith.addf %acc, %x : f64
    %t = arith.addf %s, %x : f64
    %u = arith.addf %t, %x : f64
    %v = arith.addf %u, %x : f64
    scf.yield %v : f64
  }
  %f = arith.negf %e : f64
  return %f : f64
}
