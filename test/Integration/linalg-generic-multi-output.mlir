// linalg.generic with several outputs, f64: three parallel outputs (one written
// through a transposed map, one reading its active init) from two inputs; and
// a sum and a max reduction computed by one op on dynamic shapes. The adjoint
// of each input sums the contributions of every output.
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [[0.25, -0.6, 0.45], [0.7, -0.35, 0.15]]]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.9, -0.4, 1.3], [[0.25, -0.6, 0.45], [0.7, -0.35, 0.15]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry sum_and_max --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.9, -0.4, 1.3, 0.6]]' --grad --json | FileCheck %s --check-prefix=SM
// RUN: rewind-run %s --entry sum_and_max --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], [0.9, -0.4, 1.3, 0.6]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=SM,SM-FD

// F: {"value": 17.78946321{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}3.503273715{{[0-9]*}}, -0.9033495203{{[0-9]*}}, 8.742765772{{[0-9]*}}], [8.699873785{{[0-9]*}}, -0.5804265799{{[0-9]*}}, 2.359168268{{[0-9]*}}]],
// F-SAME: [16.06294326{{[0-9]*}}, -0.7371733538{{[0-9]*}}, 20.59482303{{[0-9]*}}],
// F-SAME: {{\[\[}}{{(0\.935(0{7}[0-9]*)?|0\.9349{7}[0-9]*)}}, -{{(2\.275(0{6}[0-9]*)?|2\.2749{6}[0-9]*)}}, {{(3\.28(0{7}[0-9]*)?|3\.279{7}[0-9]*)}}], [{{(3\.476(0{6}[0-9]*)?|3\.4759{6}[0-9]*)}}, {{(0\.033(0{8}[0-9]*)?|0\.0329{8}[0-9]*)}}, -{{(2\.219(0{6}[0-9]*)?|2\.2189{6}[0-9]*)}}]]
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// SM: {"value": {{(5\.232875(0{4}[0-9]*)?|5\.2328749{4}[0-9]*)}}, "gradient": [
// SM-SAME: {{\[\[}}{{(1\.04(0{7}[0-9]*)?|1\.039{7}[0-9]*)}}, -{{(2\.6(0{8}[0-9]*)?|2\.59{8}[0-9]*)}}, {{(4\.86525(0{4}[0-9]*)?|4\.865249{4}[0-9]*)}}, {{(0\.208(0{7}[0-9]*)?|0\.2079{7}[0-9]*)}}], [{{(3\.97125(0{4}[0-9]*)?|3\.971249{4}[0-9]*)}}, {{(0\.594(0{7}[0-9]*)?|0\.5939{7}[0-9]*)}}, -{{(1\.386(0{6}[0-9]*)?|1\.3859{6}[0-9]*)}}, -{{(0\.891(0{7}[0-9]*)?|0\.8909{7}[0-9]*)}}], [{{(0\.216(0{7}[0-9]*)?|0\.2159{7}[0-9]*)}}, {{(0\.702(0{7}[0-9]*)?|0\.7019{7}[0-9]*)}}, -{{(0\.162(0{7}[0-9]*)?|0\.1619{7}[0-9]*)}}, {{(1\.749(0{6}[0-9]*)?|1\.7489{6}[0-9]*)}}]],
// SM-SAME: [{{(2\.19175(0{4}[0-9]*)?|2\.191749{4}[0-9]*)}}, {{-?}}0.0, {{(1\.97(0{7}[0-9]*)?|1\.969{7}[0-9]*)}}, {{(1\.1655(0{5}[0-9]*)?|1\.16549{5}[0-9]*)}}]
// SM-SAME: ]
// SM-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>

func.func private @total(%t: tensor<?x?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<?x?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %u = arith.addf %acc, %p : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Two inputs, three parallel outputs with different maps, one of them
// reading its (active) init:
//   p(i,j) = x(i,j) * y(j)
//   q(j,i) = exp(x(i,j)) + y(j)         (transposed output)
//   u(i,j) = o(i,j) * x(i,j) + y(j)^2   (o = z, an argument)
// r = sum(p * q^T) + sum(u^2)
func.func @f(%x: tensor<2x3xf64>, %y: tensor<3xf64>, %z: tensor<2x3xf64>) -> f64 {
  %e = tensor.empty() : tensor<2x3xf64>
  %et = tensor.empty() : tensor<3x2xf64>
  %p, %q, %u = linalg.generic {indexing_maps = [#id, #col, #id, #tr, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<2x3xf64>, tensor<3xf64>) outs(%e, %et, %z : tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>) {
  ^bb0(%xv: f64, %yv: f64, %a: f64, %b: f64, %o: f64):
    %pv = arith.mulf %xv, %yv : f64
    %ex = math.exp %xv : f64
    %qv = arith.addf %ex, %yv : f64
    %ox = arith.mulf %o, %xv : f64
    %yy = arith.mulf %yv, %yv : f64
    %uv = arith.addf %ox, %yy : f64
    linalg.yield %pv, %qv, %uv : f64, f64, f64
  } -> (tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>)
  %pq = linalg.generic {indexing_maps = [#id, #tr, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p, %q, %u : tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) {
  ^bb0(%a: f64, %b: f64, %c: f64, %o: f64):
    %m = arith.mulf %a, %b : f64
    %cc = arith.mulf %c, %c : f64
    %s = arith.addf %m, %cc : f64
    linalg.yield %s : f64
  } -> tensor<2x3xf64>
  %d = tensor.cast %pq : tensor<2x3xf64> to tensor<?x?xf64>
  %r = func.call @total(%d) : (tensor<?x?xf64>) -> f64
  return %r : f64
}

// A sum and a max reduction in one op on dynamic shapes:
//   s(i) = sum_j x(i,j)^2,  m(i) = max_j x(i,j) * y(j)
// r = sum(s * m)
func.func @sum_and_max(%x: tensor<?x?xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %lo = linalg.fill ins(%ninf : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %s, %m = linalg.generic {indexing_maps = [#id, #col, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x, %y : tensor<?x?xf64>, tensor<?xf64>) outs(%z, %lo : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%xv: f64, %yv: f64, %a: f64, %b: f64):
    %sq = arith.mulf %xv, %xv : f64
    %sa = arith.addf %a, %sq : f64
    %t = arith.mulf %xv, %yv : f64
    %mb = arith.maximumf %b, %t : f64
    linalg.yield %sa, %mb : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%s, %m : tensor<?xf64>, tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %p = arith.mulf %a, %b : f64
    %u = arith.addf %acc, %p : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %v = tensor.extract %r[] : tensor<f64>
  return %v : f64
}
