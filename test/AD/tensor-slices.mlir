// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Slices. s = x[o:o+2, 1:4:2] (dynamic offset, stride 2) and
// u = (y inserted into x at [0:2, 0:2])[1:3, 0:2]; r = s + u.
// In reverse order (the add's adjoints are copies of g, reading neither
// slice):
//   - u's extract_slice adds its adjoint into the adjoint of t at the same
//     offsets, sizes and strides (extract_slice, addf, insert_slice);
//   - the insert_slice gives y the slice of t's adjoint at its position and
//     x the adjoint of t with that slice zeroed;
//   - s's extract_slice accumulates into the adjoint of x with the primal
//     (dynamic) offset and the stride.

func.func @slices(%x: tensor<4x4xf64>, %y: tensor<2x2xf64>, %o: index) -> tensor<2x2xf64> {
  %s = tensor.extract_slice %x[%o, 1] [2, 2] [1, 2] : tensor<4x4xf64> to tensor<2x2xf64>
  %t = tensor.insert_slice %y into %x[0, 0] [2, 2] [1, 1] : tensor<2x2xf64> into tensor<4x4xf64>
  %u = tensor.extract_slice %t[1, 0] [2, 2] [1, 1] : tensor<4x4xf64> to tensor<2x2xf64>
  %e = tensor.empty() : tensor<2x2xf64>
  %r = linalg.add ins(%s, %u : tensor<2x2xf64>, tensor<2x2xf64>) outs(%e : tensor<2x2xf64>) -> tensor<2x2xf64>
  return %r : tensor<2x2xf64>
}
func.func @main(%x: tensor<4x4xf64>, %y: tensor<2x2xf64>, %o: index, %g: tensor<2x2xf64>) -> (tensor<4x4xf64>, tensor<2x2xf64>) {
  %d:2 = tape.vjp @slices(%x, %y, %o) seeds(%g) : (tensor<4x4xf64>, tensor<2x2xf64>, index), (tensor<2x2xf64>) -> tensor<4x4xf64>, tensor<2x2xf64>
  return %d#0, %d#1 : tensor<4x4xf64>, tensor<2x2xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_slices_wrt_0_1
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4x4xf64>, %[[Y:[^:]*]]: tensor<2x2xf64>, %[[O:[^:]*]]: index, %[[G:[^:]*]]: tensor<2x2xf64>)
// CHECK: %[[DS:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<2x2xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: linalg.yield %[[IN]] : f64
// CHECK: %[[DU:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<2x2xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT: linalg.yield %[[IN]] : f64
//
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4x4xf64>
// CHECK-NEXT: %[[OLD:.*]] = tensor.extract_slice %[[Z]][1, 0] [2, 2] [1, 1] : tensor<4x4xf64> to tensor<2x2xf64>
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[OLD]], %[[DU]] : tensor<2x2xf64>
// CHECK-NEXT: %[[DT:.*]] = tensor.insert_slice %[[SUM]] into %[[Z]][1, 0] [2, 2] [1, 1] : tensor<2x2xf64> into tensor<4x4xf64>
//
// CHECK-NEXT: %[[DY:.*]] = tensor.extract_slice %[[DT]][0, 0] [2, 2] [1, 1] : tensor<4x4xf64> to tensor<2x2xf64>
// CHECK-NEXT: %[[Z2:.*]] = arith.constant dense<0.000000e+00> : tensor<2x2xf64>
// CHECK-NEXT: %[[DX1:.*]] = tensor.insert_slice %[[Z2]] into %[[DT]][0, 0] [2, 2] [1, 1] : tensor<2x2xf64> into tensor<4x4xf64>
//
// CHECK-NEXT: %[[OLD2:.*]] = tensor.extract_slice %[[DX1]][%[[O]], 1] [2, 2] [1, 2] : tensor<4x4xf64> to tensor<2x2xf64>
// CHECK-NEXT: %[[SUM2:.*]] = arith.addf %[[OLD2]], %[[DS]] : tensor<2x2xf64>
// CHECK-NEXT: %[[DX:.*]] = tensor.insert_slice %[[SUM2]] into %[[DX1]][%[[O]], 1] [2, 2] [1, 2] : tensor<2x2xf64> into tensor<4x4xf64>
// CHECK-NEXT: return %{{.*}}, %[[DX]], %[[DY]] : tensor<2x2xf64>, tensor<4x4xf64>, tensor<2x2xf64>
