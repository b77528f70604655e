// RUN: rewind-opt %s --rewind-recursive-buffer-args | FileCheck %s
// RUN: rewind-opt %s --rewind-recursive-buffer-args --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --canonicalize | FileCheck %s --check-prefix=BUF

// A recursive function's tensor argument becomes a buffer of any layout,
// read as a tensor inside; every caller passes its tensor's buffer.
// CHECK-LABEL: func.func private @tree(
// CHECK-SAME: %[[A:.*]]: memref<?xf64, strided<[?], offset: ?>>, %[[D:.*]]: index) -> f64
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[A]] restrict : memref<?xf64, strided<[?], offset: ?>> to tensor<?xf64>
// CHECK: tensor.extract %[[T]]
// CHECK: %[[B:.*]] = bufferization.to_buffer %[[T]] read_only : tensor<?xf64> to memref<?xf64, strided<[?], offset: ?>>
// CHECK: call @tree(%[[B]],
// A function that does not call itself is left as it is.
// CHECK-LABEL: func.func private @twice(%{{.*}}: tensor<?xf64>)
// CHECK-LABEL: func.func @sum(
// CHECK-SAME: %[[X:.*]]: tensor<?xf64>
// CHECK: %[[Y:.*]] = call @twice(%[[X]])
// CHECK: %[[YB:.*]] = bufferization.to_buffer %[[Y]] read_only
// CHECK: call @tree(%[[YB]],

// After bufferization the recursive call passes the buffer itself: no
// allocation, no copy.
// BUF-LABEL: func.func private @tree(
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: call @tree(%arg0,
// BUF-LABEL: func.func private @twice(

// An argument accumulated into a result (a pullback's adjoint) becomes one
// writable buffer: read as a writable tensor, the result stored back into
// it, the result dropped; callers pass their tensor's buffer (not read-only)
// and read the result from it.
// CHECK-LABEL: func.func private @spread(
// CHECK-SAME: %[[A:.*]]: memref<?xf64, strided<[?], offset: ?>>, %[[D:.*]]: index, %[[ACC:.*]]: memref<?xf64, strided<[?], offset: ?>>) -> f64
// CHECK-NOT: rewind.accumulated_into
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[ACC]] restrict writable
// CHECK: %[[B:.*]] = bufferization.to_buffer %{{[a-z0-9_]+}} : tensor<?xf64> to memref<?xf64, strided<[?], offset: ?>>
// CHECK: %[[R:.*]] = func.call @spread(%{{.*}}, %{{.*}}, %[[B]]) : ({{.*}}) -> f64
// CHECK: bufferization.to_tensor %[[B]] restrict writable
// CHECK: bufferization.materialize_in_destination %{{.*}} in restrict writable %[[ACC]]
// CHECK: return %{{.*}} : f64
// CHECK-LABEL: func.func @use(
// CHECK: %[[Z:.*]] = bufferization.to_buffer %{{[a-z0-9_]+}} : tensor<?xf64> to
// CHECK: call @spread(%{{.*}}, %{{.*}}, %[[Z]])
// CHECK: %[[G:.*]] = bufferization.to_tensor %[[Z]] restrict writable
// CHECK: return %{{.*}}, %[[G]]

// After bufferization the recursion updates the caller's buffer in place.
// BUF-LABEL: func.func private @spread(
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: call @spread(%arg0, %{{.*}}, %arg2)
// BUF-NOT: memref.copy
// BUF: return

// The sum over the 2^d paths of a binary tree of depth d of the product of
// a[path bits]: a recursive call in a loop, as in a determinant by minors.
func.func private @tree(%a: tensor<?xf64>, %d: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %leaf = arith.cmpi eq, %d, %c0 : index
  %r = scf.if %leaf -> (f64) {
    scf.yield %one : f64
  } else {
    %d1 = arith.subi %d, %c1 : index
    %s = scf.for %j = %c0 to %c2 step %c1 iter_args(%acc = %zero) -> (f64) {
      %v = tensor.extract %a[%j] : tensor<?xf64>
      %rest = func.call @tree(%a, %d1) : (tensor<?xf64>, index) -> f64
      %p = arith.mulf %v, %rest : f64
      %n = arith.addf %acc, %p : f64
      scf.yield %n : f64
    }
    scf.yield %s : f64
  }
  return %r : f64
}

func.func private @twice(%a: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %s = linalg.add ins(%a, %a : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  return %s : tensor<?xf64>
}

func.func @sum(%x: tensor<?xf64>, %d: index) -> f64 {
  %y = func.call @twice(%x) : (tensor<?xf64>) -> tensor<?xf64>
  %s = func.call @tree(%y, %d) : (tensor<?xf64>, index) -> f64
  return %s : f64
}

// acc[i] += a[i] for i < d, one element per level, returning sum a[i].
func.func private @spread(%a: tensor<?xf64>, %d: index,
                          %acc: tensor<?xf64> {rewind.accumulated_into = 1 : i64})
    -> (f64, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %leaf = arith.cmpi eq, %d, %c0 : index
  %r:2 = scf.if %leaf -> (f64, tensor<?xf64>) {
    scf.yield %zero, %acc : f64, tensor<?xf64>
  } else {
    %i = arith.subi %d, %c1 : index
    %v = tensor.extract %a[%i] : tensor<?xf64>
    %old = tensor.extract %acc[%i] : tensor<?xf64>
    %new = arith.addf %old, %v : f64
    %acc1 = tensor.insert %new into %acc[%i] : tensor<?xf64>
    %rest:2 = func.call @spread(%a, %i, %acc1) : (tensor<?xf64>, index, tensor<?xf64>) -> (f64, tensor<?xf64>)
    %s = arith.addf %rest#0, %v : f64
    scf.yield %s, %rest#1 : f64, tensor<?xf64>
  }
  return %r#0, %r#1 : f64, tensor<?xf64>
}

func.func @use(%a: tensor<?xf64>, %d: index) -> (f64, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %r:2 = func.call @spread(%a, %d, %z) : (tensor<?xf64>, index, tensor<?xf64>) -> (f64, tensor<?xf64>)
  return %r#0, %r#1 : f64, tensor<?xf64>
}
