// tensor.pad with a constant padding value (an active scalar computed outside
// the region, and a constant with dynamic pad amounts) and tensor.concat (static
// along each dimension, and dynamic with the same operand twice), f64. The
// adjoint of the source of a pad is the interior slice of the result's adjoint;
// that of the padding value is the sum over the padding. A concat operand gets
// its slice of the adjoint.
// RUN: rewind-run %s --entry pad --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.8, 1]' --grad --json | FileCheck %s --check-prefix=PAD1
// RUN: rewind-run %s --entry pad --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.8, 1]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=PAD1,PAD1-FD
// RUN: rewind-run %s --entry pad --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.8, 2]' --grad --json | FileCheck %s --check-prefix=PAD2
// RUN: rewind-run %s --entry pad --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.8, 2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=PAD2,PAD2-FD
// RUN: rewind-run %s --entry concat --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.45, -0.9, 1.3]], [[0.15, -0.6], [0.95, 0.4]]]' --grad --json | FileCheck %s --check-prefix=CAT
// RUN: rewind-run %s --entry concat --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.45, -0.9, 1.3]], [[0.15, -0.6], [0.95, 0.4]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CAT,CAT-FD
// RUN: rewind-run %s --entry concat_dynamic --args '[[[0.5, -1.25], [1.1, 0.3], [0.2, -0.35]], [[0.7, 0.9, -0.1], [0.25, -1.5, 0.6], [1.2, 0.05, 0.85]]]' --grad --json | FileCheck %s --check-prefix=DCAT
// RUN: rewind-run %s --entry concat_dynamic --args '[[[0.5, -1.25], [1.1, 0.3], [0.2, -0.35]], [[0.7, 0.9, -0.1], [0.25, -1.5, 0.6], [1.2, 0.05, 0.85]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=DCAT,DCAT-FD

// PAD1: {"value": {{(11\.099(0{5}[0-9]*)?|11\.0989{5}[0-9]*)}}, "gradient": [
// PAD1-SAME: {{\[\[}}{{(1\.25(0{7}[0-9]*)?|1\.249{7}[0-9]*)}}, {{(2\.5(0{8}[0-9]*)?|2\.49{8}[0-9]*)}}, {{(4\.0(0{9}[0-9]*)?|3\.9{9}[0-9]*)}}], [{{(6\.6(0{8}[0-9]*)?|6\.59{8}[0-9]*)}}, {{(1\.05(0{7}[0-9]*)?|1\.049{7}[0-9]*)}}, {{(0\.35(0{8}[0-9]*)?|0\.349{8}[0-9]*)}}]],
// PAD1-SAME: {{(17\.92(0{6}[0-9]*)?|17\.919{6}[0-9]*)}},
// PAD1-SAME: null
// PAD1-SAME: ]
// PAD1-FD-SAME: "max_rel_error":

// PAD2: {"value": {{(13\.599(0{5}[0-9]*)?|13\.5989{5}[0-9]*)}}, "gradient": [
// PAD2-SAME: {{\[\[}}{{(1\.25(0{7}[0-9]*)?|1\.249{7}[0-9]*)}}, {{(2\.5(0{8}[0-9]*)?|2\.49{8}[0-9]*)}}, {{(4\.0(0{9}[0-9]*)?|3\.9{9}[0-9]*)}}], [{{(6\.6(0{8}[0-9]*)?|6\.59{8}[0-9]*)}}, {{(1\.05(0{7}[0-9]*)?|1\.049{7}[0-9]*)}}, {{(0\.35(0{8}[0-9]*)?|0\.349{8}[0-9]*)}}]],
// PAD2-SAME: {{(17\.92(0{6}[0-9]*)?|17\.919{6}[0-9]*)}},
// PAD2-SAME: null
// PAD2-SAME: ]
// PAD2-FD-SAME: "max_rel_error":

// CAT: {"value": {{(13\.110625(0{4}[0-9]*)?|13\.1106249{4}[0-9]*)}}, "gradient": [
// CAT-SAME: {{\[\[}}{{(0\.5(0{9}[0-9]*)?|0\.49{9}[0-9]*)}}, -{{(10\.0(0{9}[0-9]*)?|9\.9{9}[0-9]*)}}, -{{(0\.4(0{9}[0-9]*)?|0\.39{9}[0-9]*)}}], [{{(3\.3(0{8}[0-9]*)?|3\.29{8}[0-9]*)}}, {{(2\.1(0{8}[0-9]*)?|2\.09{8}[0-9]*)}}, {{(1\.75(0{7}[0-9]*)?|1\.749{7}[0-9]*)}}]],
// CAT-SAME: {{\[\[}}-{{(1\.8(0{8}[0-9]*)?|1\.79{8}[0-9]*)}}, -{{(2\.7(0{8}[0-9]*)?|2\.69{8}[0-9]*)}}, {{(2\.6(0{8}[0-9]*)?|2\.59{8}[0-9]*)}}]],
// CAT-SAME: {{\[\[}}-{{(0\.375(0{7}[0-9]*)?|0\.3749{7}[0-9]*)}}, -{{(2\.1(0{8}[0-9]*)?|2\.09{8}[0-9]*)}}], [{{(4\.75(0{7}[0-9]*)?|4\.749{7}[0-9]*)}}, {{(0\.1(0{9}[0-9]*)?|0\.09{9}[0-9]*)}}]]
// CAT-SAME: ]
// CAT-FD-SAME: "max_rel_error":

// DCAT: {"value": {{(60\.4175(0{4}[0-9]*)?|60\.41749{4}[0-9]*)}}, "gradient": [
// DCAT-SAME: {{\[\[}}{{(7\.0(0{9}[0-9]*)?|6\.9{9}[0-9]*)}}, -{{(22\.5(0{7}[0-9]*)?|22\.49{7}[0-9]*)}}], [{{(19\.8(0{7}[0-9]*)?|19\.79{7}[0-9]*)}}, {{(6\.6(0{8}[0-9]*)?|6\.59{8}[0-9]*)}}], [{{(4\.4(0{8}[0-9]*)?|4\.39{8}[0-9]*)}}, -{{(9\.1(0{8}[0-9]*)?|9\.09{8}[0-9]*)}}]],
// DCAT-SAME: {{\[\[}}{{(4\.2(0{8}[0-9]*)?|4\.19{8}[0-9]*)}}, {{(7\.2(0{8}[0-9]*)?|7\.19{8}[0-9]*)}}, -{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}], [{{(2\.0(0{9}[0-9]*)?|1\.9{9}[0-9]*)}}, -{{(15\.0(0{8}[0-9]*)?|14\.9{8}[0-9]*)}}, {{(7\.2(0{8}[0-9]*)?|7\.19{8}[0-9]*)}}], [{{(12\.0(0{8}[0-9]*)?|11\.9{8}[0-9]*)}}, {{(0\.6(0{9}[0-9]*)?|0\.59{9}[0-9]*)}}, {{(11\.9(0{7}[0-9]*)?|11\.89{7}[0-9]*)}}]]
// DCAT-SAME: ]
// DCAT-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>

func.func private @wsum(%t: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id2, #id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%t, %w : tensor<?x?xf64>, tensor<?x?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %m = arith.mulf %p, %q : f64
    %mm = arith.mulf %m, %p : f64
    %u = arith.addf %acc, %mm : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// pad x (2x3) by 1 row above and 2 columns right with the active scalar p*p,
// and by a dynamic low pad %k with the constant 0.5; r = sum(w * t^2) of each.
func.func @pad(%x: tensor<2x3xf64>, %p: f64, %k: index) -> f64 {
  %pp = arith.mulf %p, %p : f64
  %t = tensor.pad %x low[1, 0] high[0, 2] {
  ^bb0(%i: index, %j: index):
    tensor.yield %pp : f64
  } : tensor<2x3xf64> to tensor<3x5xf64>
  %w = arith.constant dense<[[1.0, 2.0, -1.0, 0.5, 3.0], [0.25, -2.0, 1.5, 1.0, -0.5], [2.0, 0.75, -1.25, 1.75, 1.0]]> : tensor<3x5xf64>
  %td = tensor.cast %t : tensor<3x5xf64> to tensor<?x?xf64>
  %wd = tensor.cast %w : tensor<3x5xf64> to tensor<?x?xf64>
  %a = func.call @wsum(%td, %wd) : (tensor<?x?xf64>, tensor<?x?xf64>) -> f64
  %half = arith.constant 0.5 : f64
  %u = tensor.pad %x low[%k, 1] high[1, %k] {
  ^bb0(%i: index, %j: index):
    tensor.yield %half : f64
  } : tensor<2x3xf64> to tensor<?x?xf64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %u, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %u, %c1 : tensor<?x?xf64>
  %one = arith.constant 1.0 : f64
  %we = tensor.empty(%rows, %cols) : tensor<?x?xf64>
  %ones = linalg.fill ins(%one : f64) outs(%we : tensor<?x?xf64>) -> tensor<?x?xf64>
  %b = func.call @wsum(%u, %ones) : (tensor<?x?xf64>, tensor<?x?xf64>) -> f64
  %r = arith.addf %a, %b : f64
  return %r : f64
}

// concat along dim 0 (x over y) and along dim 1 (x beside z); x is used by
// both. r = sum(w0 * c0^2) + sum(w1 * c1^2)
func.func @concat(%x: tensor<2x3xf64>, %y: tensor<1x3xf64>, %z: tensor<2x2xf64>) -> f64 {
  %c0 = tensor.concat dim(0) %x, %y : (tensor<2x3xf64>, tensor<1x3xf64>) -> tensor<3x3xf64>
  %c1 = tensor.concat dim(1) %x, %z : (tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x5xf64>
  %w0 = arith.constant dense<[[1.0, 2.0, -1.0], [0.5, 3.0, 0.25], [-2.0, 1.5, 1.0]]> : tensor<3x3xf64>
  %w1 = arith.constant dense<[[-0.5, 2.0, 0.75, -1.25, 1.75], [1.0, 0.5, -1.5, 2.5, 0.125]]> : tensor<2x5xf64>
  %c0d = tensor.cast %c0 : tensor<3x3xf64> to tensor<?x?xf64>
  %w0d = tensor.cast %w0 : tensor<3x3xf64> to tensor<?x?xf64>
  %c1d = tensor.cast %c1 : tensor<2x5xf64> to tensor<?x?xf64>
  %w1d = tensor.cast %w1 : tensor<2x5xf64> to tensor<?x?xf64>
  %a = func.call @wsum(%c0d, %w0d) : (tensor<?x?xf64>, tensor<?x?xf64>) -> f64
  %b = func.call @wsum(%c1d, %w1d) : (tensor<?x?xf64>, tensor<?x?xf64>) -> f64
  %r = arith.addf %a, %b : f64
  return %r : f64
}

// Dynamic concat along dim 1 of three tensors.
func.func @concat_dynamic(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>) -> f64 {
  %c = tensor.concat dim(1) %x, %y, %x : (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %c, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %c, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%rows, %cols) : tensor<?x?xf64>
  %w = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf64>) {
  ^bb0(%o: f64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %k = arith.addi %i, %j : index
    %k1 = arith.addi %k, %c1 : index
    %ki = arith.index_cast %k1 : index to i64
    %kf = arith.sitofp %ki : i64 to f64
    linalg.yield %kf : f64
  } -> tensor<?x?xf64>
  %r = func.call @wsum(%c, %w) : (tensor<?x?xf64>, tensor<?x?xf64>) -> f64
  return %r : f64
}
