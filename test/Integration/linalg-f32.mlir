// The linalg rules on f32: matmul, a broadcast generic with tanh, a two-output
// reduction generic (max and sum), dot products (one into an init computed by
// another), extract_slice of a column; and on dynamic shapes matvec, vecmat,
// linalg.exp / mul / add / sqrt and linalg.reduce. (linalg.dot on f32 is in
// linalg-matvec-vecmat-dot.mlir.)
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [0.1, -0.2, 0.05, 0.3], [0.7, -1.1]]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [0.1, -0.2, 0.05, 0.3], [0.7, -1.1]]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -0.25, 0.3], [0.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]], [0.9, -0.4, 1.3], [0.3, -0.2, 0.7, 0.45]]' --grad --json | FileCheck %s --check-prefix=D
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -0.25, 0.3], [0.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]], [0.9, -0.4, 1.3], [0.3, -0.2, 0.7, 0.45]]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=D,D-FD

// F: {"value": -0.92736{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}-0.42383{{[0-9]*}}, 0.79164{{[0-9]*}}, 0.085125{{[0-9]*}}], [0.60921{{[0-9]*}}, -0.49523{{[0-9]*}}, -0.058250{{[0-9]*}}]],
// F-SAME: {{\[\[}}0.15173{{[0-9]*}}, 0.63770{{[0-9]*}}, 0.60436{{[0-9]*}}, 0.57346{{[0-9]*}}], [-0.58392{{[0-9]*}}, -1.1359{{[0-9]*}}, 0.15530{{[0-9]*}}, -0.42640{{[0-9]*}}], [0.40778{{[0-9]*}}, {{(0\.6507(0{2}[0-9]*)?|0\.65069{2}[0-9]*)}}, -0.37691{{[0-9]*}}, 0.10513{{[0-9]*}}]],
// F-SAME: [0.38396{{[0-9]*}}, 1.0951{{[0-9]*}}, 0.55317{{[0-9]*}}, 0.75063{{[0-9]*}}],
// F-SAME: [-0.85514{{[0-9]*}}, 0.78180{{[0-9]*}}]
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// D: {"value": 7.5089{{[0-9]*}}, "gradient": [
// D-SAME: {{\[\[}}2.3375{{[0-9]*}}, -0.88982{{[0-9]*}}, 3.3717{{[0-9]*}}], [0.32920{{[0-9]*}}, -0.24569{{[0-9]*}}, 0.47863{{[0-9]*}}], [0.76187{{[0-9]*}}, 0.0092206{{[0-9]*}}, 1.0895{{[0-9]*}}], [0.64759{{[0-9]*}}, -0.06421{{[0-9]*}}, 0.92840{{[0-9]*}}]],
// D-SAME: [1.2386{{[0-9]*}}, 0.23637{{[0-9]*}}, 0.41380{{[0-9]*}}],
// D-SAME: [-0.012129{{[0-9]*}}, 0.043198{{[0-9]*}}, 0.29115{{[0-9]*}}, 0.14705{{[0-9]*}}]
// D-SAME: ]
// D-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>
#all = affine_map<(i, j) -> ()>

// f32: h = tanh(A B + bias(j)) (matmul + broadcast generic), then per row the
// max (maximumf) and the sum, r = sum_i max_i * sum_i + h[:,0] . v (dot
// products as generic reductions, the second accumulating into the first).
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %bias: tensor<4xf32>, %v: tensor<2xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %m = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%z : tensor<2x4xf32>) -> tensor<2x4xf32>
  %h = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m, %bias : tensor<2x4xf32>, tensor<4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    %t = math.tanh %s : f32
    linalg.yield %t : f32
  } -> tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<2xf32>
  %lo = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<2xf32>) -> tensor<2xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2xf32>) -> tensor<2xf32>
  %mx, %sm = linalg.generic {indexing_maps = [#id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%h : tensor<2x4xf32>) outs(%lo, %z2 : tensor<2xf32>, tensor<2xf32>) {
  ^bb0(%p: f32, %a0: f32, %a1: f32):
    %ma = arith.maximumf %a0, %p : f32
    %s = arith.addf %a1, %p : f32
    linalg.yield %ma, %s : f32, f32
  } -> (tensor<2xf32>, tensor<2xf32>)
  %col0 = tensor.extract_slice %h[0, 0] [2, 1] [1, 1] : tensor<2x4xf32> to tensor<2xf32>
  %e0 = tensor.empty() : tensor<f32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %d = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%col0, %v : tensor<2xf32>, tensor<2xf32>) outs(%z0 : tensor<f32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %pq = arith.mulf %p, %q : f32
    %u = arith.addf %acc, %pq : f32
    linalg.yield %u : f32
  } -> tensor<f32>
  %ms = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%mx, %sm : tensor<2xf32>, tensor<2xf32>) outs(%d : tensor<f32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %pq = arith.mulf %p, %q : f32
    %u = arith.addf %acc, %pq : f32
    linalg.yield %u : f32
  } -> tensor<f32>
  %r = tensor.extract %ms[] : tensor<f32>
  return %r : f32
}

// f32 on dynamic shapes: matvec, vecmat and elementwise named ops.
// r = sum(exp(A x) * sqrt(w A . w A + 1)) -> elementwise on the k-vector via
// linalg.mul/add/sqrt, then linalg.reduce.
func.func @dynamic(%a: tensor<?x?xf32>, %x: tensor<?xf32>, %w: tensor<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %a, %c0 : tensor<?x?xf32>
  %k = tensor.dim %a, %c1 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %en = tensor.empty(%n) : tensor<?xf32>
  %zn = linalg.fill ins(%zero : f32) outs(%en : tensor<?xf32>) -> tensor<?xf32>
  %ek = tensor.empty(%k) : tensor<?xf32>
  %zk = linalg.fill ins(%zero : f32) outs(%ek : tensor<?xf32>) -> tensor<?xf32>
  %ones = linalg.fill ins(%one : f32) outs(%ek : tensor<?xf32>) -> tensor<?xf32>
  %y = linalg.matvec ins(%a, %x : tensor<?x?xf32>, tensor<?xf32>) outs(%zn : tensor<?xf32>) -> tensor<?xf32>
  %ey = linalg.exp ins(%y : tensor<?xf32>) outs(%en : tensor<?xf32>) -> tensor<?xf32>
  %u = linalg.vecmat ins(%w, %a : tensor<?xf32>, tensor<?x?xf32>) outs(%zk : tensor<?xf32>) -> tensor<?xf32>
  %uu = linalg.mul ins(%u, %u : tensor<?xf32>, tensor<?xf32>) outs(%ek : tensor<?xf32>) -> tensor<?xf32>
  %u1 = linalg.add ins(%uu, %ones : tensor<?xf32>, tensor<?xf32>) outs(%ek : tensor<?xf32>) -> tensor<?xf32>
  %su = linalg.sqrt ins(%u1 : tensor<?xf32>) outs(%ek : tensor<?xf32>) -> tensor<?xf32>
  %e0 = tensor.empty() : tensor<f32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s1 = linalg.reduce ins(%ey : tensor<?xf32>) outs(%z0 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %q = arith.addf %in, %acc : f32
      linalg.yield %q : f32
    }
  %s2 = linalg.reduce ins(%su : tensor<?xf32>) outs(%s1 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %q = arith.addf %in, %acc : f32
      linalg.yield %q : f32
    }
  %r = tensor.extract %s2[] : tensor<f32>
  return %r : f32
}
