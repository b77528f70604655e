// Larger linalg.generic programs, f64: a numerically stabilized softmax
// cross-entropy on dynamic shapes (a max reduction whose adjoint cancels, and a
// two-output reduction reading the max), and contractions written as generics
// (a bilinear form reducing both loops, a 3-index contraction reducing two).
// RUN: rewind-run %s --entry softmax_xent --args '[[[1.2, -0.3, 0.5, 2.1], [0.4, 0.9, -1.1, 0.2], [-0.6, 0.1, 0.75, -0.2]], [[0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]]' --grad --json | FileCheck %s --check-prefix=XENT
// RUN: rewind-run %s --entry softmax_xent --args '[[[1.2, -0.3, 0.5, 2.1], [0.4, 0.9, -1.1, 0.2], [-0.6, 0.1, 0.75, -0.2]], [[0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=XENT,XENT-FD
// RUN: rewind-run %s --entry contract --args '[[0.7, -1.1], [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [[[0.0, 1.19, -0.307, -1.111], [0.593, 0.958, -0.84, -0.742], [1.031, 0.476, -1.154, -0.179]], [[1.2, -0.13, -1.166, 0.431], [1.055, -0.703, -0.874, 0.928], [0.635, -1.092, -0.354, 1.183]]], [0.3, -0.8, 1.1, 0.45]]' --grad --json | FileCheck %s --check-prefix=CON
// RUN: rewind-run %s --entry contract --args '[[0.7, -1.1], [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [[[0.0, 1.19, -0.307, -1.111], [0.593, 0.958, -0.84, -0.742], [1.031, 0.476, -1.154, -0.179]], [[1.2, -0.13, -1.166, 0.431], [1.055, -0.703, -0.874, 0.928], [0.635, -1.092, -0.354, 1.183]]], [0.3, -0.8, 1.1, 0.45]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CON,CON-FD

// XENT: {"value": 2.609749997{{[0-9]*}}, "gradient": [
// XENT-SAME: {{\[\[}}0.2392734561{{[0-9]*}}, 0.05338912459{{[0-9]*}}, 0.1188196819{{[0-9]*}}, -0.4114822627{{[0-9]*}}], [-0.7290400402{{[0-9]*}}, 0.4467374491{{[0-9]*}}, 0.06045933921{{[0-9]*}}, 0.2218432518{{[0-9]*}}], [0.1195742734{{[0-9]*}}, 0.2407930169{{[0-9]*}}, -0.5387511447{{[0-9]*}}, 0.1783838543{{[0-9]*}}]],
// XENT-SAME: {{\[\[}}-{{(1\.2(0{8}[0-9]*)?|1\.19{8}[0-9]*)}}, {{(0\.3(0{9}[0-9]*)?|0\.29{9}[0-9]*)}}, -{{(0\.5(0{9}[0-9]*)?|0\.49{9}[0-9]*)}}, -{{(2\.1(0{8}[0-9]*)?|2\.09{8}[0-9]*)}}], [-{{(0\.4(0{9}[0-9]*)?|0\.39{9}[0-9]*)}}, -{{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, {{(1\.1(0{8}[0-9]*)?|1\.09{8}[0-9]*)}}, -{{(0\.2(0{9}[0-9]*)?|0\.19{9}[0-9]*)}}], [{{(0\.6(0{9}[0-9]*)?|0\.59{9}[0-9]*)}}, -{{(0\.1(0{9}[0-9]*)?|0\.09{9}[0-9]*)}}, -{{(0\.75(0{8}[0-9]*)?|0\.749{8}[0-9]*)}}, {{(0\.2(0{9}[0-9]*)?|0\.19{9}[0-9]*)}}]]
// XENT-SAME: ]
// XENT-FD-SAME: "max_rel_error":

// CON: {"value": 11.72660781{{[0-9]*}}, "gradient": [
// CON-SAME: [16.23935250{{[0-9]*}}, -0.3264191457{{[0-9]*}}],
// CON-SAME: {{\[\[}}5.141101545{{[0-9]*}}, -2.284934020{{[0-9]*}}, 7.426035565{{[0-9]*}}], [-8.078873857{{[0-9]*}}, 3.590610603{{[0-9]*}}, -11.66948446{{[0-9]*}}]],
// CON-SAME: [5.405094568{{[0-9]*}}, 5.441210877{{[0-9]*}}, 24.99363282{{[0-9]*}}],
// CON-SAME: {{\[\[\[}}-2.110673359{{[0-9]*}}, 5.628462292{{[0-9]*}}, -7.739135652{{[0-9]*}}, -3.166010039{{[0-9]*}}], [0.938077048{{[0-9]*}}, -2.501538796{{[0-9]*}}, 3.439615845{{[0-9]*}}, 1.407115573{{[0-9]*}}], [-3.048750408{{[0-9]*}}, 8.130001089{{[0-9]*}}, -11.17875149{{[0-9]*}}, -4.573125612{{[0-9]*}}]], {{\[\[}}0.677383981{{[0-9]*}}, -1.806357283{{[0-9]*}}, 2.483741264{{[0-9]*}}, 1.016075971{{[0-9]*}}], [-0.301059547{{[0-9]*}}, 0.802825459{{[0-9]*}}, -1.103885006{{[0-9]*}}, -0.451589320{{[0-9]*}}], [0.978443528{{[0-9]*}}, -2.609182742{{[0-9]*}}, 3.587626270{{[0-9]*}}, 1.467665292{{[0-9]*}}]]],
// CON-SAME: [-4.901424618{{[0-9]*}}, -13.36368022{{[0-9]*}}, 8.350590950{{[0-9]*}}, 11.21566395{{[0-9]*}}]
// CON-SAME: ]
// CON-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>

// Softmax cross-entropy of logits z (n x c, dynamic) against one-hot labels y,
// stabilized by the row max: loss = sum_i (log sum_j exp(z_ij - m_i) + m_i
// - sum_j y_ij z_ij). The max's adjoint must cancel exactly.
func.func @softmax_xent(%z: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %z, %c0 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %lo = linalg.fill ins(%ninf : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %zr = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %m = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%z : tensor<?x?xf64>) outs(%lo : tensor<?xf64>) {
  ^bb0(%v: f64, %acc: f64):
    %x = arith.maximumf %acc, %v : f64
    linalg.yield %x : f64
  } -> tensor<?xf64>
  %se, %dot = linalg.generic {indexing_maps = [#id, #id, #row, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%z, %y, %m : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>) outs(%zr, %zr : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%v: f64, %l: f64, %mv: f64, %a: f64, %b: f64):
    %d = arith.subf %v, %mv : f64
    %ex = math.exp %d : f64
    %s = arith.addf %a, %ex : f64
    %lv = arith.mulf %l, %v : f64
    %t = arith.addf %b, %lv : f64
    linalg.yield %s, %t : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %loss = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%se, %m, %dot : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%s: f64, %mv: f64, %d: f64, %acc: f64):
    %lg = math.log %s : f64
    %a = arith.addf %lg, %mv : f64
    %b = arith.subf %a, %d : f64
    %u = arith.addf %acc, %b : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %loss[] : tensor<f64>
  return %r : f64
}

// Contractions written as linalg.generic: a bilinear form x^T A y (both loops
// reductions) and a 3-index contraction T(i,j,k) u(k) v(j) -> w(i), with
// r = xAy * sum(w^2).
func.func @contract(%x: tensor<2xf64>, %a: tensor<2x3xf64>, %y: tensor<3xf64>, %t: tensor<2x3x4xf64>, %u: tensor<4xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %b = linalg.generic {indexing_maps = [#row, #id, #col, #all], iterator_types = ["reduction", "reduction"]}
      ins(%x, %a, %y : tensor<2xf64>, tensor<2x3xf64>, tensor<3xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%xv: f64, %av: f64, %yv: f64, %acc: f64):
    %p = arith.mulf %xv, %av : f64
    %q = arith.mulf %p, %yv : f64
    %s = arith.addf %acc, %q : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %e2 = tensor.empty() : tensor<2xf64>
  %z2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<2xf64>) -> tensor<2xf64>
  %w = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>, affine_map<(i, j, k) -> (k)>, affine_map<(i, j, k) -> (j)>, affine_map<(i, j, k) -> (i)>], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%t, %u, %y : tensor<2x3x4xf64>, tensor<4xf64>, tensor<3xf64>) outs(%z2 : tensor<2xf64>) {
  ^bb0(%tv: f64, %uv: f64, %vv: f64, %acc: f64):
    %p = arith.mulf %tv, %uv : f64
    %q = arith.mulf %p, %vv : f64
    %s = arith.addf %acc, %q : f64
    linalg.yield %s : f64
  } -> tensor<2xf64>
  %ws = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%w : tensor<2xf64>) outs(%z0 : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %vv = arith.mulf %v, %v : f64
    %s = arith.addf %acc, %vv : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %bv = tensor.extract %b[] : tensor<f64>
  %wv = tensor.extract %ws[] : tensor<f64>
  %r = arith.mulf %bv, %wv : f64
  return %r : f64
}
