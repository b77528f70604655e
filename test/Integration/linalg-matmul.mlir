// linalg.matmul and linalg.batch_matmul, f64. A matmul with default maps has
// matmul adjoints (adj A = g B^T, adj B = A^T g, adj C = g); one with
// transposing indexing_maps goes through the generic rule; batch_matmul is
// generalized. Static with an active init, dynamic (tensor<?x?xf64>, A read
// three times), and batched.
// RUN: rewind-run %s --entry static --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [[0.1, -0.2, 0.05, 0.3], [-0.4, 0.25, 0.6, -0.15]]]' --grad --json | FileCheck %s --check-prefix=S
// RUN: rewind-run %s --entry static --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], [[0.3, -0.8, 1.1, 0.45], [0.9, 0.15, -1.2, 0.6], [-0.5, 0.75, 0.2, -0.95]], [[0.1, -0.2, 0.05, 0.3], [-0.4, 0.25, 0.6, -0.15]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=S,S-FD
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -0.25, 0.3], [0.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]]]' --grad --json | FileCheck %s --check-prefix=D
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -0.25, 0.3], [0.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=D,D-FD
// RUN: rewind-run %s --entry batch --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194]], [[0.899, 0.287, -0.745], [-0.686, 0.378, 0.888]]], [[[0.8, 0.612], [0.136, -0.404], [-0.754, -0.749]], [[-0.392, 0.149], [0.62, 0.8], [0.603, 0.123]]]]' --grad --json | FileCheck %s --check-prefix=B
// RUN: rewind-run %s --entry batch --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194]], [[0.899, 0.287, -0.745], [-0.686, 0.378, 0.888]]], [[[0.8, 0.612], [0.136, -0.404], [-0.754, -0.749]], [[-0.392, 0.149], [0.62, 0.8], [0.603, 0.123]]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=B,B-FD

// S: {"value": 0.5740661855{{[0-9]*}}, "gradient": [
// S-SAME: {{\[\[}}-0.4516814120{{[0-9]*}}, 0.5933352171{{[0-9]*}}, 0.1902440651{{[0-9]*}}], [0.3599501651{{[0-9]*}}, 0.6100037499{{[0-9]*}}, -0.3536532098{{[0-9]*}}]],
// S-SAME: {{\[\[}}0.9587892491{{[0-9]*}}, 0.8716578403{{[0-9]*}}, 0.2996422115{{[0-9]*}}, 0.5559723118{{[0-9]*}}], [-0.1110605924{{[0-9]*}}, -1.101019405{{[0-9]*}}, 0.0226299038{{[0-9]*}}, -0.4440076130{{[0-9]*}}], [-0.3096568160{{[0-9]*}}, 0.525082714{{[0-9]*}}, -0.1430213679{{[0-9]*}}, 0.1266143908{{[0-9]*}}]],
// S-SAME: {{\[\[}}0.2687235583{{[0-9]*}}, 0.9656516050{{[0-9]*}}, 0.04262279950{{[0-9]*}}, 0.4296393888{{[0-9]*}}], [0.7494795181{{[0-9]*}}, 0.3534836707{{[0-9]*}}, 0.2530280107{{[0-9]*}}, 0.3101387431{{[0-9]*}}]]
// S-SAME: ]
// S-FD-SAME: "max_rel_error":

// D: {"value": 0.2916637834{{[0-9]*}}, "gradient": [
// D-SAME: {{\[\[}}0.3570386879{{[0-9]*}}, 0.6905905101{{[0-9]*}}, -0.1667893034{{[0-9]*}}], [0.9899427504{{[0-9]*}}, 0.4701603817{{[0-9]*}}, 0.8525617317{{[0-9]*}}], [1.517055831{{[0-9]*}}, 1.498703472{{[0-9]*}}, 0.7669650481{{[0-9]*}}], [0.6201524812{{[0-9]*}}, 0.4396023639{{[0-9]*}}, 0.5570941078{{[0-9]*}}]]
// D-SAME: ]
// D-FD-SAME: "max_rel_error":

// B: {"value": -0.8769702529{{[0-9]*}}, "gradient": [
// B-SAME: {{\[\[\[}}1.147951328{{[0-9]*}}, -0.1281774890{{[0-9]*}}, -1.191530100{{[0-9]*}}], [1.064981530{{[0-9]*}}, -0.3066283174{{[0-9]*}}, -1.169032843{{[0-9]*}}]], {{\[\[}}-0.1333144282{{[0-9]*}}, 1.173564814{{[0-9]*}}, 0.5324651483{{[0-9]*}}], [-0.01950263548{{[0-9]*}}, 0.9733615463{{[0-9]*}}, 0.3505246946{{[0-9]*}}]]],
// B-SAME: {{\[\[\[}}-0.3694761460{{[0-9]*}}, -0.5941873375{{[0-9]*}}], [0.3474512372{{[0-9]*}}, -0.2113521314{{[0-9]*}}], [0.5557034993{{[0-9]*}}, 0.481524565{{[0-9]*}}]], {{\[\[}}0.3519525441{{[0-9]*}}, 0.2113727127{{[0-9]*}}], [0.3485723702{{[0-9]*}}, 0.6107861209{{[0-9]*}}], [-0.1652418255{{[0-9]*}}, 0.1156114976{{[0-9]*}}]]]
// B-SAME: ]
// B-FD-SAME: "max_rel_error":

#id = affine_map<(i, j) -> (i, j)>
#all = affine_map<(i, j) -> ()>

func.func private @tanh_sum(%t: tensor<?x?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction"]}
      ins(%t : tensor<?x?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %t1 = math.tanh %p : f64
    %u = arith.addf %acc, %t1 : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// r = sum(tanh(A B + C)), C the active init of the matmul.
func.func @static(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>, %c: tensor<2x4xf64>) -> f64 {
  %m = linalg.matmul ins(%a, %b : tensor<2x3xf64>, tensor<3x4xf64>) outs(%c : tensor<2x4xf64>) -> tensor<2x4xf64>
  %d = tensor.cast %m : tensor<2x4xf64> to tensor<?x?xf64>
  %r = func.call @tanh_sum(%d) : (tensor<?x?xf64>) -> f64
  return %r : f64
}

// Dynamic shapes, zero inits, and A used three times: r = sum(tanh(A (A^T A)))
// with A^T A from a matmul with transposing indexing maps (generic rule).
func.func @dynamic(%a: tensor<?x?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %a, %c0 : tensor<?x?xf64>
  %k = tensor.dim %a, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %ekk = tensor.empty(%k, %k) : tensor<?x?xf64>
  %zkk = linalg.fill ins(%zero : f64) outs(%ekk : tensor<?x?xf64>) -> tensor<?x?xf64>
  %ata = linalg.matmul indexing_maps = [affine_map<(m, n, l) -> (l, m)>, affine_map<(m, n, l) -> (l, n)>, affine_map<(m, n, l) -> (m, n)>]
      ins(%a, %a : tensor<?x?xf64>, tensor<?x?xf64>) outs(%zkk : tensor<?x?xf64>) -> tensor<?x?xf64>
  %enk = tensor.empty(%n, %k) : tensor<?x?xf64>
  %znk = linalg.fill ins(%zero : f64) outs(%enk : tensor<?x?xf64>) -> tensor<?x?xf64>
  %m = linalg.matmul ins(%a, %ata : tensor<?x?xf64>, tensor<?x?xf64>) outs(%znk : tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = func.call @tanh_sum(%m) : (tensor<?x?xf64>) -> f64
  return %r : f64
}

// batch_matmul: r = sum(tanh(X Y)) over a batch of 2.
func.func @batch(%x: tensor<2x2x3xf64>, %y: tensor<2x3x2xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<2x2x2xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2x2x2xf64>) -> tensor<2x2x2xf64>
  %m = linalg.batch_matmul ins(%x, %y : tensor<2x2x3xf64>, tensor<2x3x2xf64>) outs(%z : tensor<2x2x2xf64>) -> tensor<2x2x2xf64>
  %flat = tensor.collapse_shape %m [[0, 1], [2]] : tensor<2x2x2xf64> into tensor<4x2xf64>
  %d = tensor.cast %flat : tensor<4x2xf64> to tensor<?x?xf64>
  %r = func.call @tanh_sum(%d) : (tensor<?x?xf64>) -> f64
  return %r : f64
}
