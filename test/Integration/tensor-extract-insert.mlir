// tensor.extract and tensor.insert, f64. Elements read from the argument and from
// tensors built by inserting into it: x[1,0] and x[0,2] are overwritten, so their
// adjoints are zero; x[0,1] is read directly and through the inserted s*x[0,1];
// the dynamic index %i picks the row read last (the overwritten x[0,2] for
// i = 0, x[1,2] itself for i = 1).
// r = s x01 sin(x12) + x01 x11 + x00 x01 + 3 t[i,2]
// RUN: rewind-run %s --entry f --args '[[[0.3, -1.2, 0.8], [1.5, 0.7, -0.4]], 1.7, 0]' --grad --json | FileCheck %s --check-prefix=ROW0
// RUN: rewind-run %s --entry f --args '[[[0.3, -1.2, 0.8], [1.5, 0.7, -0.4]], 1.7, 0]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=ROW0,ROW0-FD
// RUN: rewind-run %s --entry f --args '[[[0.3, -1.2, 0.8], [1.5, 0.7, -0.4]], 1.7, 1]' --grad --json | FileCheck %s --check-prefix=ROW1
// RUN: rewind-run %s --entry f --args '[[[0.3, -1.2, 0.8], [1.5, 0.7, -0.4]], 1.7, 1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=ROW1,ROW1-FD

// ROW0: {"value": -1.573841608{{[0-9]*}}, "gradient": [
// ROW0-SAME: {{\[\[}}-{{(1\.2(0{8}[0-9]*)?|1\.19{8}[0-9]*)}}, 0.3379888180{{[0-9]*}}, {{-?}}0.0], [{{-?}}0.0, -{{(1\.2(0{8}[0-9]*)?|1\.19{8}[0-9]*)}}, 0.8842185542{{[0-9]*}}]],
// ROW0-SAME: 0.4673020107{{[0-9]*}},
// ROW0-SAME: null
// ROW0-SAME: ]
// ROW0-FD-SAME: "max_rel_error":

// ROW1: {"value": -1.605586581{{[0-9]*}}, "gradient": [
// ROW1-SAME: {{\[\[}}-{{(1\.2(0{8}[0-9]*)?|1\.19{8}[0-9]*)}}, 0.3379888180{{[0-9]*}}, {{-?}}0.0], [{{-?}}0.0, -{{(1\.2(0{8}[0-9]*)?|1\.19{8}[0-9]*)}}, 1.121035572{{[0-9]*}}]],
// ROW1-SAME: 0.4673020107{{[0-9]*}},
// ROW1-SAME: null
// ROW1-SAME: ]
// ROW1-FD-SAME: "max_rel_error":

func.func @f(%x: tensor<2x3xf64>, %s: f64, %i: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = tensor.extract %x[%c0, %c1] : tensor<2x3xf64>
  %b = tensor.extract %x[%c1, %c2] : tensor<2x3xf64>
  %sa = arith.mulf %s, %a : f64
  %t = tensor.insert %sa into %x[%c1, %c0] : tensor<2x3xf64>
  %sb = math.sin %b : f64
  %t2 = tensor.insert %sb into %t[%c0, %c2] : tensor<2x3xf64>
  %e0 = tensor.extract %t2[%c1, %c0] : tensor<2x3xf64>
  %e1 = tensor.extract %t2[%c0, %c2] : tensor<2x3xf64>
  %e2 = tensor.extract %t2[%c0, %c1] : tensor<2x3xf64>
  %e3 = tensor.extract %t2[%c1, %c1] : tensor<2x3xf64>
  %e4 = tensor.extract %t2[%c0, %c0] : tensor<2x3xf64>
  %e5 = tensor.extract %t2[%i, %c2] : tensor<2x3xf64>
  %p0 = arith.mulf %e0, %e1 : f64
  %p1 = arith.mulf %e2, %e3 : f64
  %p2 = arith.mulf %e4, %a : f64
  %three = arith.constant 3.0 : f64
  %p3 = arith.mulf %e5, %three : f64
  %q0 = arith.addf %p0, %p1 : f64
  %q1 = arith.addf %p2, %p3 : f64
  %r = arith.addf %q0, %q1 : f64
  return %r : f64
}
