// linalg.generic bodies that read linalg.index (weights and a select on the
// indices) and scalars captured from above (function arguments, and a
// loop-carried scalar inside scf.for), f64. Captured scalars get their adjoint
// through 0-d reductions over the whole iteration space.
// RUN: rewind-run %s --entry index --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15]]]' --grad --json | FileCheck %s --check-prefix=IDX
// RUN: rewind-run %s --entry index --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=IDX,IDX-FD
// RUN: rewind-run %s --entry captured --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.7, -1.3]' --grad --json | FileCheck %s --check-prefix=CAP
// RUN: rewind-run %s --entry captured --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.7, -1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CAP,CAP-FD
// RUN: rewind-run %s --entry captured_in_loop --args '[[0.5, -1.25, 0.8, 0.3], 0.6]' --grad --json | FileCheck %s --check-prefix=LOOP
// RUN: rewind-run %s --entry captured_in_loop --args '[[0.5, -1.25, 0.8, 0.3], 0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=LOOP,LOOP-FD

// IDX: {"value": 2.311058948{{[0-9]*}}, "gradient": [
// IDX-SAME: {{\[\[}}0.9689124217{{[0-9]*}}, -2.461678072{{[0-9]*}}, -3.268218104{{[0-9]*}}], [-1.177002234{{[0-9]*}}, 0.5975716398{{[0-9]*}}, -2.941564928{{[0-9]*}}], [2.476006844{{[0-9]*}}, -4.970648380{{[0-9]*}}, -0.2999240657{{[0-9]*}}]]
// IDX-SAME: ]
// IDX-FD-SAME: "max_rel_error":

// CAP: {"value": -5.786665904{{[0-9]*}}, "gradient": [
// CAP-SAME: {{\[\[}}0.7998968062{{[0-9]*}}, 3.029396806{{[0-9]*}}, 0.4176968062{{[0-9]*}}], [0.03549680623{{[0-9]*}}, 1.054696806{{[0-9]*}}, 2.328696806{{[0-9]*}}]],
// CAP-SAME: -13.91949244{{[0-9]*}},
// CAP-SAME: 9.694644783{{[0-9]*}}
// CAP-SAME: ]
// CAP-FD-SAME: "max_rel_error":

// LOOP: {"value": 1.561112143{{[0-9]*}}, "gradient": [
// LOOP-SAME: [1.068510128{{[0-9]*}}, -0.3841837705{{[0-9]*}}, 0.3454492700{{[0-9]*}}, 1.466979291{{[0-9]*}}],
// LOOP-SAME: 3.363510168{{[0-9]*}}
// LOOP-SAME: ]
// LOOP-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#all = affine_map<(i, j) -> ()>

// linalg.index in the body: t(i,j) = x(i,j)^2 on the diagonal, x(i,j) * (i +
// 2j + 1) elsewhere (a select on the indices); r = sum(sin(t)).
func.func @index(%x: tensor<3x3xf64>) -> f64 {
  %e = tensor.empty() : tensor<3x3xf64>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x3xf64>) outs(%e : tensor<3x3xf64>) {
  ^bb0(%v: f64, %o: f64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %diag = arith.cmpi eq, %i, %j : index
    %sq = arith.mulf %v, %v : f64
    %j2 = arith.addi %j, %j : index
    %k = arith.addi %i, %j2 : index
    %ki = arith.index_cast %k : index to i64
    %kf = arith.sitofp %ki : i64 to f64
    %one = arith.constant 1.0 : f64
    %w = arith.addf %kf, %one : f64
    %vw = arith.mulf %v, %w : f64
    %r = arith.select %diag, %sq, %vw : f64
    linalg.yield %r : f64
  } -> tensor<3x3xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<3x3xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %sn = math.sin %v : f64
    %u = arith.addf %acc, %sn : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Scalars defined above the op and read by its body get their adjoints from
// 0-d reductions: t = x * a + sin(a * b) (elementwise), then a reduction
// whose body reads b too: r = sum_ij t(i,j)^2 * b + a.
func.func @captured(%x: tensor<2x3xf64>, %a: f64, %b: f64) -> f64 {
  %e = tensor.empty() : tensor<2x3xf64>
  %ab = arith.mulf %a, %b : f64
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%v: f64, %o: f64):
    %va = arith.mulf %v, %a : f64
    %s = math.sin %ab : f64
    %r = arith.addf %va, %s : f64
    linalg.yield %r : f64
  } -> tensor<2x3xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<2x3xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %sq = arith.mulf %v, %v : f64
    %sqb = arith.mulf %sq, %b : f64
    %u = arith.addf %acc, %sqb : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  %ra = arith.addf %r, %a : f64
  return %ra : f64
}

// Captured scalar inside a loop: each iteration's op reads the loop-carried
// scalar c and the IV-derived weight. c <- c + sum(x * c * (i+1)) / 4.
func.func @captured_in_loop(%x: tensor<4xf64>, %c0v: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f64
  %quarter = arith.constant 0.25 : f64
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%c = %c0v) -> (f64) {
    %ii = arith.addi %i, %c1 : index
    %iv = arith.index_cast %ii : index to i64
    %w = arith.sitofp %iv : i64 to f64
    %e0 = tensor.empty() : tensor<f64>
    %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
    %s = linalg.generic {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"]}
        ins(%x : tensor<4xf64>) outs(%i0 : tensor<f64>) {
    ^bb0(%v: f64, %acc: f64):
      %vc = arith.mulf %v, %c : f64
      %vcw = arith.mulf %vc, %w : f64
      %sn = math.sin %vcw : f64
      %u = arith.addf %acc, %sn : f64
      linalg.yield %u : f64
    } -> tensor<f64>
    %sv = tensor.extract %s[] : tensor<f64>
    %q = arith.mulf %sv, %quarter : f64
    %cn = arith.addf %c, %q : f64
    scf.yield %cn : f64
  }
  return %r : f64
}
