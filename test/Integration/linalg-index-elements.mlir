// A linalg.generic whose elements are of type index (row numbers, for a
// gather) compiles and runs: the vectorizer sizes its tiles by the element
// width, which it once took with getIntOrFloatBitWidth (a crash for index).
// RUN: rewind-run %s --entry ids --args '[3]' --json | FileCheck %s
// CHECK: {"value": {{\[\[}}0, 0], [1, 1], [2, 2]]}
#row = affine_map<(i, j) -> (i, j)>
func.func @ids(%n: index) -> tensor<?x2xindex> {
  %e = tensor.empty(%n) : tensor<?x2xindex>
  %io = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x2xindex>) {
    ^bb0(%out: index):
      %i = linalg.index 0 : index
      linalg.yield %i : index
  } -> tensor<?x2xindex>
  return %io : tensor<?x2xindex>
}
