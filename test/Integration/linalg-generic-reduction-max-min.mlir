// linalg.generic max/min reductions (arith.maximumf, maxnumf, minimumf,
// minnumf), f64, in ops with several inputs and outputs (a max with an active
// init, a min and a sum of the same term in one op; a column max and min in
// another) and a full 0-d max. The adjoint of a max/min goes to the element
// equal to the result (to the init in row 1 of @rows, where it is larger than
// every term); no ties in this data.
// RUN: rewind-run %s --entry rows --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.9, -0.4, 1.3, 0.6], [0.3, 2.5, -0.2]]' --grad --json | FileCheck %s --check-prefix=ROWS
// RUN: rewind-run %s --entry rows --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.9, -0.4, 1.3, 0.6], [0.3, 2.5, -0.2]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=ROWS,ROWS-FD
// RUN: rewind-run %s --entry cols --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.7, -0.35, 1.2, 0.55]]' --grad --json | FileCheck %s --check-prefix=COLS
// RUN: rewind-run %s --entry cols --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.7, -0.35, 1.2, 0.55]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=COLS,COLS-FD

// ROWS: {"value": {{(3\.9114125(0{4}[0-9]*)?|3\.91141249{4}[0-9]*)}}, "gradient": [
// ROWS-SAME: {{\[\[}}{{(1\.845(0{6}[0-9]*)?|1\.8449{6}[0-9]*)}}, -{{(0\.82(0{8}[0-9]*)?|0\.819{8}[0-9]*)}}, {{(4\.043(0{6}[0-9]*)?|4\.0429{6}[0-9]*)}}, {{(1\.854(0{6}[0-9]*)?|1\.8539{6}[0-9]*)}}], [-{{(0\.279(0{7}[0-9]*)?|0\.2789{7}[0-9]*)}}, {{(0\.124(0{7}[0-9]*)?|0\.1239{7}[0-9]*)}}, {{(2\.847(0{6}[0-9]*)?|2\.8469{6}[0-9]*)}}, -{{(0\.186(0{7}[0-9]*)?|0\.1859{7}[0-9]*)}}], [{{(0\.2385(0{6}[0-9]*)?|0\.23849{6}[0-9]*)}}, -{{(0\.322(0{7}[0-9]*)?|0\.3219{7}[0-9]*)}}, {{(0\.3445(0{6}[0-9]*)?|0\.34449{6}[0-9]*)}}, {{(0\.603(0{7}[0-9]*)?|0\.6029{7}[0-9]*)}}]],
// ROWS-SAME: [{{(0\.737(0{7}[0-9]*)?|0\.7369{7}[0-9]*)}}, -{{(2\.13225(0{4}[0-9]*)?|2\.132249{4}[0-9]*)}}, {{(0\.91525(0{5}[0-9]*)?|0\.915249{5}[0-9]*)}}, {{(1\.353(0{6}[0-9]*)?|1\.3529{6}[0-9]*)}}],
// ROWS-SAME: [{{-?}}0.0, {{(0\.09(0{9}[0-9]*)?|0\.089{9}[0-9]*)}}, {{-?}}0.0]
// ROWS-SAME: ]
// ROWS-FD-SAME: "max_rel_error":

// COLS: {"value": 3.807266139{{[0-9]*}}, "gradient": [
// COLS-SAME: {{\[\[}}{{-?}}0.0, -2.389637173{{[0-9]*}}, 0.8360480512{{[0-9]*}}, {{-?}}0.0], [0.3175172849{{[0-9]*}}, {{-?}}0.0, -0.9178106247{{[0-9]*}}, -0.4952459062{{[0-9]*}}], [-0.6860466044{{[0-9]*}}, -0.2786293294{{[0-9]*}}, {{-?}}0.0, 0.3418854825{{[0-9]*}}]],
// COLS-SAME: [0.6925380292{{[0-9]*}}, 1.554171025{{[0-9]*}}, 1.361573778{{[0-9]*}}, 1.218292443{{[0-9]*}}]
// COLS-SAME: ]
// COLS-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>

// One generic, two inputs, three outputs over rows: with t = x(i,j) * y(j),
//   mx(i) = max(m0(i), max_j t)   (arith.maximumf, active init m0)
//   mn(i) = min_j t               (arith.minnumf, from +inf)
//   sm(i) = sum_j t               (arith.addf, from 0)
// r = sum(mx * mn) + sum(sm^2) / 2 + sum(mx)
func.func @rows(%x: tensor<3x4xf64>, %y: tensor<4xf64>, %m0: tensor<3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %e = tensor.empty() : tensor<3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  %pinf = linalg.fill ins(%inf : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  %mx, %mn, %sm = linalg.generic {indexing_maps = [#id, #col, #row, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %y : tensor<3x4xf64>, tensor<4xf64>) outs(%m0, %pinf, %z : tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) {
  ^bb0(%xv: f64, %yv: f64, %a: f64, %b: f64, %c: f64):
    %t = arith.mulf %xv, %yv : f64
    %ma = arith.maximumf %a, %t : f64
    %mi = arith.minnumf %t, %b : f64
    %s = arith.addf %c, %t : f64
    linalg.yield %ma, %mi, %s : f64, f64, f64
  } -> (tensor<3xf64>, tensor<3xf64>, tensor<3xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%mx, %mn, %sm : tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %c: f64, %acc: f64):
    %p = arith.mulf %a, %b : f64
    %cc = arith.mulf %c, %c : f64
    %half = arith.constant 0.5 : f64
    %h = arith.mulf %cc, %half : f64
    %q = arith.addf %p, %h : f64
    %q2 = arith.addf %q, %a : f64
    %u = arith.addf %acc, %q2 : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}

// Column max (arith.maxnumf) and column min (arith.minimumf) of sin(x), to a
// 0-d max over everything: r = max_ij x(i,j)^2 + sum_j (cmax(j) - cmin(j)) * w(j).
func.func @cols(%x: tensor<3x4xf64>, %w: tensor<4xf64>) -> f64 {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %e = tensor.empty() : tensor<4xf64>
  %lo = linalg.fill ins(%ninf : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %hi = linalg.fill ins(%inf : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %cmax, %cmin = linalg.generic {indexing_maps = [#id, #col, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<3x4xf64>) outs(%lo, %hi : tensor<4xf64>, tensor<4xf64>) {
  ^bb0(%xv: f64, %a: f64, %b: f64):
    %s = math.sin %xv : f64
    %ma = arith.maxnumf %s, %a : f64
    %mi = arith.minimumf %b, %s : f64
    linalg.yield %ma, %mi : f64, f64
  } -> (tensor<4xf64>, tensor<4xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %l0 = linalg.fill ins(%ninf : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %all = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%x : tensor<3x4xf64>) outs(%l0 : tensor<f64>) {
  ^bb0(%xv: f64, %a: f64):
    %sq = arith.mulf %xv, %xv : f64
    %ma = arith.maximumf %a, %sq : f64
    linalg.yield %ma : f64
  } -> tensor<f64>
  %zero = arith.constant 0.0 : f64
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [affine_map<(j) -> (j)>, affine_map<(j) -> (j)>, affine_map<(j) -> (j)>, affine_map<(j) -> ()>], iterator_types = ["reduction"]}
      ins(%cmax, %cmin, %w : tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) outs(%all : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %c: f64, %acc: f64):
    %d = arith.subf %a, %b : f64
    %dw = arith.mulf %d, %c : f64
    %u = arith.addf %acc, %dw : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %sum[] : tensor<f64>
  return %v : f64
}
