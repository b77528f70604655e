// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// Loop dimensions missing from an operand's indexing map are reductions in
// the adjoint of that operand: a broadcast input sums the adjoint over the
// dimensions it was broadcast along. Each adjoint takes only the inputs its
// body reads (r = (x b + c) s: adj x reads b and s, adj b reads x and s,
// adj c reads s, adj s reads x, b and c).

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>
func.func @broadcast(%x: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2xf64>, %s: tensor<f64>) -> tensor<2x3xf64> {
  %e = tensor.empty() : tensor<2x3xf64>
  %r = linalg.generic {indexing_maps = [#id, #col, #row, #all, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b, %c, %s : tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%a: f64, %u: f64, %v: f64, %w: f64, %o: f64):
    %p = arith.mulf %a, %u : f64
    %q = arith.addf %p, %v : f64
    %t = arith.mulf %q, %w : f64
    linalg.yield %t : f64
  } -> tensor<2x3xf64>
  return %r : tensor<2x3xf64>
}
func.func @main(%x: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2xf64>, %s: tensor<f64>, %g: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>) {
  %d:4 = tape.vjp @broadcast(%x, %b, %c, %s) seeds(%g) : (tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>), (tensor<2x3xf64>) -> tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>
  return %d#0, %d#1, %d#2, %d#3 : tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[ALL:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func private @__rewind_pullback_broadcast_wrt_0_1_2_3
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf64>, %[[B:[^:]*]]: tensor<3xf64>, %[[C:[^:]*]]: tensor<2xf64>, %[[S:[^:]*]]: tensor<f64>, %[[G:[^:]*]]: tensor<2x3xf64>)
// CHECK: %[[R:.*]] = linalg.generic
//
// x: same map as the result, all parallel, a fresh output.
// CHECK: %[[EX:.*]] = tensor.empty() : tensor<2x3xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[COL]], #[[ALL]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[B]], %[[S]], %[[G]] : tensor<3xf64>, tensor<f64>, tensor<2x3xf64>) outs(%[[EX]] : tensor<2x3xf64>)
// b (j): i is a reduction, accumulated into zeros.
// CHECK: %[[ZB:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf64>
// CHECK-NEXT: %[[DB:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ALL]], #[[ID]], #[[COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[X]], %[[S]], %[[G]] : tensor<2x3xf64>, tensor<f64>, tensor<2x3xf64>) outs(%[[ZB]] : tensor<3xf64>)
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[W:.*]]: f64, %[[GS:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[GS]], %[[W]] : f64
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[T]], %[[A]] : f64
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[T2]] : f64
// CHECK-NEXT: linalg.yield %[[SUM]] : f64
// CHECK-NEXT: } -> tensor<3xf64>
// c (i): j is a reduction.
// CHECK: %[[DC:.*]] = linalg.generic {indexing_maps = [#[[ALL]], #[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[S]], %[[G]] : tensor<f64>, tensor<2x3xf64>) outs(%{{.*}} : tensor<2xf64>)
// s (0-d): both loops are reductions.
// CHECK: %[[DS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ROW]], #[[ID]], #[[ALL]]], iterator_types = ["reduction", "reduction"]} ins(%[[X]], %[[B]], %[[C]], %[[G]] : tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<2x3xf64>) outs(%{{.*}} : tensor<f64>)
// CHECK: return %[[R]], %[[DX]], %[[DB]], %[[DC]], %[[DS]]

// -----

// Row sums of squares with an active init: the adjoint of x is parallel in
// both dimensions (x is indexed by every loop) and reads the result's adjoint
// through the output map; a sum passes the adjoint of the result to the init
// unchanged.

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @rowsum(%x: tensor<2x3xf64>, %init: tensor<2xf64>) -> tensor<2xf64> {
  %r = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x3xf64>) outs(%init : tensor<2xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %sq = arith.mulf %a, %a : f64
    %s = arith.addf %acc, %sq : f64
    linalg.yield %s : f64
  } -> tensor<2xf64>
  return %r : tensor<2xf64>
}
func.func @main(%x: tensor<2x3xf64>, %i: tensor<2xf64>, %g: tensor<2xf64>) -> (tensor<2x3xf64>, tensor<2xf64>) {
  %d:2 = tape.vjp @rowsum(%x, %i) seeds(%g) : (tensor<2x3xf64>, tensor<2xf64>), (tensor<2xf64>) -> tensor<2x3xf64>, tensor<2xf64>
  return %d#0, %d#1 : tensor<2x3xf64>, tensor<2xf64>
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func private @__rewind_pullback_rowsum_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf64>, %[[I:[^:]*]]: tensor<2xf64>, %[[G:[^:]*]]: tensor<2xf64>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x3xf64>) outs(%[[I]] : tensor<2xf64>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf64>
// CHECK-NEXT: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[G]] : tensor<2x3xf64>, tensor<2xf64>) outs(%[[E]] : tensor<2x3xf64>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[GS:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[T1:.*]] = arith.mulf %[[GS]], %[[A]] : f64
// CHECK-NEXT: %[[T2:.*]] = arith.mulf %[[GS]], %[[A]] : f64
// CHECK-NEXT: %[[T:.*]] = arith.addf %[[T1]], %[[T2]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
// CHECK-NEXT: } -> tensor<2x3xf64>
// CHECK-NEXT: return %[[R]], %[[DX]], %[[G]] : tensor<2xf64>, tensor<2x3xf64>, tensor<2xf64>

// -----

// Column max with an active init: the adjoint reaches the elements equal to
// the (primal) result, read as an extra input through the output map, shared
// evenly among ties; the init gets its share where it is the result.

#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>
func.func @colmax(%x: tensor<2x3xf64>, %init: tensor<3xf64>) -> tensor<3xf64> {
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<2x3xf64>) outs(%init : tensor<3xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %m = arith.maximumf %acc, %a : f64
    linalg.yield %m : f64
  } -> tensor<3xf64>
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<2x3xf64>, %i: tensor<3xf64>, %g: tensor<3xf64>) -> (tensor<2x3xf64>, tensor<3xf64>) {
  %d:2 = tape.vjp @colmax(%x, %i) seeds(%g) : (tensor<2x3xf64>, tensor<3xf64>), (tensor<3xf64>) -> tensor<2x3xf64>, tensor<3xf64>
  return %d#0, %d#1 : tensor<2x3xf64>, tensor<3xf64>
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func private @__rewind_pullback_colmax_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf64>, %[[I:[^:]*]]: tensor<3xf64>, %[[G:[^:]*]]: tensor<3xf64>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<2x3xf64>) outs(%[[I]] : tensor<3xf64>)
// Ties share the adjoint: count the terms equal to the result (and the init).
// CHECK: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<3xf64>
// CHECK-NEXT: %[[IEQ0:.*]] = arith.cmpf oeq, %[[I]], %[[R]] : tensor<3xf64>
// CHECK-NEXT: %[[Z0:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf64>
// CHECK-NEXT: %[[INITTIES:.*]] = arith.select %[[IEQ0]], %[[ONES]], %[[Z0]] : tensor<3xi1>, tensor<3xf64>
// CHECK-NEXT: %[[COUNT:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[X]], %[[R]] : tensor<2x3xf64>, tensor<3xf64>) outs(%[[INITTIES]] : tensor<3xf64>) {
// CHECK: arith.cmpf oeq
// CHECK: } -> tensor<3xf64>
// CHECK-NEXT: %[[GS:.*]] = arith.divf %[[G]], %[[COUNT]] : tensor<3xf64>
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[GS]], %[[R]] : tensor<2x3xf64>, tensor<3xf64>, tensor<3xf64>) outs(%{{.*}} : tensor<2x3xf64>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[GSS:.*]]: f64, %[[M:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[EQ:.*]] = arith.cmpf oeq, %[[A]], %[[M]] : f64
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[EQ]], %[[GSS]], %[[ZERO]] : f64
// CHECK-NEXT: linalg.yield %[[SEL]] : f64
// CHECK-NEXT: } -> tensor<2x3xf64>
// CHECK-NEXT: %[[IEQ:.*]] = arith.cmpf oeq, %[[I]], %[[R]] : tensor<3xf64>
// CHECK-NEXT: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf64>
// CHECK-NEXT: %[[DI:.*]] = arith.select %[[IEQ]], %[[GS]], %[[Z]] : tensor<3xi1>, tensor<3xf64>
// CHECK-NEXT: return %[[R]], %[[DX]], %[[DI]]

// -----

// A scalar defined above the op and read by its body gets its adjoint from a
// zero-dimensional linalg.generic in which every loop is a reduction.

#id = affine_map<(i) -> (i)>
func.func @captured(%x: tensor<4xf64>, %s: f64) -> tensor<4xf64> {
  %e = tensor.empty() : tensor<4xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) {
  ^bb0(%a: f64, %o: f64):
    %p = arith.mulf %a, %s : f64
    linalg.yield %p : f64
  } -> tensor<4xf64>
  return %r : tensor<4xf64>
}
func.func @main(%x: tensor<4xf64>, %s: f64, %g: tensor<4xf64>) -> f64 {
  %d = tape.vjp @captured(%x, %s) seeds(%g) wrt [1] : (tensor<4xf64>, f64), (tensor<4xf64>) -> f64
  return %d : f64
}

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ALL:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func private @__rewind_pullback_captured_wrt_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf64>, %[[S:[^:]*]]: f64, %[[G:[^:]*]]: tensor<4xf64>) -> (tensor<4xf64>, f64)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<f64>
// CHECK-NEXT: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[E]] : tensor<f64>) -> tensor<f64>
// CHECK-NEXT: %[[DS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ALL]]], iterator_types = ["reduction"]} ins(%[[X]], %[[G]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<f64>) {
// CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[GS:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT: %[[T:.*]] = arith.mulf %[[GS]], %[[A]] : f64
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[T]] : f64
// CHECK-NEXT: linalg.yield %[[SUM]] : f64
// CHECK-NEXT: } -> tensor<f64>
// CHECK-NEXT: %[[V:.*]] = tensor.extract %[[DS]][] : tensor<f64>
// CHECK-NEXT: return %{{.*}}, %[[V]] : tensor<4xf64>, f64
