// Named structured ops, generalized to linalg.generic before differentiation,
// f64, static and dynamic: linalg.fill (of an active scalar, also into a 0-d
// init), linalg.map (binary and unary bodies), linalg.copy, linalg.transpose,
// linalg.broadcast, linalg.reduce (sums over one or all dimensions, and a max
// with an active init that wins in column 1).
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.7, [0.9, -0.4, 1.3], [0.2, 0.6, -1.0]]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7]], 0.7, [0.9, -0.4, 1.3], [0.2, 0.6, -1.0]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], -0.8]' --grad --json | FileCheck %s --check-prefix=DYN
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8, 0.1], [1.1, 0.3, -0.7, -0.45], [0.2, 0.65, -0.15, 0.9]], -0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=DYN,DYN-FD

// F: {"value": 27.00324420{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}5.068006791{{[0-9]*}}, 0.005904473886{{[0-9]*}}, 18.94635829{{[0-9]*}}], [24.91714886{{[0-9]*}}, 0.8639318785{{[0-9]*}}, 1.312332460{{[0-9]*}}]],
// F-SAME: 25.49579698{{[0-9]*}},
// F-SAME: [11.83343436{{[0-9]*}}, 1.020648095{{[0-9]*}}, 7.941278231{{[0-9]*}}],
// F-SAME: [{{-?}}0.0, 0.6953034353{{[0-9]*}}, {{-?}}0.0]
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// DYN: {"value": -3.252013764{{[0-9]*}}, "gradient": [
// DYN-SAME: {{\[\[}}-2.477136638{{[0-9]*}}, 0.1491922362{{[0-9]*}}, 0.08974071839{{[0-9]*}}, -0.7887210093{{[0-9]*}}], [-1.966416097{{[0-9]*}}, 0.2750884147{{[0-9]*}}, 0.09218353569{{[0-9]*}}, -0.7390890369{{[0-9]*}}], [-2.648772925{{[0-9]*}}, 0.2336310418{{[0-9]*}}, 0.101934663{{[0-9]*}}, -0.6240711191{{[0-9]*}}]],
// DYN-SAME: 3.184303228{{[0-9]*}}
// DYN-SAME: ]
// DYN-FD-SAME: "max_rel_error":

// fill with an active scalar, map with two inputs and with a math op, reduce
// (sum over one dimension, max over another), broadcast, transpose, copy.
// f = fill(s) (2x3); m = map(x, f){mulf}; e = map(m){exp}; c = copy(e)
// tr = transpose(c) (3x2); b = broadcast(v, dims=[1]) (3x2)
// p = map(tr, b){addf}; rs = reduce(p, dims=[1]){addf} (3)
// mx = reduce(x, dims=[0]){maximumf} (3), init from an active argument
// r = sum(rs * mx) via a 1-d reduce to 0-d (dims = [0])
func.func @f(%x: tensor<2x3xf64>, %s: f64, %v: tensor<3xf64>, %m0: tensor<3xf64>) -> f64 {
  %e = tensor.empty() : tensor<2x3xf64>
  %fl = linalg.fill ins(%s : f64) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %m = linalg.map { arith.mulf } ins(%x, %fl : tensor<2x3xf64>, tensor<2x3xf64>) outs(%e : tensor<2x3xf64>)
  %ex = linalg.map { math.exp } ins(%m : tensor<2x3xf64>) outs(%e : tensor<2x3xf64>)
  %c = linalg.copy ins(%ex : tensor<2x3xf64>) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %et = tensor.empty() : tensor<3x2xf64>
  %tr = linalg.transpose ins(%c : tensor<2x3xf64>) outs(%et : tensor<3x2xf64>) permutation = [1, 0]
  %b = linalg.broadcast ins(%v : tensor<3xf64>) outs(%et : tensor<3x2xf64>) dimensions = [1]
  %p = linalg.map { arith.addf } ins(%tr, %b : tensor<3x2xf64>, tensor<3x2xf64>) outs(%et : tensor<3x2xf64>)
  %zero = arith.constant 0.0 : f64
  %e3 = tensor.empty() : tensor<3xf64>
  %z3 = linalg.fill ins(%zero : f64) outs(%e3 : tensor<3xf64>) -> tensor<3xf64>
  %rs = linalg.reduce ins(%p : tensor<3x2xf64>) outs(%z3 : tensor<3xf64>) dimensions = [1]
    (%in: f64, %acc: f64) {
      %sq = arith.mulf %in, %in : f64
      %a = arith.addf %sq, %acc : f64
      linalg.yield %a : f64
    }
  %mx = linalg.reduce ins(%x : tensor<2x3xf64>) outs(%m0 : tensor<3xf64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.maximumf %in, %acc : f64
      linalg.yield %a : f64
    }
  %prod = linalg.map { arith.mulf } ins(%rs, %mx : tensor<3xf64>, tensor<3xf64>) outs(%e3 : tensor<3xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %tot = linalg.reduce ins(%prod : tensor<3xf64>) outs(%z0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %in, %acc : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %tot[] : tensor<f64>
  return %r : f64
}

// The same ops on dynamic shapes (tensor<?x?xf64>), with a 0-d fill read
// back with tensor.extract.
func.func @dynamic(%x: tensor<?x?xf64>, %s: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %m = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n, %m) : tensor<?x?xf64>
  %fl = linalg.fill ins(%s : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  %p = linalg.map { arith.mulf } ins(%x, %fl : tensor<?x?xf64>, tensor<?x?xf64>) outs(%e : tensor<?x?xf64>)
  %et = tensor.empty(%m, %n) : tensor<?x?xf64>
  %tr = linalg.transpose ins(%p : tensor<?x?xf64>) outs(%et : tensor<?x?xf64>) permutation = [1, 0]
  %zero = arith.constant 0.0 : f64
  %em = tensor.empty(%m) : tensor<?xf64>
  %zm = linalg.fill ins(%zero : f64) outs(%em : tensor<?xf64>) -> tensor<?xf64>
  %rs = linalg.reduce ins(%tr : tensor<?x?xf64>) outs(%zm : tensor<?xf64>) dimensions = [1]
    (%in: f64, %acc: f64) {
      %t = math.tanh %in : f64
      %a = arith.addf %t, %acc : f64
      linalg.yield %a : f64
    }
  %bc = linalg.broadcast ins(%rs : tensor<?xf64>) outs(%e : tensor<?x?xf64>) dimensions = [0]
  %q = linalg.map { arith.mulf } ins(%bc, %x : tensor<?x?xf64>, tensor<?x?xf64>) outs(%e : tensor<?x?xf64>)
  %e0 = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%s : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %tot = linalg.reduce ins(%q : tensor<?x?xf64>) outs(%s0 : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) {
      %a = arith.addf %in, %acc : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %tot[] : tensor<f64>
  return %r : f64
}
