// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// Tensors needed by the reverse of a loop are saved on !tape.stack<tensor<..>>
// stacks: v = tanh(W v + v) n times. The forward loop pushes the carried v
// (read by the adjoint of the matvec) and the matvec result (read by the
// adjoint of tanh); the reverse loop pops them and carries the adjoints of v
// and of W (defined above the loop).

func.func @loop(%x: tensor<3xf64>, %w: tensor<3x3xf64>, %n: index) -> tensor<3xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> (tensor<3xf64>) {
    %e = tensor.empty() : tensor<3xf64>
    %m = linalg.matvec ins(%w, %v : tensor<3x3xf64>, tensor<3xf64>) outs(%v : tensor<3xf64>) -> tensor<3xf64>
    %t = linalg.tanh ins(%m : tensor<3xf64>) outs(%e : tensor<3xf64>) -> tensor<3xf64>
    scf.yield %t : tensor<3xf64>
  }
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<3xf64>, %w: tensor<3x3xf64>, %n: index, %g: tensor<3xf64>) -> (tensor<3xf64>, tensor<3x3xf64>) {
  %d:2 = tape.vjp @loop(%x, %w, %n) seeds(%g) : (tensor<3xf64>, tensor<3x3xf64>, index), (tensor<3xf64>) -> tensor<3xf64>, tensor<3x3xf64>
  return %d#0, %d#1 : tensor<3xf64>, tensor<3x3xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_loop_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<3xf64>, %[[W:[^:]*]]: tensor<3x3xf64>, %[[N:[^:]*]]: index, %[[G:[^:]*]]: tensor<3xf64>)
// CHECK: %[[SM:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<tensor<3xf64>>
// CHECK: %[[SV:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<tensor<3xf64>>
// CHECK-NEXT: %[[FWD:.*]] = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[V:.*]] = %[[X]]) -> (tensor<3xf64>) {
// CHECK-NEXT: tape.push %[[SV]], %[[V]] : !tape.stack<tensor<3xf64>>, tensor<3xf64>
// CHECK-NEXT: tensor.empty
// CHECK-NEXT: %[[M:.*]] = linalg.matvec ins(%[[W]], %[[V]] : tensor<3x3xf64>, tensor<3xf64>) outs(%[[V]] : tensor<3xf64>)
// CHECK-NEXT: tape.push %[[SM]], %[[M]] : !tape.stack<tensor<3xf64>>, tensor<3xf64>
// CHECK-NEXT: %[[T:.*]] = linalg.generic
// CHECK: scf.yield %[[T]] : tensor<3xf64>
// CHECK-NEXT: }
// CHECK: %[[ZW:.*]] = arith.constant dense<0.000000e+00> : tensor<3x3xf64>
// CHECK: %[[REV:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[DV:.*]] = %[[G]], %[[DW:.*]] = %[[ZW]]) -> (tensor<3xf64>, tensor<3x3xf64>) {
// CHECK-DAG: %[[VP:.*]] = tape.pop %[[SV]] : !tape.stack<tensor<3xf64>>
// CHECK-DAG: %[[MP:.*]] = tape.pop %[[SM]] : !tape.stack<tensor<3xf64>>
// adj m = adj t * (1 - tanh(m)^2)
// CHECK: %[[DM:.*]] = linalg.generic {{.*}} ins(%[[MP]], %[[DV]] : tensor<3xf64>, tensor<3xf64>)
// CHECK: math.tanh
// CHECK: arith.subf
// adj v = adj m W (vecmat) + adj m (v is also the matvec's init)
// CHECK: %[[VM:.*]] = linalg.vecmat ins(%[[DM]], %[[W]] : tensor<3xf64>, tensor<3x3xf64>)
// adj W += adj m (x) v, an outer product that does not read W
// CHECK: %[[DW2:.*]] = linalg.generic {{.*}} ins(%[[VP]], %[[DM]], %[[DW]] : tensor<3xf64>, tensor<3xf64>, tensor<3x3xf64>)
// CHECK-NEXT: ^bb0(%[[VS:.*]]: f64, %[[DMS:.*]]: f64, %[[DWS:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[DMS]], %[[VS]] : f64
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[DWS]], %[[P]] : f64
// CHECK-NEXT: linalg.yield %[[S]] : f64
// CHECK: %[[DV2:.*]] = arith.addf %[[VM]], %[[DM]] : tensor<3xf64>
// CHECK-NEXT: scf.yield %[[DV2]], %[[DW2]] : tensor<3xf64>, tensor<3x3xf64>
// CHECK-NEXT: }
// CHECK-DAG: tape.stack_destroy %[[SM]] : !tape.stack<tensor<3xf64>>
// CHECK-DAG: tape.stack_destroy %[[SV]] : !tape.stack<tensor<3xf64>>
// CHECK: return %[[FWD]], %[[REV]]#0, %[[REV]]#1

// -----

// A dynamically shaped carried tensor: its size is pushed on an index stack
// next to it, and the pop of the tensor takes the popped size, which also
// sizes the adjoint (no tensor.dim of the popped tensor).

#id = affine_map<(i) -> (i)>
func.func @dynamic(%x: tensor<?xf64>, %n: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> (tensor<?xf64>) {
    %d = tensor.dim %v, %c0 : tensor<?xf64>
    %e = tensor.empty(%d) : tensor<?xf64>
    %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%v : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %o: f64):
      %t = math.sin %a : f64
      linalg.yield %t : f64
    } -> tensor<?xf64>
    scf.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
func.func @main(%x: tensor<?xf64>, %n: index, %g: tensor<?xf64>) -> tensor<?xf64> {
  %d = tape.vjp @dynamic(%x, %n) seeds(%g) : (tensor<?xf64>, index), (tensor<?xf64>) -> tensor<?xf64>
  return %d : tensor<?xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_dynamic_wrt_0
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?xf64>, %[[N:[^:]*]]: index, %[[G:[^:]*]]: tensor<?xf64>)
// CHECK: %[[ST:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<tensor<?xf64>>
// CHECK: %[[SD:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<index>
// CHECK-NEXT: %[[FWD:.*]] = scf.for %{{.*}} iter_args(%[[V:.*]] = %[[X]]) -> (tensor<?xf64>) {
// CHECK: %[[DIM:.*]] = tensor.dim %[[V]], %{{.*}} : tensor<?xf64>
// CHECK-NEXT: tape.push %[[SD]], %[[DIM]] : !tape.stack<index>, index
// CHECK-NEXT: tape.push %[[ST]], %[[V]] : !tape.stack<tensor<?xf64>>, tensor<?xf64>
// CHECK: %[[REV:.*]] = scf.for %{{.*}} iter_args(%[[DV:.*]] = %[[G]]) -> (tensor<?xf64>) {
// CHECK: %[[SIZE:.*]] = tape.pop %[[SD]] : !tape.stack<index>
// CHECK-NEXT: %[[VP:.*]] = tape.pop %[[ST]](%[[SIZE]]) : !tape.stack<tensor<?xf64>>
// CHECK-NEXT: %[[E:.*]] = tensor.empty(%[[SIZE]]) : tensor<?xf64>
// CHECK-NEXT: %[[D:.*]] = linalg.generic {{.*}} ins(%[[VP]], %[[DV]] : tensor<?xf64>, tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
// CHECK: math.cos
// CHECK: scf.yield %[[D]] : tensor<?xf64>
// CHECK-DAG: tape.stack_destroy %[[ST]] : !tape.stack<tensor<?xf64>>
// CHECK-DAG: tape.stack_destroy %[[SD]] : !tape.stack<index>
// CHECK: return %[[FWD]], %[[REV]] : tensor<?xf64>, tensor<?xf64>
