// rewind-outline-math: vector math that runs few times per call (outside
// loops, or in loops of at most four iterations in all) calls one shared,
// noinline copy per op, types and flags; hot sites and lone sites stay.
// RUN: rewind-opt %s --rewind-outline-math | FileCheck %s
// RUN: rewind-opt %s --rewind-outline-math=max-cold-trips=1 | FileCheck %s --check-prefix=ONE

// CHECK-LABEL: func.func @cold
// CHECK: %[[A:.*]] = call @__rewind_math_sin(%arg0) : (vector<8xf64>) -> vector<8xf64>
// CHECK: scf.for
// CHECK:   call @__rewind_math_sin(%{{.*}}) : (vector<8xf64>) -> vector<8xf64>
// Another type, other flags: other copies.
// CHECK: call @__rewind_math_sin_0(%{{.*}}) : (vector<4xf32>) -> vector<4xf32>
// CHECK: call @__rewind_math_sin_0(%{{.*}}) : (vector<4xf32>) -> vector<4xf32>
// CHECK: call @__rewind_math_sin_1(%{{.*}}) : (vector<8xf64>) -> vector<8xf64>
// CHECK: call @__rewind_math_sin_1(%{{.*}}) : (vector<8xf64>) -> vector<8xf64>
// Two operands; cheap ops and a lone exp stay.
// CHECK: call @__rewind_math_powf(%{{.*}}, %{{.*}}) : (vector<8xf64>, vector<8xf64>) -> vector<8xf64>
// CHECK: call @__rewind_math_powf(
// CHECK: math.sqrt
// CHECK: math.sqrt
// CHECK: math.exp
// ONE-LABEL: func.func @cold
// ONE: scf.for
// ONE: math.sin
//
// CHECK-LABEL: func.func @hot
// CHECK-NOT: call
// CHECK: math.sin
// CHECK: math.sin
// CHECK: math.sin
// CHECK: math.sin
//
// CHECK: func.func private @__rewind_math_sin(%[[X:.*]]: vector<8xf64>) -> vector<8xf64> attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]} {
// CHECK-NEXT: %[[Y:.*]] = math.sin %[[X]] : vector<8xf64>
// CHECK-NEXT: return %[[Y]] : vector<8xf64>
// CHECK: func.func private @__rewind_math_sin_0(%{{.*}}: vector<4xf32>)
// CHECK: func.func private @__rewind_math_sin_1(%{{.*}}: vector<8xf64>)
// CHECK-NEXT: math.sin %{{.*}} fastmath<contract>

func.func @cold(%x: vector<8xf64>, %y: vector<4xf32>, %m: memref<8xf64>)
    -> (vector<8xf64>, vector<4xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  %a = math.sin %x : vector<8xf64>
  %b = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %a) -> vector<8xf64> {
    %s = math.sin %acc : vector<8xf64>
    scf.yield %s : vector<8xf64>
  }
  %c = math.sin %y : vector<4xf32>
  %d = math.sin %c : vector<4xf32>
  %e = math.sin %b fastmath<contract> : vector<8xf64>
  %f = math.sin %e fastmath<contract> : vector<8xf64>
  %g = math.powf %f, %x : vector<8xf64>
  %h = math.powf %g, %x : vector<8xf64>
  %i = math.sqrt %h : vector<8xf64>
  %j = math.sqrt %i : vector<8xf64>
  %k = math.exp %j : vector<8xf64>
  return %k, %d : vector<8xf64>, vector<4xf32>
}

// Loops of 8 iterations, and of a run-time trip count: hot.
func.func @hot(%x: vector<8xf64>, %n: index) -> vector<8xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %x) -> vector<8xf64> {
    %s = math.sin %acc : vector<8xf64>
    %t = math.sin %s : vector<8xf64>
    scf.yield %t : vector<8xf64>
  }
  %b = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %a) -> vector<8xf64> {
    %s = math.sin %acc : vector<8xf64>
    %t = math.sin %s : vector<8xf64>
    scf.yield %t : vector<8xf64>
  }
  return %b : vector<8xf64>
}
