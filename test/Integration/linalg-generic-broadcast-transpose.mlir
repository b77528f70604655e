// linalg.generic with broadcast and permuted indexing maps, f64. Inputs indexed
// by a subset of the loops (a row vector, a column vector, a 0-d tensor) get
// adjoints that reduce over the missing loops; transposed and 3-d permuted
// inputs get theirs through the same map. The first op reduces to a scalar
// directly and reads linalg.index.
// RUN: rewind-run %s --entry broadcast_transpose --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [0.25, -0.6], 0.7, [[0.1, -0.2], [0.35, 0.4], [-0.55, 0.65]]]' --grad --json | FileCheck %s --check-prefix=BT
// RUN: rewind-run %s --entry broadcast_transpose --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [0.25, -0.6], 0.7, [[0.1, -0.2], [0.35, 0.4], [-0.55, 0.65]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=BT,BT-FD
// RUN: rewind-run %s --entry permute3 --args '[[[[0.0, 1.19, -0.307], [-1.111, 0.593, 0.958]], [[-0.84, -0.742, 1.031], [0.476, -1.154, -0.179]], [[1.2, -0.13, -1.166], [0.431, 1.055, -0.703]], [[-0.874, 0.928, 0.635], [-1.092, -0.354, 1.183]]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6]]]' --grad --json | FileCheck %s --check-prefix=P3
// RUN: rewind-run %s --entry permute3 --args '[[[[0.0, 1.19, -0.307], [-1.111, 0.593, 0.958]], [[-0.84, -0.742, 1.031], [0.476, -1.154, -0.179]], [[1.2, -0.13, -1.166], [0.431, 1.055, -0.703]], [[-0.874, 0.928, 0.635], [-1.092, -0.354, 1.183]]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=P3,P3-FD

// BT: {"value": {{(14\.86097(0{4}[0-9]*)?|14\.860969{4}[0-9]*)}}, "gradient": [
// BT-SAME: {{\[\[}}{{(0\.882(0{7}[0-9]*)?|0\.8819{7}[0-9]*)}}, -{{(0\.84(0{8}[0-9]*)?|0\.839{8}[0-9]*)}}, {{(7\.0434(0{5}[0-9]*)?|7\.04339{5}[0-9]*)}}], [{{(0\.9828(0{6}[0-9]*)?|0\.98279{6}[0-9]*)}}, {{(1\.2096(0{5}[0-9]*)?|1\.20959{5}[0-9]*)}}, -{{(10\.9928(0{4}[0-9]*)?|10\.99279{4}[0-9]*)}}]],
// BT-SAME: [{{(1\.6912(0{5}[0-9]*)?|1\.69119{5}[0-9]*)}}, -{{(3\.5322(0{5}[0-9]*)?|3\.53219{5}[0-9]*)}}, {{(10\.2536(0{4}[0-9]*)?|10\.25359{4}[0-9]*)}}],
// BT-SAME: [{{(8\.498(0{6}[0-9]*)?|8\.4979{6}[0-9]*)}}, -{{(10\.388(0{5}[0-9]*)?|10\.3879{5}[0-9]*)}}],
// BT-SAME: {{(17\.5871(0{4}[0-9]*)?|17\.58709{4}[0-9]*)}},
// BT-SAME: {{\[\[}}{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}, {{(2\.0(0{9}[0-9]*)?|1\.9{9}[0-9]*)}}], [{{(2\.0(0{9}[0-9]*)?|1\.9{9}[0-9]*)}}, {{(3\.0(0{9}[0-9]*)?|2\.9{9}[0-9]*)}}], [{{(3\.0(0{9}[0-9]*)?|2\.9{9}[0-9]*)}}, {{(4\.0(0{9}[0-9]*)?|3\.9{9}[0-9]*)}}]]
// BT-SAME: ]
// BT-FD-SAME: "max_rel_error":

// P3: {"value": 0.3057141421{{[0-9]*}}, "gradient": [
// P3-SAME: {{\[\[\[}}{{(0\.3(0{9}[0-9]*)?|0\.29{9}[0-9]*)}}, 0.2810848299{{[0-9]*}}, 0.2987285376{{[0-9]*}}], [0.4863478052{{[0-9]*}}, 0.7748376259{{[0-9]*}}, 0.5856917732{{[0-9]*}}]], {{\[\[}}-0.6260625016{{[0-9]*}}, -0.6631459194{{[0-9]*}}, -0.5429630892{{[0-9]*}}], [0.1496178154{{[0-9]*}}, 0.1477583350{{[0-9]*}}, 0.1499459340{{[0-9]*}}]], {{\[\[}}0.2729929968{{[0-9]*}}, 1.088772202{{[0-9]*}}, 0.3126457423{{[0-9]*}}], [-1.043048448{{[0-9]*}}, -0.360118675{{[0-9]*}}, -0.7977333494{{[0-9]*}}]], {{\[\[}}0.4156422319{{[0-9]*}}, 0.4113292206{{[0-9]*}}, 0.4317527316{{[0-9]*}}], [0.4757556482{{[0-9]*}}, 0.5865166768{{[0-9]*}}, 0.4550953365{{[0-9]*}}]]],
// P3-SAME: {{\[\[}}0.8092709553{{[0-9]*}}, -0.5726897856{{[0-9]*}}, -0.1622670233{{[0-9]*}}, 0.6502337569{{[0-9]*}}], [0.5335989104{{[0-9]*}}, -0.8409024044{{[0-9]*}}, 0.2238937823{{[0-9]*}}, -0.3146238138{{[0-9]*}}]]
// P3-SAME: ]
// P3-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>
#tr = affine_map<(i, j) -> (j, i)>
#id3 = affine_map<(i, j, k) -> (i, j, k)>
#perm3 = affine_map<(i, j, k) -> (k, i, j)>
#all3 = affine_map<(i, j, k) -> ()>
#ik = affine_map<(i, j, k) -> (i, k)>

// Broadcast inputs: a row vector (j), a column vector (i) and a 0-d tensor,
// plus a transposed input: t(i,j) = (x(i,j) * b(j) + c(i))^2 * s + y(j,i);
// r = sum(t * w) with w(i, j) = i + j + 1 read through linalg.index.
func.func @broadcast_transpose(%x: tensor<2x3xf64>, %b: tensor<3xf64>, %c: tensor<2xf64>, %s: tensor<f64>, %y: tensor<3x2xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %r = linalg.generic {indexing_maps = [#id, #col, #row, #all, #tr, #all], iterator_types = ["reduction", "reduction"]}
      ins(%x, %b, %c, %s, %y : tensor<2x3xf64>, tensor<3xf64>, tensor<2xf64>, tensor<f64>, tensor<3x2xf64>) outs(%init : tensor<f64>) {
  ^bb0(%xv: f64, %bv: f64, %cv: f64, %sv: f64, %yv: f64, %acc: f64):
    %p = arith.mulf %xv, %bv : f64
    %q = arith.addf %p, %cv : f64
    %q2 = arith.mulf %q, %q : f64
    %q3 = arith.mulf %q2, %sv : f64
    %t = arith.addf %q3, %yv : f64
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = arith.addi %i, %j : index
    %ki = arith.index_cast %k : index to i64
    %kf = arith.sitofp %ki : i64 to f64
    %one = arith.constant 1.0 : f64
    %w = arith.addf %kf, %one : f64
    %tw = arith.mulf %t, %w : f64
    %u = arith.addf %acc, %tw : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}

// A 3-d permutation and a broadcast over the middle dimension into a 3-d
// output: o(i,j,k) = z(k,i,j) * m(i,k); then r = sum(sin(o)).
func.func @permute3(%z: tensor<4x2x3xf64>, %m: tensor<2x4xf64>) -> f64 {
  %e = tensor.empty() : tensor<2x3x4xf64>
  %o = linalg.generic {indexing_maps = [#perm3, #ik, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%z, %m : tensor<4x2x3xf64>, tensor<2x4xf64>) outs(%e : tensor<2x3x4xf64>) {
  ^bb0(%zv: f64, %mv: f64, %out: f64):
    %p = arith.mulf %zv, %mv : f64
    linalg.yield %p : f64
  } -> tensor<2x3x4xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r = linalg.generic {indexing_maps = [#id3, #all3], iterator_types = ["reduction", "reduction", "reduction"]}
      ins(%o : tensor<2x3x4xf64>) outs(%init : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %s = math.sin %v : f64
    %u = arith.addf %acc, %s : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}
