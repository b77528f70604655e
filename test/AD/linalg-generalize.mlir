// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Structured ops other than the contractions (matmul, matvec, vecmat) are
// generalized to linalg.generic before the pullback is built, so one rule
// covers them all: linalg.fill, the elementwise named ops (linalg.add,
// linalg.exp, linalg.mul), linalg.map, linalg.transpose, linalg.broadcast
// and linalg.reduce. The function itself keeps its named ops.

func.func @named(%x: tensor<2x3xf64>, %y: tensor<2x3xf64>, %v: tensor<3xf64>, %s: f64) -> tensor<3xf64> {
  %e = tensor.empty() : tensor<2x3xf64>
  %f = linalg.fill ins(%s : f64) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %a = linalg.add ins(%x, %f : tensor<2x3xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %ex = linalg.exp ins(%a : tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %m = linalg.map { arith.mulf } ins(%ex, %y : tensor<2x3xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>)
  %et = tensor.empty() : tensor<3x2xf64>
  %t = linalg.transpose ins(%m : tensor<2x3xf64>) outs(%et : tensor<3x2xf64>) permutation = [1, 0]
  %b = linalg.broadcast ins(%v : tensor<3xf64>) outs(%et : tensor<3x2xf64>) dimensions = [1]
  %p = linalg.mul ins(%t, %b : tensor<3x2xf64>, tensor<3x2xf64>) outs(%et : tensor<3x2xf64>) -> tensor<3x2xf64>
  %z = arith.constant 0.0 : f64
  %e3 = tensor.empty() : tensor<3xf64>
  %i = linalg.fill ins(%z : f64) outs(%e3 : tensor<3xf64>) -> tensor<3xf64>
  %r = linalg.reduce ins(%p : tensor<3x2xf64>) outs(%i : tensor<3xf64>) dimensions = [1]
    (%in: f64, %acc: f64) {
      %sum = arith.addf %in, %acc : f64
      linalg.yield %sum : f64
    }
  return %r : tensor<3xf64>
}
func.func @main(%x: tensor<2x3xf64>, %y: tensor<2x3xf64>, %v: tensor<3xf64>, %s: f64, %g: tensor<3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>, tensor<3xf64>, f64) {
  %d:4 = tape.vjp @named(%x, %y, %v, %s) seeds(%g) : (tensor<2x3xf64>, tensor<2x3xf64>, tensor<3xf64>, f64), (tensor<3xf64>) -> tensor<2x3xf64>, tensor<2x3xf64>, tensor<3xf64>, f64
  return %d#0, %d#1, %d#2, %d#3 : tensor<2x3xf64>, tensor<2x3xf64>, tensor<3xf64>, f64
}

// CHECK-DAG: #[[ALL:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[TR:map[0-9]*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>

// CHECK-LABEL: func.func @named
// CHECK: linalg.fill
// CHECK: linalg.add
// CHECK: linalg.exp
// CHECK: linalg.map
// CHECK: linalg.transpose
// CHECK: linalg.broadcast
// CHECK: linalg.mul
// CHECK: linalg.reduce

// CHECK-LABEL: func.func private @__rewind_pullback_named_wrt_0_1_2_3
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf64>, %[[Y:[^:]*]]: tensor<2x3xf64>, %[[V:[^:]*]]: tensor<3xf64>, %[[S:[^:]*]]: f64, %[[G:[^:]*]]: tensor<3xf64>)
// CHECK-NOT: linalg.{{(add|exp|map|transpose|broadcast|mul|reduce)}}
//
// The primal sweep, generalized: fill (a scalar input with an empty map),
// add, exp, map, transpose, broadcast, mul, then fill and reduce.
// CHECK: %[[FILL:.*]] = linalg.generic {indexing_maps = [#[[ALL]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : f64)
// CHECK: %[[ADD:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[FILL]] :
// CHECK: arith.addf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[ADD]] :
// CHECK: math.exp
// CHECK: %[[MAP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[Y]] :
// CHECK: arith.mulf
// CHECK: %[[T:.*]] = linalg.generic {indexing_maps = [#[[TR]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[MAP]] :
// CHECK: %[[B:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[V]] :
// CHECK: %[[MUL:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[T]], %[[B]] :
// CHECK: %[[RED:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[MUL]] :
//
// The reverse sweep: the reduce's input gets g broadcast along the reduced
// dimension; the broadcast input v sums over dimension 1; the transpose
// input reads through the transposed map; exp's adjoint multiplies by exp;
// the filled scalar sums everything (a 0-d generic, both loops reductions).
// Each adjoint takes only the operands its body reads (a product's adjoint
// the other factor, a copy's or a sum's none of the primal operands).
// CHECK: %[[DMUL:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[G]] : tensor<3xf64>)
// CHECK: %[[DT:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[B]], %[[DMUL]] :
// CHECK: %[[DB:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[T]], %[[DMUL]] :
// CHECK: %[[DV:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[DB]] : tensor<3x2xf64>)
// CHECK: %[[DMAP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[TR]]], iterator_types = ["parallel", "parallel"]} ins(%[[DT]] : tensor<3x2xf64>)
// CHECK: %[[DEXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]], %[[DMAP]] :
// CHECK: %[[DY:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[DMAP]] :
// CHECK: %[[DADD:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[ADD]], %[[DEXP]] :
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f64, %[[GS:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: %[[E:.*]] = math.exp %[[IN]] : f64
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[GS]], %[[E]] : f64
// CHECK-NEXT: linalg.yield %[[P]] : f64
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[DADD]] :
// CHECK: %[[DFILL:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[DADD]] :
// CHECK: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<f64>) -> tensor<f64>
// CHECK-NEXT: %[[DS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ALL]]], iterator_types = ["reduction", "reduction"]} ins(%[[DFILL]] : tensor<2x3xf64>) outs(%[[ZERO]] : tensor<f64>)
// CHECK: %[[DSV:.*]] = tensor.extract %[[DS]][] : tensor<f64>
// CHECK-NEXT: return %[[RED]], %[[DX]], %[[DY]], %[[DV]], %[[DSV]]
