// linalg.generic sum reductions, f64: over the last loop into an active init
// (a matrix-vector product), over the first loop (accumulator on the right of
// the addf), and a dynamic two-stage full reduction into an active 0-d init.
// The adjoint of each input is all-parallel (every input is indexed by every
// loop here); a sum passes the adjoint of the result to its init.
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [0.25, -0.6], [0.7, -0.35]]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [0.25, -0.6], [0.7, -0.35]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], 0.4]' --grad --json | FileCheck %s --check-prefix=DYN
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], 0.4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=DYN,DYN-FD

// F: {"value": 8.931468311{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}7.955243469{{[0-9]*}}, -2.515042378{{[0-9]*}}, 11.24638492{{[0-9]*}}], [-3.751973665{{[0-9]*}}, 0.9231272628{{[0-9]*}}, -2.406789270{{[0-9]*}}]],
// F-SAME: [1.276273340{{[0-9]*}}, -7.923969885{{[0-9]*}}, 5.859704517{{[0-9]*}}],
// F-SAME: [5.966720574{{[0-9]*}}, -1.551897224{{[0-9]*}}],
// F-SAME: [8.494984256{{[0-9]*}}, 6.977773337{{[0-9]*}}]
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// DYN: {"value": 5.442663150{{[0-9]*}}, "gradient": [
// DYN-SAME: {{\[\[}}2.770745138{{[0-9]*}}, 0.9879335836{{[0-9]*}}, 1.969615173{{[0-9]*}}, 3.488116561{{[0-9]*}}], [0.2197061556{{[0-9]*}}, 0.5597452312{{[0-9]*}}, 0.3882396552{{[0-9]*}}, 0.5027785866{{[0-9]*}}], [11.98571334{{[0-9]*}}, 8.395778186{{[0-9]*}}, 12.19511426{{[0-9]*}}, 6.072623196{{[0-9]*}}]],
// DYN-SAME: 4.665903192{{[0-9]*}}
// DYN-SAME: ]
// DYN-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

// Row sums with an active init: p(i) = b(i) + sum_j x(i,j) y(j) (a
// matrix-vector product as a generic); column sums over the first (reduced)
// dimension with the accumulator on the left: q(j) = sum_i exp(x(i,j)) * c(i).
// r = sum(p^2) + sum(q * p[j mod 2]) is computed with tensor.extract.
func.func @f(%x: tensor<2x3xf64>, %y: tensor<3xf64>, %b: tensor<2xf64>, %c: tensor<2xf64>) -> f64 {
  %p = linalg.generic {indexing_maps = [#id, #col, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %y : tensor<2x3xf64>, tensor<3xf64>) outs(%b : tensor<2xf64>) {
  ^bb0(%xv: f64, %yv: f64, %acc: f64):
    %m = arith.mulf %xv, %yv : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  } -> tensor<2xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  %q = linalg.generic {indexing_maps = [#id, #row, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x, %c : tensor<2x3xf64>, tensor<2xf64>) outs(%z : tensor<3xf64>) {
  ^bb0(%xv: f64, %cv: f64, %acc: f64):
    %ex = math.exp %xv : f64
    %m = arith.mulf %ex, %cv : f64
    %s = arith.addf %m, %acc : f64
    linalg.yield %s : f64
  } -> tensor<3xf64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %p0 = tensor.extract %p[%c0] : tensor<2xf64>
  %p1 = tensor.extract %p[%c1] : tensor<2xf64>
  %q0 = tensor.extract %q[%c0] : tensor<3xf64>
  %q1 = tensor.extract %q[%c1] : tensor<3xf64>
  %q2 = tensor.extract %q[%c2] : tensor<3xf64>
  %a0 = arith.mulf %p0, %p0 : f64
  %a1 = arith.mulf %p1, %p1 : f64
  %b0 = arith.mulf %q0, %p0 : f64
  %b1 = arith.mulf %q1, %p1 : f64
  %b2 = arith.mulf %q2, %p0 : f64
  %s0 = arith.addf %a0, %a1 : f64
  %s1 = arith.addf %b0, %b1 : f64
  %s2 = arith.addf %s0, %s1 : f64
  %r = arith.addf %s2, %b2 : f64
  return %r : f64
}

// Dynamic: a full reduction of a tensor<?x?xf64> to a 0-d init read from an
// argument (active), through a 1-d intermediate.
func.func @dynamic(%x: tensor<?x?xf64>, %s0: tensor<f64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %rows = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x?xf64>) outs(%z : tensor<?xf64>) {
  ^bb0(%xv: f64, %acc: f64):
    %t = math.tanh %xv : f64
    %s = arith.addf %acc, %t : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %tot = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%rows : tensor<?xf64>) outs(%s0 : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %sq = arith.mulf %v, %v : f64
    %s = arith.addf %acc, %sq : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %r = tensor.extract %tot[] : tensor<f64>
  %rr = arith.mulf %r, %r : f64
  return %rr : f64
}
