// RUN: rewind-opt %s --pass-pipeline='builtin.module(func.func(rewind-fuse-elementwise))' | FileCheck %s

// The transposed map of @transposed, among the module's maps.
// CHECK: #[[T:.*]] = affine_map<(d0, d1) -> (d1, d0)>

#id = affine_map<(i, j) -> (i, j)>
#id3 = affine_map<(i, j, k) -> (i, j)>
#row3 = affine_map<(i, j, k) -> (i, k)>
#out3 = affine_map<(i, j, k) -> (j, k)>

// An elementwise producer read once per element by an elementwise consumer
// is fused into it.
// CHECK-LABEL: func.func @once
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @once(%x: tensor<4x5xf32>, %y: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %e = tensor.empty() : tensor<4x5xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  %m = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%ex, %y : tensor<4x5xf32>, tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  return %m : tensor<4x5xf32>
}

// A contraction reads exp(x)(i, j) once for every k: the producer stays a
// separate op (computed once), and the contraction keeps its mul-add body.
// CHECK-LABEL: func.func @reused
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @reused(%x: tensor<4x5xf32>, %w: tensor<4x6xf32>, %c: tensor<5x6xf32>) -> tensor<5x6xf32> {
  %e = tensor.empty() : tensor<4x5xf32>
  %ex = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = math.exp %a : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #out3], iterator_types = ["reduction", "parallel", "parallel"]}
      ins(%ex, %w : tensor<4x5xf32>, tensor<4x6xf32>) outs(%c : tensor<5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<5x6xf32>
  return %p : tensor<5x6xf32>
}

#id1 = affine_map<(i) -> (i)>
#t = affine_map<(i, j) -> (j, i)>

// A long chain is fused in one sweep: each step reads x twice (through the
// producer of its sin and directly), at the same element, so x joins the
// cluster once and both reads use its value. One op remains, reading %x once.
// CHECK-LABEL: func.func @chain
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<8xf64>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[S1:.*]] = math.sin %[[X]]
// CHECK-NEXT: %[[X1:.*]] = arith.addf %[[X]], %[[S1]]
// CHECK-NEXT: %[[S2:.*]] = math.sin %[[X1]]
// CHECK-NEXT: %[[X2:.*]] = arith.addf %[[X1]], %[[S2]]
// CHECK-NEXT: linalg.yield %[[X2]]
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @chain(%x: tensor<8xf64>) -> tensor<8xf64> {
  %e = tensor.empty() : tensor<8xf64>
  %s1 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf64>) outs(%e : tensor<8xf64>) {
  ^bb0(%a: f64, %o: f64):
    %r = math.sin %a : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  // The output operand is a use of %x that the payload does not read.
  %x1 = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %s1 : tensor<8xf64>, tensor<8xf64>) outs(%x : tensor<8xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  %s2 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x1 : tensor<8xf64>) outs(%e : tensor<8xf64>) {
  ^bb0(%a: f64, %o: f64):
    %r = math.sin %a : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  %x2 = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x1, %s2 : tensor<8xf64>, tensor<8xf64>) outs(%e : tensor<8xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  return %x2 : tensor<8xf64>
}

// A producer that writes its result transposed: its inputs are read through
// the composed map and its loop indices renumbered (its loop 0 is the fused
// op's loop 1).
// CHECK-LABEL: func.func @transposed
// CHECK: linalg.generic {indexing_maps = [#[[T]], #{{.*}}, #{{.*}}]
// CHECK: linalg.index 1
// CHECK-NOT: linalg.index
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @transposed(%x: tensor<5x4xf64>, %y: tensor<4x5xf64>) -> tensor<4x5xf64> {
  %e = tensor.empty() : tensor<4x5xf64>
  %p = linalg.generic {indexing_maps = [#id, #t], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<5x4xf64>) outs(%e : tensor<4x5xf64>) {
  ^bb0(%a: f64, %o: f64):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f64
    %r = arith.addf %a, %f : f64
    linalg.yield %r : f64
  } -> tensor<4x5xf64>
  %m = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p, %y : tensor<4x5xf64>, tensor<4x5xf64>) outs(%e : tensor<4x5xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.mulf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<4x5xf64>
  return %m : tensor<4x5xf64>
}

// A producer read at two different elements at each point (p(i, j) and
// p(j, i)) would be computed twice: it stays a separate op.
// CHECK-LABEL: func.func @two_elements
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: arith.subf
func.func @two_elements(%x: tensor<4x4xf64>) -> tensor<4x4xf64> {
  %e = tensor.empty() : tensor<4x4xf64>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x4xf64>) outs(%e : tensor<4x4xf64>) {
  ^bb0(%a: f64, %o: f64):
    %r = math.exp %a : f64
    linalg.yield %r : f64
  } -> tensor<4x4xf64>
  %m = linalg.generic {indexing_maps = [#id, #t, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p, %p : tensor<4x4xf64>, tensor<4x4xf64>) outs(%e : tensor<4x4xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.subf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<4x4xf64>
  return %m : tensor<4x4xf64>
}

// A broadcast used twice (here by an op whose result is returned and by
// another one) is not materialized: each consumer reads the scalar it
// broadcasts. A consumer with reduction loops still reads the broadcast
// (its loop sizes may come from it alone).
// CHECK-LABEL: func.func @broadcast_read_through
// CHECK-SAME: (%[[S:.*]]: tensor<f64>, %[[X:.*]]: tensor<8xf64>)
// CHECK: %[[B:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<f64>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%[[S]], %[[X]] : tensor<f64>, tensor<8xf64>)
// CHECK: arith.mulf
// CHECK: linalg.generic {{.*}} ins(%[[S]], %[[X]] : tensor<f64>, tensor<8xf64>)
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[B]] : tensor<8xf64>)
// CHECK: return
func.func @broadcast_read_through(%s: tensor<f64>, %x: tensor<8xf64>) -> (tensor<8xf64>, tensor<8xf64>, tensor<f64>) {
  %e = tensor.empty() : tensor<8xf64>
  %b = linalg.broadcast ins(%s : tensor<f64>) outs(%e : tensor<8xf64>) dimensions = [0]
  %m = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%b, %x : tensor<8xf64>, tensor<8xf64>) outs(%e : tensor<8xf64>) {
  ^bb0(%a: f64, %c: f64, %o: f64):
    %r = arith.mulf %a, %c : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  %p = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%b, %x : tensor<8xf64>, tensor<8xf64>) outs(%e : tensor<8xf64>) {
  ^bb0(%a: f64, %c: f64, %o: f64):
    %r = arith.addf %a, %c : f64
    linalg.yield %r : f64
  } -> tensor<8xf64>
  %e0 = tensor.empty() : tensor<f64>
  %sum = linalg.generic {indexing_maps = [#id1, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%b : tensor<8xf64>) outs(%e0 : tensor<f64>) {
  ^bb0(%a: f64, %o: f64):
    %r = arith.addf %a, %o : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  return %m, %p, %sum : tensor<8xf64>, tensor<8xf64>, tensor<f64>
}

// The same chain on dynamic sizes, with each step's output operand a value
// it does not read: the new tensors' sizes come from %x, not from the values
// they replace, and the chain is one op.
// CHECK-LABEL: func.func @dyn
// CHECK: linalg.generic
// CHECK: math.sin
// CHECK: arith.addf
// CHECK: math.sin
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @dyn(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %s1 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %r = math.sin %a : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %x1 = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %s1 : tensor<?xf64>, tensor<?xf64>) outs(%s1 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %s2 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x1 : tensor<?xf64>) outs(%x1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %r = math.sin %a : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %x2 = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x1, %s2 : tensor<?xf64>, tensor<?xf64>) outs(%s2 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  return %x2 : tensor<?xf64>
}
