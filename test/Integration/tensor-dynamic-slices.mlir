// Dynamic shapes: extract_slice and insert_slice with dynamic offsets, sizes
// and strides on a tensor<?x?xf64> argument (4x5 here), a rank-reducing
// dynamic slice, a dynamic expand_shape and casts; f64. The same function runs
// with two offsets: i = 1 (the slice written back overlaps its source) and
// i = 2.
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45, -0.25], [0.9, 0.15, -1.2, 0.6, 0.35], [-0.5, 0.75, 0.2, -0.95, 1.05], [1.3, -0.4, 0.55, 0.1, -0.7]], 1]' --grad --json | FileCheck %s --check-prefix=I1
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45, -0.25], [0.9, 0.15, -1.2, 0.6, 0.35], [-0.5, 0.75, 0.2, -0.95, 1.05], [1.3, -0.4, 0.55, 0.1, -0.7]], 1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=I1,I1-FD
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45, -0.25], [0.9, 0.15, -1.2, 0.6, 0.35], [-0.5, 0.75, 0.2, -0.95, 1.05], [1.3, -0.4, 0.55, 0.1, -0.7]], 2]' --grad --json | FileCheck %s --check-prefix=I2
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45, -0.25], [0.9, 0.15, -1.2, 0.6, 0.35], [-0.5, 0.75, 0.2, -0.95, 1.05], [1.3, -0.4, 0.55, 0.1, -0.7]], 2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=I2,I2-FD

// I1: {"value": 19.71360253{{[0-9]*}}, "gradient": [
// I1-SAME: {{\[\[}}{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{-?}}0.0, -{{(0\.5(0{9}[0-9]*)?|0\.49{9}[0-9]*)}}], [{{-?}}0.0, 0.9752166819{{[0-9]*}}, -1.350926361{{[0-9]*}}, 3.075728983{{[0-9]*}}, 1.988435374{{[0-9]*}}], [-{{(2\.3(0{8}[0-9]*)?|2\.29{8}[0-9]*)}}, 4.791733455{{[0-9]*}}, 1.698836684{{[0-9]*}}, -5.022790289{{[0-9]*}}, 3.826418733{{[0-9]*}}], [12.32992906{{[0-9]*}}, -{{(1\.6(0{8}[0-9]*)?|1\.59{8}[0-9]*)}}, {{(3\.63(0{7}[0-9]*)?|3\.629{7}[0-9]*)}}, {{(0\.4(0{9}[0-9]*)?|0\.39{9}[0-9]*)}}, -{{(2\.8(0{8}[0-9]*)?|2\.79{8}[0-9]*)}}]],
// I1-SAME: null
// I1-SAME: ]
// I1-FD-SAME: "max_rel_error":

// I2: {"value": 18.52500732{{[0-9]*}}, "gradient": [
// I2-SAME: {{\[\[}}{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{-?}}0.0, -{{(0\.5(0{9}[0-9]*)?|0\.49{9}[0-9]*)}}], [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{(0\.7(0{9}[0-9]*)?|0\.69{9}[0-9]*)}}], [-{{(2\.3(0{8}[0-9]*)?|2\.29{8}[0-9]*)}}, 4.791733455{{[0-9]*}}, 1.698836684{{[0-9]*}}, -5.022790289{{[0-9]*}}, 3.826418733{{[0-9]*}}], [12.15038953{{[0-9]*}}, -3.967275099{{[0-9]*}}, 5.412414720{{[0-9]*}}, 1.055608791{{[0-9]*}}, -4.770899459{{[0-9]*}}]],
// I2-SAME: null
// I2-SAME: ]
// I2-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>

func.func private @sumsq(%t: tensor<?x?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<?x?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %m = arith.mulf %p, %p : f64
    %u = arith.addf %acc, %m : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// x is n x m (dynamic). a = x[i:i+2, 1:m] (dynamic offset and size), scaled
// by sin and written back into x at [0, 0] with a dynamic-size insert_slice;
// then b = the strided slice of every other column of that, c = last row
// (rank-reducing, dynamic size). r = sumsq(t) + sumsq(b) * x[n-1, 0] + c . c
func.func @f(%x: tensor<?x?xf64>, %i: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %m = tensor.dim %x, %c1 : tensor<?x?xf64>
  %m1 = arith.subi %m, %c1 : index
  %a = tensor.extract_slice %x[%i, 1] [2, %m1] [1, 1] : tensor<?x?xf64> to tensor<2x?xf64>
  %ea = tensor.empty(%m1) : tensor<2x?xf64>
  %sa = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<2x?xf64>) outs(%ea : tensor<2x?xf64>) {
  ^bb0(%p: f64, %o: f64):
    %s = math.sin %p : f64
    linalg.yield %s : f64
  } -> tensor<2x?xf64>
  %t = tensor.insert_slice %sa into %x[0, 0] [2, %m1] [1, 1] : tensor<2x?xf64> into tensor<?x?xf64>
  %half = arith.divui %m, %c2 : index
  %b = tensor.extract_slice %t[0, 0] [%n, %half] [1, 2] : tensor<?x?xf64> to tensor<?x?xf64>
  %n1 = arith.subi %n, %c1 : index
  %c = tensor.extract_slice %t[%n1, 0] [1, %m] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
  %cd = tensor.cast %c : tensor<?xf64> to tensor<?xf64>
  %ce = tensor.expand_shape %cd [[0, 1]] output_shape [1, %m] : tensor<?xf64> into tensor<1x?xf64>
  %cc = tensor.cast %ce : tensor<1x?xf64> to tensor<?x?xf64>
  %sat = tensor.cast %sa : tensor<2x?xf64> to tensor<?x?xf64>
  %s0 = func.call @sumsq(%t) : (tensor<?x?xf64>) -> f64
  %s1 = func.call @sumsq(%b) : (tensor<?x?xf64>) -> f64
  %s2 = func.call @sumsq(%cc) : (tensor<?x?xf64>) -> f64
  %s3 = func.call @sumsq(%sat) : (tensor<?x?xf64>) -> f64
  %corner = tensor.extract %x[%n1, %c0] : tensor<?x?xf64>
  %p = arith.mulf %s1, %corner : f64
  %q = arith.addf %s0, %p : f64
  %q2 = arith.addf %q, %s2 : f64
  %r = arith.addf %q2, %s3 : f64
  return %r : f64
}
