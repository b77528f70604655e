// tensor.extract_slice, f64, static: a plain slice, a strided slice (stride 2 in
// both dimensions) overlapping it at x[2,2], and two rank-reducing slices (the
// last row and the last column, which meet at x[3,4]). Every slice adjoint is
// added into the same adjoint of x.
// r = sum(x[1:3,1:4] * x[0:4:2,0:5:2]) + sum(sin(x[3,:])) + sum(x[:,4]^2)
// RUN: rewind-run %s --entry f --args '[[[-1.1, -0.129, 0.069, -0.569, -1.337], [-1.409, -0.599, 0.467, 0.929, 0.482], [-0.344, -0.67, -0.077, 1.01, 1.711], [1.5, 0.692, 0.149, 0.489, 1.52]]]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[[[-1.1, -0.129, 0.069, -0.569, -1.337], [-1.409, -0.599, 0.467, 0.929, 0.482], [-0.344, -0.67, -0.077, 1.01, 1.711], [1.5, 0.692, 0.149, 0.489, 1.52]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 11.92385913{{[0-9]*}}, "gradient": [
// CHECK-SAME: {{\[\[}}-{{(0\.599(0{7}[0-9]*)?|0\.5989{7}[0-9]*)}}, {{-?}}0.0, {{(0\.467(0{7}[0-9]*)?|0\.4669{7}[0-9]*)}}, {{-?}}0.0, -{{(1\.745(0{6}[0-9]*)?|1\.7449{6}[0-9]*)}}], [{{-?}}0.0, -{{(1\.1(0{8}[0-9]*)?|1\.09{8}[0-9]*)}}, {{(0\.069(0{8}[0-9]*)?|0\.0689{8}[0-9]*)}}, -{{(1\.337(0{6}[0-9]*)?|1\.3369{6}[0-9]*)}}, {{(0\.964(0{7}[0-9]*)?|0\.9639{7}[0-9]*)}}], [-{{(0\.67(0{8}[0-9]*)?|0\.669{8}[0-9]*)}}, -{{(0\.344(0{7}[0-9]*)?|0\.3439{7}[0-9]*)}}, -{{(0\.154(0{7}[0-9]*)?|0\.1539{7}[0-9]*)}}, {{(1\.711(0{6}[0-9]*)?|1\.7109{6}[0-9]*)}}, {{(4\.432(0{6}[0-9]*)?|4\.4319{6}[0-9]*)}}], [0.07073720166{{[0-9]*}}, 0.7699713989{{[0-9]*}}, 0.9889200216{{[0-9]*}}, 0.8828030432{{[0-9]*}}, 3.090774484{{[0-9]*}}]]
// CHECK-SAME: ]
// CHECK-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>
#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>
func.func @f(%x: tensor<4x5xf64>) -> f64 {
  // Plain, strided and two rank-reducing slices; s1 and s2 overlap at x[2,2].
  %s1 = tensor.extract_slice %x[1, 1] [2, 3] [1, 1] : tensor<4x5xf64> to tensor<2x3xf64>
  %s2 = tensor.extract_slice %x[0, 0] [2, 3] [2, 2] : tensor<4x5xf64> to tensor<2x3xf64>
  %row = tensor.extract_slice %x[3, 0] [1, 5] [1, 1] : tensor<4x5xf64> to tensor<5xf64>
  %col = tensor.extract_slice %x[0, 4] [4, 1] [1, 1] : tensor<4x5xf64> to tensor<4xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  // sum(s1 * s2)
  %a = linalg.generic {indexing_maps = [#id2, #id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%s1, %s2 : tensor<2x3xf64>, tensor<2x3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %m = arith.mulf %p, %q : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  // + sum(sin(row)) + sum(col^2)
  %b = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%row : tensor<5xf64>) outs(%a : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %m = math.sin %p : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %c = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%col : tensor<4xf64>) outs(%b : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %m = arith.mulf %p, %p : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %r = tensor.extract %c[] : tensor<f64>
  return %r : f64
}
