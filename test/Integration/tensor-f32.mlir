// The tensor rules on f32: extract, insert, a strided extract_slice, a
// rank-reducing extract_slice, insert_slice, pad with an active padding value,
// concat, collapse_shape/expand_shape, from_elements, splat; reductions through
// linalg.generic (weights from linalg.index) and linalg.reduce.
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [[0.35, -0.6], [1.05, 0.25]], 0.7]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [[0.35, -0.6], [1.05, 0.25]], 0.7]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry elements --args '[0.6, -1.3, [[0.5, -1.25], [0.8, 1.5]]]' --grad --json | FileCheck %s --check-prefix=E
// RUN: rewind-run %s --entry elements --args '[0.6, -1.3, [[0.5, -1.25], [0.8, 1.5]]]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=E,E-FD

// F: {"value": 30.735{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}{{-?}}0.0, {{-?}}0.0, {{-?}}0.0, {{(2\.7(0{3}[0-9]*)?|2\.69{3}[0-9]*)}}], [{{(3\.6(0{3}[0-9]*)?|3\.59{3}[0-9]*)}}, {{-?}}0.0, {{(0\.75(0{3}[0-9]*)?|0\.749{3}[0-9]*)}}, {{(3\.6(0{3}[0-9]*)?|3\.59{3}[0-9]*)}}], [-{{(8\.0(0{4}[0-9]*)?|7\.9{4}[0-9]*)}}, -{{(0\.465(0{2}[0-9]*)?|0\.4649{2}[0-9]*)}}, {{-?}}0.0, -{{(17\.1(0{2}[0-9]*)?|17\.09{2}[0-9]*)}}]],
// F-SAME: {{\[\[}}{{(1\.4(0{3}[0-9]*)?|1\.39{3}[0-9]*)}}, -{{(3\.6(0{3}[0-9]*)?|3\.59{3}[0-9]*)}}], [{{(10\.5(0{2}[0-9]*)?|10\.49{2}[0-9]*)}}, {{(2\.5(0{3}[0-9]*)?|2\.49{3}[0-9]*)}}]],
// F-SAME: 31.587{{[0-9]*}}
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// E: {"value": -1.475{{[0-9]*}}, "gradient": [
// E-SAME: -4.712{{[0-9]*}},
// E-SAME: {{(1\.07(0{2}[0-9]*)?|1\.069{2}[0-9]*)}},
// E-SAME: {{\[\[}}-{{(0\.78(0{3}[0-9]*)?|0\.779{3}[0-9]*)}}, {{(1\.014(0{2}[0-9]*)?|1\.0139{2}[0-9]*)}}], [{{(1\.69(0{2}[0-9]*)?|1\.689{2}[0-9]*)}}, -{{(0\.78(0{3}[0-9]*)?|0\.779{3}[0-9]*)}}]]
// E-SAME: ]
// E-FD-SAME: "max_rel_error":

#id2 = affine_map<(i, j) -> (i, j)>
#all2 = affine_map<(i, j) -> ()>

// f32: extract, insert, extract_slice (strided, rank-reducing), insert_slice,
// pad (active padding value), concat, collapse/expand, from_elements, splat.
func.func @f(%x: tensor<3x4xf32>, %y: tensor<2x2xf32>, %s: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = tensor.extract %x[%c2, %c1] : tensor<3x4xf32>
  %sa = arith.mulf %s, %a : f32
  %t = tensor.insert %sa into %x[%c0, %c0] : tensor<3x4xf32>
  %st = tensor.extract_slice %t[0, 0] [2, 2] [2, 3] : tensor<3x4xf32> to tensor<2x2xf32>
  %row = tensor.extract_slice %t[1, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
  %u = tensor.insert_slice %y into %t[1, 1] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<3x4xf32>
  %p = tensor.pad %st low[0, 1] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %s : f32
  } : tensor<2x2xf32> to tensor<3x3xf32>
  %cat = tensor.concat dim(1) %u, %p : (tensor<3x4xf32>, tensor<3x3xf32>) -> tensor<3x7xf32>
  %flat = tensor.collapse_shape %cat [[0, 1]] : tensor<3x7xf32> into tensor<21xf32>
  %back = tensor.expand_shape %flat [[0, 1]] output_shape [7, 3] : tensor<21xf32> into tensor<7x3xf32>
  %r0 = tensor.extract %row[%c2] : tensor<4xf32>
    %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id2, #all2], iterator_types = ["reduction", "reduction"]}
      ins(%back : tensor<7x3xf32>) outs(%init : tensor<f32>) {
  ^bb0(%v: f32, %acc: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %fi = arith.sitofp %ii : i32 to f32
    %w = arith.mulf %v, %v : f32
    %ww = arith.mulf %w, %fi : f32
    %q = arith.addf %acc, %ww : f32
    linalg.yield %q : f32
  } -> tensor<f32>
  %r = tensor.extract %sum[] : tensor<f32>
  %ra = arith.mulf %r0, %a : f32
  %rr = arith.addf %r, %ra : f32
  return %rr : f32
}

// from_elements and splat on f32.
func.func @elements(%a: f32, %b: f32, %x: tensor<2x2xf32>) -> f32 {
  %ab = arith.mulf %a, %b : f32
  %t = tensor.from_elements %a, %ab, %b, %a : tensor<2x2xf32>
  %sp = tensor.splat %b : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %m = linalg.mul ins(%t, %x : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m2 = linalg.mul ins(%m, %sp : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %init = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %sum = linalg.reduce ins(%m2 : tensor<2x2xf32>) outs(%init : tensor<f32>) dimensions = [0, 1]
    (%in: f32, %acc: f32) {
      %q = arith.addf %in, %acc : f32
      linalg.yield %q : f32
    }
  %r = tensor.extract %sum[] : tensor<f32>
  return %r : f32
}
