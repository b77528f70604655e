// tensor.insert_slice, f64, static: a plain insert, a rank-reducing insert of a
// row and a strided insert (stride 2) that overwrites part of the first. The
// adjoint of the destination is zero on every overwritten slice, that of each
// source is the slice of the result's adjoint it lands in (zero for y[1,1],
// overwritten by z[1,1]).
// r = sum(w * t^2), t = x with the three slices written
// RUN: rewind-run %s --entry f --args '[[[1.3, 0.994, 0.221, -0.656], [-1.225, -1.217, -0.637, 0.242], [1.008, 1.3, 0.98, 0.199], [-0.675, -1.232, -1.21, -0.618]], [[0.2, -0.7], [1.1, 0.9]], [0.3, -0.6, 1.2, 0.45], [[-0.8, 0.35], [0.65, -1.05]]]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[[[1.3, 0.994, 0.221, -0.656], [-1.225, -1.217, -0.637, 0.242], [1.008, 1.3, 0.98, 0.199], [-0.675, -1.232, -1.21, -0.618]], [[0.2, -0.7], [1.1, 0.9]], [0.3, -0.6, 1.2, 0.45], [[-0.8, 0.35], [0.65, -1.05]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": {{(2\.66602(0{4}[0-9]*)?|2\.666019{4}[0-9]*)}}, "gradient": [
// CHECK-SAME: {{\[\[}}{{-?}}0.0, {{(3\.976(0{6}[0-9]*)?|3\.9759{6}[0-9]*)}}, {{-?}}0.0, -{{(5\.248(0{6}[0-9]*)?|5\.2479{6}[0-9]*)}}], [{{(2\.45(0{7}[0-9]*)?|2\.449{7}[0-9]*)}}, {{-?}}0.0, {{-?}}0.0, {{(0\.968(0{7}[0-9]*)?|0\.9679{7}[0-9]*)}}], [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{(0\.398(0{7}[0-9]*)?|0\.3979{7}[0-9]*)}}], [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{-?}}0.0]],
// CHECK-SAME: {{\[\[}}{{(0\.2(0{9}[0-9]*)?|0\.19{9}[0-9]*)}}, -{{(0\.35(0{8}[0-9]*)?|0\.349{8}[0-9]*)}}], [-{{(4\.4(0{8}[0-9]*)?|4\.39{8}[0-9]*)}}, {{-?}}0.0]],
// CHECK-SAME: [{{(0\.3(0{9}[0-9]*)?|0\.29{9}[0-9]*)}}, -{{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, -{{(3\.6(0{8}[0-9]*)?|3\.59{8}[0-9]*)}}, {{(2\.25(0{7}[0-9]*)?|2\.249{7}[0-9]*)}}],
// CHECK-SAME: {{\[\[}}-{{(1\.6(0{8}[0-9]*)?|1\.59{8}[0-9]*)}}, {{(2\.1(0{8}[0-9]*)?|2\.09{8}[0-9]*)}}], [{{(3\.9(0{8}[0-9]*)?|3\.89{8}[0-9]*)}}, -{{(3\.15(0{7}[0-9]*)?|3\.149{7}[0-9]*)}}]]
// CHECK-SAME: ]
// CHECK-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>
func.func @f(%x: tensor<4x4xf64>, %y: tensor<2x2xf64>, %v: tensor<4xf64>, %z: tensor<2x2xf64>) -> f64 {
  // y into the centre, v as the last row (rank-reducing), then z at stride 2,
  // which overwrites y[1,1] (at x[2,2]) and x[0,0], x[0,2], x[2,0].
  %t1 = tensor.insert_slice %y into %x[1, 1] [2, 2] [1, 1] : tensor<2x2xf64> into tensor<4x4xf64>
  %t2 = tensor.insert_slice %v into %t1[3, 0] [1, 4] [1, 1] : tensor<4xf64> into tensor<4x4xf64>
  %t3 = tensor.insert_slice %z into %t2[0, 0] [2, 2] [2, 2] : tensor<2x2xf64> into tensor<4x4xf64>
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.25, 2.0], [3.0, -2.0, 1.5, 1.0], [0.5, 0.75, -1.5, 2.5]]> : tensor<4x4xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  // sum(w * t3^2)
  %s = linalg.generic {indexing_maps = [#id2, #id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%t3, %w : tensor<4x4xf64>, tensor<4x4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %pp = arith.mulf %p, %p : f64
    %m = arith.mulf %pp, %q : f64
    %a = arith.addf %acc, %m : f64
    linalg.yield %a : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
