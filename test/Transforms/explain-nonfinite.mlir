// RUN: rewind-opt %s --rewind-explain-nonfinite | FileCheck %s

// The site table names the ops.
// CHECK: rewind.runtime_sites = ["'math.log' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 13]]:8", "'math.exp' at {{.*}}explain-nonfinite.mlir:[[# @LINE + 32]]:8"]

// A scalar result is tested (|r| unordered-or-equal to infinity); when it
// is not finite the runtime gets the site and the float operands as f64 bits.
// CHECK-LABEL: func.func @scalar
// CHECK: %[[R:.*]] = math.log %[[X:.*]] : f32
// CHECK: %[[ABS:.*]] = math.absf %[[R]] : f32
// CHECK: %[[BAD:.*]] = arith.cmpf ueq, %[[ABS]], %{{.*}} : f32
// CHECK: scf.if %[[BAD]] {
// CHECK: %[[WIDE:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK: %[[BITS:.*]] = arith.bitcast %[[WIDE]] : f64 to i64
// CHECK: func.call @__rewind_nonfinite(%{{.*}}, %{{.*}}, %[[BITS]], %{{.*}}, %{{.*}}) : (i64, i64, i64, i64, i64) -> ()
func.func @scalar(%x: f32) -> f32 {
  %r = math.log %x : f32
  return %r : f32
}

// A tensor result is tested by an or-reduction over its elements; the
// constant and the empty tensor are not tested.
// CHECK-LABEL: func.func @tensor
// CHECK: %[[T:.*]] = math.exp %{{.*}} : tensor<?xf64>
// CHECK: %[[ANY:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[T]] : tensor<?xf64>) outs(%{{.*}} : tensor<i1>)
// CHECK: arith.ori
// CHECK: %[[FLAG:.*]] = tensor.extract %[[ANY]][] : tensor<i1>
// CHECK: scf.if %[[FLAG]]
// CHECK-COUNT-1: call @__rewind_nonfinite
// CHECK-NOT: call @__rewind_nonfinite
// CHECK: return
func.func @tensor(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %t = math.exp %x : tensor<?xf64>
  return %t : tensor<?xf64>
}
