// A loop dimension that an output's indexing map does not use accumulates
// into that output even when the op calls it "parallel" (the verifier
// accepts it). Differentiation treats it as the reduction it is, and the
// vectorizer relabels it (MLIR's vectorizer crashes on it otherwise).
// ../shared/reliability/04 is such a program after elementwise fusion.
//
// out = init + sum_ij a_ij * b_ji: d/dinit = 1, d/da_ij = b_ji, d/db_ji = a_ij.
// RUN: rewind-run %s --entry f --args '[[[1,2,3],[4,5,6]], [[1,2],[3,4],[5,6]], 0.5]' --grad --json | FileCheck %s
// RUN: rewind-run %s --entry f --args '[[[1,2,3],[4,5,6]], [[1,2],[3,4],[5,6]], 0.5]' --grad --json --vectorize=false | FileCheck %s
// CHECK: {"value": 86.5, "gradient": {{\[\[\[}}1.0, 3.0, 5.0], [2.0, 4.0, 6.0]], {{\[\[}}1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], 1.0]}
// RUN: rewind-run %s --entry fused --args '[[[1,2,3],[4,5,6]],[0.5,0.2,0.1],[[0.1,0.2,0.3],[0.4,0.5,0.6]]]' --grad --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=FUSED
// FUSED: value: f64 = 535.67755969526{{[0-9]*}}
// FUSED: check: max relative error
// RUN: rewind-opt %s --rewind-lower-to-llvm -o /dev/null

#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1)>
#map2 = affine_map<(d0, d1) -> (d1, d0)>
#map3 = affine_map<(d0, d1) -> ()>

func.func @f(%a: tensor<2x3xf64>, %b: tensor<3x2xf64>, %init: f64) -> f64 {
  %e = tensor.empty() : tensor<f64>
  %i = tensor.insert %init into %e[] : tensor<f64>
  %s = linalg.generic {indexing_maps = [#map, #map2, #map3], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x3xf64>, tensor<3x2xf64>) outs(%i : tensor<f64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %p = arith.mulf %x, %y : f64
    %r = arith.addf %acc, %p : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

func.func @fused(%arg0: tensor<2x3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<2x3xf64>) -> f64 {
  %cst = arith.constant 0.000000e+00 : f64
  %0 = tensor.empty() : tensor<2x3xf64>
  %1 = tensor.empty() : tensor<3x2xf64>
  %2:3 = linalg.generic {indexing_maps = [#map, #map1, #map, #map2, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<2x3xf64>, tensor<3xf64>) outs(%0, %1, %arg2 : tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>) {
  ^bb0(%in: f64, %in_0: f64, %out: f64, %out_1: f64, %out_2: f64):
    %7 = arith.mulf %in, %in_0 : f64
    %8 = math.exp %in : f64
    %9 = arith.addf %8, %in_0 : f64
    %10 = arith.mulf %out_2, %in : f64
    %11 = arith.mulf %in_0, %in_0 : f64
    %12 = arith.addf %10, %11 : f64
    linalg.yield %7, %9, %12 : f64, f64, f64
  } -> (tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>)
  %3 = linalg.generic {indexing_maps = [#map, #map2, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%2#0, %2#1, %2#2 : tensor<2x3xf64>, tensor<3x2xf64>, tensor<2x3xf64>) outs(%0 : tensor<2x3xf64>) {
  ^bb0(%in: f64, %in_0: f64, %in_1: f64, %out: f64):
    %7 = arith.mulf %in, %in_0 : f64
    %8 = arith.mulf %in_1, %in_1 : f64
    %9 = arith.addf %7, %8 : f64
    linalg.yield %9 : f64
  } -> tensor<2x3xf64>
  %4 = tensor.empty() : tensor<f64>
  %5 = linalg.fill ins(%cst : f64) outs(%4 : tensor<f64>) -> tensor<f64>
  %6 = linalg.generic {indexing_maps = [#map, #map3], iterator_types = ["reduction", "parallel"]} ins(%3 : tensor<2x3xf64>) outs(%5 : tensor<f64>) {
  ^bb0(%in: f64, %out: f64):
    %7 = arith.addf %out, %in : f64
    linalg.yield %7 : f64
  } -> tensor<f64>
  %extracted = tensor.extract %6[] : tensor<f64>
  return %extracted : f64
}
