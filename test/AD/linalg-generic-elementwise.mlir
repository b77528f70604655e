// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// The adjoint of a linalg.generic with respect to each active input is a
// linalg.generic over the same iteration space: the inputs of the primal op
// that its body reads (the others are dropped), then the adjoint of its
// result, all with their primal indexing maps; the output is the input's
// adjoint, with the input's own map. With identity maps every loop stays
// parallel, and the op writes a fresh tensor (no accumulator: the input had
// no adjoint yet). The body recomputes the primal values the adjoint needs
// (not the dead primal result) and yields the scalar adjoint of the input.

#id = affine_map<(i, j) -> (i, j)>
func.func @elementwise(%x: tensor<2x3xf64>, %y: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %e = tensor.empty() : tensor<2x3xf64>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<2x3xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = math.sin %b : f64
    %p = arith.mulf %a, %s : f64
    linalg.yield %p : f64
  } -> tensor<2x3xf64>
  return %r : tensor<2x3xf64>
}
func.func @main(%x: tensor<2x3xf64>, %y: tensor<2x3xf64>, %g: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
  %d:2 = tape.vjp @elementwise(%x, %y) seeds(%g) : (tensor<2x3xf64>, tensor<2x3xf64>), (tensor<2x3xf64>) -> tensor<2x3xf64>, tensor<2x3xf64>
  return %d#0, %d#1 : tensor<2x3xf64>, tensor<2x3xf64>
}

// CHECK: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func private @__rewind_pullback_elementwise_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf64>, %[[Y:.*]]: tensor<2x3xf64>, %[[G:.*]]: tensor<2x3xf64>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]] : {{.*}}) outs(
//
// adj x = g * sin(y): x itself is not read.
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<2x3xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]], %[[G]] : tensor<2x3xf64>, tensor<2x3xf64>) outs(%[[E0]] : tensor<2x3xf64>) {
// CHECK-NEXT: ^bb0(%[[B:.*]]: f64, %[[S:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[SIN:.*]] = math.sin %[[B]] : f64
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[S]], %[[SIN]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
// CHECK-NEXT: } -> tensor<2x3xf64>
//
// adj y = g * x * cos(y)
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<2x3xf64>
// CHECK-NEXT: %[[DY:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[Y]], %[[G]] : tensor<2x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>) outs(%[[E1]] : tensor<2x3xf64>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64, %[[S:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[S]], %[[A]] : f64
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[B]] : f64
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[T]], %[[COS]] : f64
// CHECK-NEXT: linalg.yield %[[T2]] : f64
// CHECK-NEXT: } -> tensor<2x3xf64>
// CHECK-NEXT: return %[[R]], %[[DX]], %[[DY]]

// -----

// A transposed input: its adjoint is written through the transposed map,
// every loop still parallel. Only x is differentiated (wrt [0]); its adjoint
// reads y and g, not x.

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>
func.func @transpose(%x: tensor<3x2xf64>, %y: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %e = tensor.empty() : tensor<2x3xf64>
  %r = linalg.generic {indexing_maps = [#tr, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<3x2xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %p = arith.mulf %a, %b : f64
    linalg.yield %p : f64
  } -> tensor<2x3xf64>
  return %r : tensor<2x3xf64>
}
func.func @main(%x: tensor<3x2xf64>, %y: tensor<2x3xf64>, %g: tensor<2x3xf64>) -> tensor<3x2xf64> {
  %d = tape.vjp @transpose(%x, %y) seeds(%g) wrt [0] : (tensor<3x2xf64>, tensor<2x3xf64>), (tensor<2x3xf64>) -> tensor<3x2xf64>
  return %d : tensor<3x2xf64>
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[TR:map[0-9]*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func private @__rewind_pullback_transpose_wrt_0
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf64>, %[[Y:.*]]: tensor<2x3xf64>, %[[G:.*]]: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<3x2xf64>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x2xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[TR]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]], %[[G]] : tensor<2x3xf64>, tensor<2x3xf64>) outs(%[[E]] : tensor<3x2xf64>) {
// CHECK-NEXT: ^bb0(%[[B:.*]]: f64, %[[S:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[S]], %[[B]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
// CHECK-NEXT: } -> tensor<3x2xf64>
// CHECK-NEXT: return %{{.*}}, %[[DX]] : tensor<2x3xf64>, tensor<3x2xf64>
// CHECK-NOT: linalg.generic

// -----

// A body that reads its output (r = o + x * y, the init %acc is active): the
// init gets an adjoint generic of its own, which reads the primal init (and
// not x or y): adj init = g o + g o.

#id = affine_map<(i) -> (i)>
func.func @reads_out(%x: tensor<4xf64>, %y: tensor<4xf64>, %acc: tensor<4xf64>) -> tensor<4xf64> {
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%acc : tensor<4xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %p = arith.mulf %a, %b : f64
    %oo = arith.mulf %o, %o : f64
    %q = arith.addf %oo, %p : f64
    linalg.yield %q : f64
  } -> tensor<4xf64>
  return %r : tensor<4xf64>
}
func.func @main(%x: tensor<4xf64>, %y: tensor<4xf64>, %acc: tensor<4xf64>, %g: tensor<4xf64>) -> tensor<4xf64> {
  %d = tape.vjp @reads_out(%x, %y, %acc) seeds(%g) wrt [2] : (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>), (tensor<4xf64>) -> tensor<4xf64>
  return %d : tensor<4xf64>
}

// CHECK: #[[ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func private @__rewind_pullback_reads_out_wrt_2
// CHECK-SAME: (%[[X:.*]]: tensor<4xf64>, %[[Y:.*]]: tensor<4xf64>, %[[INIT:.*]]: tensor<4xf64>, %[[G:.*]]: tensor<4xf64>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf64>
// CHECK-NEXT: %[[DI:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]} ins(%[[INIT]], %[[G]] : tensor<4xf64>, tensor<4xf64>) outs(%[[E]] : tensor<4xf64>) {
// CHECK-NEXT: ^bb0(%[[O:.*]]: f64, %[[S:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[T1:.*]] = arith.mulf %[[S]], %[[O]] : f64
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[S]], %[[O]] : f64
// CHECK-NEXT: %[[T:.*]] = arith.addf %[[T1]], %[[T2]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
// CHECK: return %{{.*}}, %[[DI]]

// -----

// x read by two ops: the adjoint built second takes the first one as an extra
// input (with x's map) and adds to it, still writing a fresh tensor.

#id = affine_map<(i) -> (i)>
func.func @twice(%x: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>) {
  %e = tensor.empty() : tensor<4xf64>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) {
  ^bb0(%p: f64, %o: f64):
    %s = math.exp %p : f64
    linalg.yield %s : f64
  } -> tensor<4xf64>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) {
  ^bb0(%p: f64, %o: f64):
    %s = math.sin %p : f64
    linalg.yield %s : f64
  } -> tensor<4xf64>
  return %a, %b : tensor<4xf64>, tensor<4xf64>
}
func.func @main(%x: tensor<4xf64>, %ga: tensor<4xf64>, %gb: tensor<4xf64>) -> tensor<4xf64> {
  %d = tape.vjp @twice(%x) seeds(%ga, %gb) : (tensor<4xf64>), (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %d : tensor<4xf64>
}

// CHECK: #[[ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func private @__rewind_pullback_twice_wrt_0
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf64>, %[[GA:[^:]*]]: tensor<4xf64>, %[[GB:[^:]*]]: tensor<4xf64>)
// The second op is reversed first: adj x = gb cos(x).
// CHECK: %[[D1:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]} ins(%[[X]], %[[GB]] : tensor<4xf64>, tensor<4xf64>) outs(%{{.*}} : tensor<4xf64>) {
// CHECK: math.cos
// Then adj x = previous + ga exp(x).
// CHECK: %[[D2:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]} ins(%[[X]], %[[GA]], %[[D1]] : tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) outs(%{{.*}} : tensor<4xf64>) {
// CHECK-NEXT: ^bb0(%[[P:.*]]: f64, %[[S:.*]]: f64, %[[PREV:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[EXP:.*]] = math.exp %[[P]] : f64
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[S]], %[[EXP]] : f64
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[PREV]], %[[T]] : f64
// CHECK-NEXT: linalg.yield %[[SUM]] : f64
// CHECK: return %{{.*}}, %{{.*}}, %[[D2]]
