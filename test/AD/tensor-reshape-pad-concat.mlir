// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file | FileCheck %s

// collapse_shape -> expand_shape -> cast -> cast -> concat (of itself) -> pad
// with an active scalar. In reverse:
//   pad:    adj source = the interior slice of g; adj p = sum(g) - sum(slice)
//   concat: each operand gets its slice of the adjoint, at offsets 0 and 0+2
//   cast:   cast back; expand/collapse: collapse/expand back.

func.func @ops(%x: tensor<2x3xf64>, %p: f64) -> tensor<4x5xf64> {
  %c = tensor.collapse_shape %x [[0, 1]] : tensor<2x3xf64> into tensor<6xf64>
  %e = tensor.expand_shape %c [[0, 1]] output_shape [3, 2] : tensor<6xf64> into tensor<3x2xf64>
  %d = tensor.cast %e : tensor<3x2xf64> to tensor<?x2xf64>
  %s = tensor.cast %d : tensor<?x2xf64> to tensor<3x2xf64>
  %cat = tensor.concat dim(1) %s, %s : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x4xf64>
  %pad = tensor.pad %cat low[1, 0] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %p : f64
  } : tensor<3x4xf64> to tensor<4x5xf64>
  return %pad : tensor<4x5xf64>
}
func.func @main(%x: tensor<2x3xf64>, %p: f64, %g: tensor<4x5xf64>) -> (tensor<2x3xf64>, f64) {
  %d:2 = tape.vjp @ops(%x, %p) seeds(%g) : (tensor<2x3xf64>, f64), (tensor<4x5xf64>) -> tensor<2x3xf64>, f64
  return %d#0, %d#1 : tensor<2x3xf64>, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_ops_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf64>, %[[P:[^:]*]]: f64, %[[G:[^:]*]]: tensor<4x5xf64>)
// CHECK: %[[PAD:.*]] = tensor.pad
// CHECK: %[[INNER:.*]] = tensor.extract_slice %[[G]][1, 0] [3, 4] [1, 1] : tensor<4x5xf64> to tensor<3x4xf64>
// CHECK: %[[SI:.*]] = linalg.reduce ins(%[[INNER]] : tensor<3x4xf64>) outs(%{{.*}} : tensor<f64>) dimensions = [0, 1]
// CHECK: %[[SIV:.*]] = tensor.extract %[[SI]][] : tensor<f64>
// CHECK: %[[SG:.*]] = linalg.reduce ins(%[[G]] : tensor<4x5xf64>) outs(%{{.*}} : tensor<f64>) dimensions = [0, 1]
// CHECK: %[[SGV:.*]] = tensor.extract %[[SG]][] : tensor<f64>
// CHECK-NEXT: %[[DP:.*]] = arith.subf %[[SGV]], %[[SIV]] : f64
// CHECK-NEXT: %[[D0:.*]] = tensor.extract_slice %[[INNER]][0, 0] [3, 2] [1, 1] : tensor<3x4xf64> to tensor<3x2xf64>
// CHECK: %[[OFF:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[D1:.*]] = tensor.extract_slice %[[INNER]][0, %[[OFF]]] [3, 2] [1, 1] : tensor<3x4xf64> to tensor<3x2xf64>
// CHECK-NEXT: %[[DS:.*]] = arith.addf %[[D0]], %[[D1]] : tensor<3x2xf64>
// CHECK: %[[C1:.*]] = tensor.cast %[[DS]] : tensor<3x2xf64> to tensor<?x2xf64>
// CHECK-NEXT: %[[C2:.*]] = tensor.cast %[[C1]] : tensor<?x2xf64> to tensor<3x2xf64>
// CHECK-NEXT: %[[COL:.*]] = tensor.collapse_shape %[[C2]] {{\[\[}}0, 1]] : tensor<3x2xf64> into tensor<6xf64>
// CHECK-NEXT: %[[DX:.*]] = tensor.expand_shape %[[COL]] {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf64> into tensor<2x3xf64>
// CHECK-NEXT: return %[[PAD]], %[[DX]], %[[DP]] : tensor<4x5xf64>, tensor<2x3xf64>, f64

// -----

// from_elements: element k gets g at its row-major position; splat: the sum
// of the adjoint (a linalg.reduce over every dimension). The add's adjoints
// are copies of g, reading neither of its operands.

func.func @elems(%a: f64, %b: f64) -> tensor<2x2xf64> {
  %t = tensor.from_elements %a, %b, %b, %a : tensor<2x2xf64>
  %s = tensor.splat %a : tensor<2x2xf64>
  %e = tensor.empty() : tensor<2x2xf64>
  %r = linalg.add ins(%t, %s : tensor<2x2xf64>, tensor<2x2xf64>) outs(%e : tensor<2x2xf64>) -> tensor<2x2xf64>
  return %r : tensor<2x2xf64>
}
func.func @main(%a: f64, %b: f64, %g: tensor<2x2xf64>) -> (f64, f64) {
  %d:2 = tape.vjp @elems(%a, %b) seeds(%g) : (f64, f64), (tensor<2x2xf64>) -> f64, f64
  return %d#0, %d#1 : f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_elems_wrt_0_1
// CHECK-SAME: (%[[A:[^:]*]]: f64, %[[B:[^:]*]]: f64, %[[G:[^:]*]]: tensor<2x2xf64>)
// CHECK: %[[GT:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<2x2xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: linalg.yield %[[IN]] : f64
// CHECK: %[[GS:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<2x2xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: linalg.yield %[[IN]] : f64
// The splat's adjoint: sum of its result's adjoint.
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[GS]] : tensor<2x2xf64>) outs(%{{.*}} : tensor<f64>) dimensions = [0, 1]
// CHECK: %[[SUMV:.*]] = tensor.extract %[[SUM]][] : tensor<f64>
// Elements 0 and 3 are a, 1 and 2 are b.
// CHECK: %[[R0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[E0:.*]] = tensor.extract %[[GT]][%[[R0]], %[[C0]]] : tensor<2x2xf64>
// CHECK-NEXT: %[[DA1:.*]] = arith.addf %[[SUMV]], %[[E0]] : f64
// CHECK-NEXT: %[[R0B:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C1A:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[E1:.*]] = tensor.extract %[[GT]][%[[R0B]], %[[C1A]]] : tensor<2x2xf64>
// CHECK-NEXT: %[[R1C:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[C0C:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[E2:.*]] = tensor.extract %[[GT]][%[[R1C]], %[[C0C]]] : tensor<2x2xf64>
// CHECK-NEXT: %[[DB:.*]] = arith.addf %[[E1]], %[[E2]] : f64
// CHECK-NEXT: %[[R1D:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[C1D:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[E3:.*]] = tensor.extract %[[GT]][%[[R1D]], %[[C1D]]] : tensor<2x2xf64>
// CHECK-NEXT: %[[DA:.*]] = arith.addf %[[DA1]], %[[E3]] : f64
// CHECK-NEXT: return %{{.*}}, %[[DA]], %[[DB]] : tensor<2x2xf64>, f64, f64
