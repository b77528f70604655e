// tensor.from_elements (2-d, row-major, with repeated elements; 1-d read back
// with tensor.extract) and tensor.splat (static, and dynamic with the size from
// an argument), f64. The adjoint of element k of from_elements is the adjoint of
// the result at k (row-major); that of a splatted scalar is the sum of the
// adjoint of the result.
// RUN: rewind-run %s --entry from_elements --args '[0.7, -1.3, 0.45, [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]]]' --grad --json | FileCheck %s --check-prefix=FE
// RUN: rewind-run %s --entry from_elements --args '[0.7, -1.3, 0.45, [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=FE,FE-FD
// RUN: rewind-run %s --entry from_elements_1d --args '[0.7, -1.3]' --grad --json | FileCheck %s --check-prefix=FE1
// RUN: rewind-run %s --entry from_elements_1d --args '[0.7, -1.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=FE1,FE1-FD
// RUN: rewind-run %s --entry splat --args '[0.9, [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.6, -0.35, 1.4, 0.2]]' --grad --json | FileCheck %s --check-prefix=SPLAT
// RUN: rewind-run %s --entry splat --args '[0.9, [[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [0.6, -0.35, 1.4, 0.2]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=SPLAT,SPLAT-FD

// FE: {"value": -0.4200265111{{[0-9]*}}, "gradient": [
// FE-SAME: {{(3\.3026(0{5}[0-9]*)?|3\.30259{5}[0-9]*)}},
// FE-SAME: {{(1\.0686(0{5}[0-9]*)?|1\.06859{5}[0-9]*)}},
// FE-SAME: 0.1716711632{{[0-9]*}},
// FE-SAME: {{\[\[}}{{(0\.49(0{8}[0-9]*)?|0\.489{8}[0-9]*)}}, {{(1\.69(0{7}[0-9]*)?|1\.689{7}[0-9]*)}}, {{(0\.2025(0{6}[0-9]*)?|0\.20249{6}[0-9]*)}}], [{{(0\.8281(0{6}[0-9]*)?|0\.82809{6}[0-9]*)}}, {{(1\.69(0{7}[0-9]*)?|1\.689{7}[0-9]*)}}, 0.1891950158{{[0-9]*}}]]
// FE-SAME: ]
// FE-FD-SAME: "max_rel_error":

// FE1: {"value": -3.527878519{{[0-9]*}}, "gradient": [
// FE1-SAME: -3.917878519{{[0-9]*}},
// FE1-SAME: 2.713752707{{[0-9]*}}
// FE1-SAME: ]
// FE1-FD-SAME: "max_rel_error":

// SPLAT: {"value": 2.014931272{{[0-9]*}}, "gradient": [
// SPLAT-SAME: 3.046029781{{[0-9]*}},
// SPLAT-SAME: {{\[\[}}{{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, {{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, {{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}], [{{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, {{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}, {{(0\.9(0{9}[0-9]*)?|0\.89{9}[0-9]*)}}]],
// SPLAT-SAME: [0.7242871743{{[0-9]*}}, 0.7242871743{{[0-9]*}}, 0.7242871743{{[0-9]*}}, 0.7242871743{{[0-9]*}}]
// SPLAT-SAME: ]
// SPLAT-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>
#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

// t = [[a, b, c], [a*b, b, sin(c)]] (a and b appear twice); r = sum(t * x * t)
func.func @from_elements(%a: f64, %b: f64, %c: f64, %x: tensor<2x3xf64>) -> f64 {
  %ab = arith.mulf %a, %b : f64
  %sc = math.sin %c : f64
  %t = tensor.from_elements %a, %b, %c, %ab, %b, %sc : tensor<2x3xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id2, #id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%t, %x : tensor<2x3xf64>, tensor<2x3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %m = arith.mulf %p, %q : f64
    %mm = arith.mulf %m, %p : f64
    %u = arith.addf %acc, %mm : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// 1-d from_elements read back with tensor.extract.
func.func @from_elements_1d(%a: f64, %b: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %e = math.exp %a : f64
  %t = tensor.from_elements %a, %e, %b : tensor<3xf64>
  %t0 = tensor.extract %t[%c0] : tensor<3xf64>
  %t1 = tensor.extract %t[%c1] : tensor<3xf64>
  %t2 = tensor.extract %t[%c2] : tensor<3xf64>
  %p = arith.mulf %t0, %t2 : f64
  %q = arith.mulf %t1, %t2 : f64
  %r = arith.addf %p, %q : f64
  return %r : f64
}

// splat s into a static 2x3 and a dynamic (n) tensor; adj s = sum of the
// adjoint. r = sum(splat(s) * x) + sum(sin(splat(s*s, n)) * y)
func.func @splat(%s: f64, %x: tensor<2x3xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %y, %c0 : tensor<?xf64>
  %t = tensor.splat %s : tensor<2x3xf64>
  %ss = arith.mulf %s, %s : f64
  %u = tensor.splat %ss[%n] : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %a = linalg.generic {indexing_maps = [#id2, #id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%t, %x : tensor<2x3xf64>, tensor<2x3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %m = arith.mulf %p, %q : f64
    %v = arith.addf %acc, %m : f64
    linalg.yield %v : f64
  } -> tensor<f64>
  %b = linalg.generic {indexing_maps = [#id1, #id1, #all1], iterator_types = ["reduction"]}
      ins(%u, %y : tensor<?xf64>, tensor<?xf64>) outs(%a : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %sn = math.sin %p : f64
    %m = arith.mulf %sn, %q : f64
    %v = arith.addf %acc, %m : f64
    linalg.yield %v : f64
  } -> tensor<f64>
  %r = tensor.extract %b[] : tensor<f64>
  return %r : f64
}
