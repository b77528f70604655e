// Row max/min/sum reductions whose length is not a multiple of the vector
// width: the partial vectors are masked, and masked-off lanes must not take
// part (all-negative rows for max, all-positive rows for min).
// RUN: rewind-run %s --entry f --args '[[[1,2,3,4,5],[5,6,7,8,2],[-1,-2,-3,-4,-5],[-9,-8,-7,-6,-10]]]' | FileCheck %s
// CHECK: result #0: tensor<4xf64> = [5.0, 8.0, -1.0, -6.0]
// CHECK: result #1: tensor<4xf64> = [1.0, 2.0, -5.0, -10.0]
// CHECK: result #2: tensor<4xf64> = [15.0, 28.0, -15.0, -40.0]
// Partial tiles in both dimensions (11 rows, 3 columns).
// RUN: rewind-run %s --entry f --args '[[[3,1,2],[4,9,6],[-7,-8,-9],[1,1,1],[2,3,1],[5,5,5],[-1,-1,-2],[8,7,9],[0,0,0],[-3,-2,-1],[6,5,4]]]' | FileCheck %s --check-prefix=ODD
// ODD: result #0: tensor<11xf64> = [3.0, 9.0, -7.0, 1.0, 3.0, 5.0, -1.0, 9.0, 0.0, -1.0, 6.0]
// ODD: result #1: tensor<11xf64> = [1.0, 4.0, -9.0, 1.0, 1.0, 5.0, -2.0, 7.0, 0.0, -3.0, 4.0]
#nk = affine_map<(n, k) -> (n, k)>
#n = affine_map<(n, k) -> (n)>
func.func @f(%m: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %zero = arith.constant 0.0 : f64
  %N = tensor.dim %m, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%N) : tensor<?xf64>
  %i0 = linalg.fill ins(%ninf : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %max = linalg.generic {indexing_maps = [#nk, #n], iterator_types = ["parallel", "reduction"]}
      ins(%m : tensor<?x?xf64>) outs(%i0 : tensor<?xf64>) {
    ^bb0(%a: f64, %acc: f64):
      %x = arith.maximumf %acc, %a : f64
      linalg.yield %x : f64
  } -> tensor<?xf64>
  %i1 = linalg.fill ins(%inf : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %min = linalg.generic {indexing_maps = [#nk, #n], iterator_types = ["parallel", "reduction"]}
      ins(%m : tensor<?x?xf64>) outs(%i1 : tensor<?xf64>) {
    ^bb0(%a: f64, %acc: f64):
      %x = arith.minimumf %acc, %a : f64
      linalg.yield %x : f64
  } -> tensor<?xf64>
  %i2 = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %sum = linalg.generic {indexing_maps = [#nk, #n], iterator_types = ["parallel", "reduction"]}
      ins(%m : tensor<?x?xf64>) outs(%i2 : tensor<?xf64>) {
    ^bb0(%a: f64, %acc: f64):
      %x = arith.addf %acc, %a : f64
      linalg.yield %x : f64
  } -> tensor<?xf64>
  return %max, %min, %sum : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
