// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// An scf.forall stays parallel. Its reverse outlines one iteration, splits
// the iterations into tape.thread_count chunks (an scf.forall over chunks),
// and each chunk calls the iteration's pullback for its iterations, seeded
// with the slice of the output's adjoint the iteration wrote (at the
// position recomputed from the induction variable); the adjoints shared by
// all iterations (x's, w's) are summed into the chunk's own accumulators,
// written to its row of a stack, and the rows are added up by
// linalg.reduce.

func.func @scale(%x: tensor<8xf64>, %w: f64) -> tensor<8xf64> {
  %e = tensor.empty() : tensor<8xf64>
  %out = scf.forall (%i) in (4) shared_outs(%o = %e) -> tensor<8xf64> {
    %at = affine.apply affine_map<(d) -> (d * 2)>(%i)
    %xs = tensor.extract_slice %x[%at] [2] [1] : tensor<8xf64> to tensor<2xf64>
    %ys = tensor.extract_slice %o[%at] [2] [1] : tensor<8xf64> to tensor<2xf64>
    %r = linalg.generic {indexing_maps = [affine_map<(a) -> (a)>, affine_map<(a) -> (a)>], iterator_types = ["parallel"]}
        ins(%xs : tensor<2xf64>) outs(%ys : tensor<2xf64>) {
      ^bb0(%a: f64, %c: f64):
        %m = arith.mulf %a, %w : f64
        linalg.yield %m : f64
    } -> tensor<2xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %o[%at] [2] [1] : tensor<2xf64> into tensor<8xf64>
    }
  }
  return %out : tensor<8xf64>
}
func.func @g(%x: tensor<8xf64>, %w: f64, %s: tensor<8xf64>) -> (tensor<8xf64>, f64) {
  %a, %b = tape.vjp @scale(%x, %w) seeds(%s) : (tensor<8xf64>, f64), (tensor<8xf64>) -> tensor<8xf64>, f64
  return %a, %b : tensor<8xf64>, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_scale_wrt_0_1(
// CHECK:         scf.forall (%{{.*}}) in (4) shared_outs
// CHECK:         %[[T:.*]] = tape.thread_count : index
// CHECK:         %[[XS:.*]] = tensor.empty(%[[T]]) : tensor<?x8xf64>
// CHECK:         %[[WS:.*]] = tensor.empty(%[[T]]) : tensor<?xf64>
// CHECK:         %[[ROWS:.*]]:2 = scf.forall (%[[C:.*]]) in (%[[T]]) shared_outs(%[[XR:.*]] = %[[XS]], %[[WR:.*]] = %[[WS]])
// CHECK:           %[[SUMS:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[XA:.*]] = %{{.*}}, %[[WA:.*]] = %{{.*}})
// CHECK:             %[[AT:.*]] = affine.apply #{{.*}}(%[[IV:.*]])
// CHECK:             %[[SEED:.*]] = tensor.extract_slice %arg2[%[[AT]]] [2] [1]
// CHECK:             %[[G:.*]]:3 = func.call @__rewind_pullback_{{.*}}_iteration_wrt_2_3(%[[IV]], %{{.*}}, %arg0, %arg1, %[[SEED]], %[[XA]])
// CHECK:             %[[W:.*]] = arith.addf %[[WA]], %[[G]]#2 : f64
// CHECK:             scf.yield %[[G]]#1, %[[W]]
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[SUMS]]#0 into %[[XR]][%[[C]], 0] [1, 8] [1, 1]
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %[[WR]][%[[C]]] [1] [1]
// CHECK:         linalg.reduce { arith.addf } ins(%[[ROWS]]#0 : tensor<?x8xf64>) {{.*}} dimensions = [0]
// CHECK:         linalg.reduce { arith.addf } ins(%[[ROWS]]#1 : tensor<?xf64>) {{.*}} dimensions = [0]

// The output's initial value y is active and read: its adjoint gets the
// reads' contributions (a third accumulator) plus the output's adjoint with
// the slices the loop wrote zeroed (an scf.forall of fills).

func.func @update(%x: tensor<6xf64>, %y: tensor<6xf64>) -> tensor<6xf64> {
  %out = scf.forall (%i) in (3) shared_outs(%o = %y) -> tensor<6xf64> {
    %xi = tensor.extract %x[%i] : tensor<6xf64>
    %yi = tensor.extract %o[%i] : tensor<6xf64>
    %p = arith.mulf %xi, %yi : f64
    %s = tensor.from_elements %p : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<6xf64>
    }
  }
  return %out : tensor<6xf64>
}
func.func @d_update(%x: tensor<6xf64>, %y: tensor<6xf64>, %s: tensor<6xf64>) -> (tensor<6xf64>, tensor<6xf64>) {
  %a, %b = tape.vjp @update(%x, %y) seeds(%s) : (tensor<6xf64>, tensor<6xf64>), (tensor<6xf64>) -> tensor<6xf64>, tensor<6xf64>
  return %a, %b : tensor<6xf64>, tensor<6xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_update_wrt_0_1(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<6xf64>, %[[Y:[^:]*]]: tensor<6xf64>, %[[DOUT:[^:]*]]: tensor<6xf64>)
// CHECK:         tape.thread_count
// CHECK:         func.call @__rewind_pullback_{{.*}}_iteration_wrt_1_2(%{{.*}}, %[[Y]], %[[X]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:         %[[READS:.*]] = linalg.reduce { arith.addf }
// CHECK:         %[[ZEROED:.*]] = scf.forall (%[[I:.*]]) in (3) shared_outs(%[[D:.*]] = %[[DOUT]])
// CHECK:           %[[SLICE:.*]] = tensor.extract_slice %[[D]][%[[I]]] [1] [1]
// CHECK:           %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[SLICE]] : tensor<1xf64>)
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[ZEROS]] into %[[D]][%[[I]]] [1] [1]
// CHECK:         arith.addf %[[READS]], %[[ZEROED]] : tensor<6xf64>

// scf.parallel with a sum stays parallel, reversed the same way; its
// seeds are the result's adjoint, also the initial value's.

func.func @total(%x: tensor<5xf64>, %a: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %s = scf.parallel (%i) = (%c0) to (%c5) step (%c1) init (%a) -> f64 {
    %v = tensor.extract %x[%i] : tensor<5xf64>
    %e = math.exp %v : f64
    scf.reduce(%e : f64) {
    ^bb0(%l: f64, %r: f64):
      %t = arith.addf %l, %r : f64
      scf.reduce.return %t : f64
    }
  }
  return %s : f64
}
func.func @d_total(%x: tensor<5xf64>, %a: f64) -> (tensor<5xf64>, f64) {
  %g:2 = tape.grad @total(%x, %a) : (tensor<5xf64>, f64) -> (tensor<5xf64>, f64)
  return %g#0, %g#1 : tensor<5xf64>, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_total_wrt_0_1(
// CHECK-SAME:    %{{[^:]*}}: tensor<5xf64>, %{{[^:]*}}: f64, %[[SEED:[^:]*]]: f64)
// CHECK:         scf.parallel
// CHECK:         tape.thread_count
// CHECK:         scf.forall
// CHECK:           scf.for
// CHECK:             func.call @__rewind_pullback_{{.*}}_iteration_wrt_1(%{{.*}}, %{{.*}}, %[[SEED]], %{{.*}})
// CHECK:         linalg.reduce { arith.addf }
// CHECK:         return %{{.*}}, %{{.*}}, %[[SEED]] : f64, tensor<5xf64>, f64

// A product runs in order: an scf.for nest, reversed with a tape.

func.func @product(%x: tensor<5xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %one = arith.constant 1.0 : f64
  %s = scf.parallel (%i) = (%c0) to (%c5) step (%c1) init (%one) -> f64 {
    %v = tensor.extract %x[%i] : tensor<5xf64>
    scf.reduce(%v : f64) {
    ^bb0(%l: f64, %r: f64):
      %t = arith.mulf %l, %r : f64
      scf.reduce.return %t : f64
    }
  }
  return %s : f64
}
func.func @d_product(%x: tensor<5xf64>) -> tensor<5xf64> {
  %g = tape.grad @product(%x) : (tensor<5xf64>) -> tensor<5xf64>
  return %g : tensor<5xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_product_wrt_0(
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     tape.thread_count
// CHECK:         scf.for
// CHECK:         return

// A sum of tensors runs in order too (an scf.parallel reducing tensors does
// not bufferize).

func.func @tensor_sums(%x: tensor<4x3xf64>) -> tensor<3xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant dense<0.0> : tensor<3xf64>
  %s = scf.parallel (%i) = (%c0) to (%c4) step (%c1) init (%z) -> tensor<3xf64> {
    %row = tensor.extract_slice %x[%i, 0] [1, 3] [1, 1] : tensor<4x3xf64> to tensor<3xf64>
    %e = math.exp %row : tensor<3xf64>
    scf.reduce(%e : tensor<3xf64>) {
    ^bb0(%l: tensor<3xf64>, %r: tensor<3xf64>):
      %t = arith.addf %l, %r : tensor<3xf64>
      scf.reduce.return %t : tensor<3xf64>
    }
  }
  return %s : tensor<3xf64>
}
func.func @d_tensor_sums(%x: tensor<4x3xf64>, %g: tensor<3xf64>) -> tensor<4x3xf64> {
  %d = tape.vjp @tensor_sums(%x) seeds(%g) : (tensor<4x3xf64>), (tensor<3xf64>) -> tensor<4x3xf64>
  return %d : tensor<4x3xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_tensor_sums_wrt_0(
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     tape.thread_count
// CHECK:         scf.for
// CHECK:         return
