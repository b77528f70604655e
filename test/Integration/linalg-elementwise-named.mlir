// Elementwise named linalg ops, generalized before differentiation, f64:
// linalg.add, sub, mul, div, max, min, powf; exp, log, tanh, sqrt, abs, rsqrt,
// square, erf, negf, reciprocal, floor, ceil, round; linalg.elementwise with
// kinds exp, mul, log, sub; linalg.select on a mask computed by a generic.
// The data has no ties for max/min and no element at a kink of abs.
// RUN: rewind-run %s --entry binary --args '[[0.55, 1.25, 0.8, 2.1], [0.9, -0.4, 1.3, 0.6]]' --grad --json | FileCheck %s --check-prefix=BIN
// RUN: rewind-run %s --entry binary --args '[[0.55, 1.25, 0.8, 2.1], [0.9, -0.4, 1.3, 0.6]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=BIN,BIN-FD
// RUN: rewind-run %s --entry unary --args '[[0.55, 1.25, 0.8, 2.1]]' --grad --json | FileCheck %s --check-prefix=UN
// RUN: rewind-run %s --entry unary --args '[[0.55, 1.25, 0.8, 2.1]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=UN,UN-FD
// RUN: rewind-run %s --entry elementwise --args '[[0.5, -1.25, 0.8, 0.1], [0.9, 0.4, 1.3, 0.6]]' --grad --json | FileCheck %s --check-prefix=EW
// RUN: rewind-run %s --entry elementwise --args '[[0.5, -1.25, 0.8, 0.1], [0.9, 0.4, 1.3, 0.6]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=EW,EW-FD

// BIN: {"value": 19.77034737{{[0-9]*}}, "gradient": [
// BIN-SAME: [0.4300100496{{[0-9]*}}, 4.333847881{{[0-9]*}}, 1.778710392{{[0-9]*}}, 5.674718010{{[0-9]*}}],
// BIN-SAME: [2.042381058{{[0-9]*}}, -0.5143180379{{[0-9]*}}, 3.117258180{{[0-9]*}}, -0.9757300517{{[0-9]*}}]
// BIN-SAME: ]
// BIN-FD-SAME: "max_rel_error":

// UN: {"value": 52.03087218{{[0-9]*}}, "gradient": [
// UN-SAME: [-0.2903254863{{[0-9]*}}, 7.283679420{{[0-9]*}}, 2.337356061{{[0-9]*}}, 13.84084186{{[0-9]*}}]
// UN-SAME: ]
// UN-FD-SAME: "max_rel_error":

// EW: {"value": -1.420112606{{[0-9]*}}, "gradient": [
// EW-SAME: [-{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}, -{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}, -{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}, -{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}],
// EW-SAME: [1.111111111{{[0-9]*}}, {{(2\.5(0{8}[0-9]*)?|2\.49{8}[0-9]*)}}, 0.7692307692{{[0-9]*}}, 1.666666666{{[0-9]*}}]
// EW-SAME: ]
// EW-FD-SAME: "max_rel_error":

#id = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>

func.func private @total(%t: tensor<4xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%t : tensor<4xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %in, %acc : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Binary named ops: r = sum(((x + y) * (x - y)) / (1 + y*y)
//                         + max(x, y) * 2 - min(x, y) + powf(p, x))
// with p = y*y + 1 > 0.
func.func @binary(%x: tensor<4xf64>, %y: tensor<4xf64>) -> f64 {
  %e = tensor.empty() : tensor<4xf64>
  %one = arith.constant 1.0 : f64
  %two = arith.constant 2.0 : f64
  %ones = linalg.fill ins(%one : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %twos = linalg.fill ins(%two : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %add = linalg.add ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %sub = linalg.sub ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %mul = linalg.mul ins(%add, %sub : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %yy = linalg.mul ins(%y, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %p = linalg.add ins(%yy, %ones : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %div = linalg.div ins(%mul, %p : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %mx = linalg.max ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %mn = linalg.min ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %mx2 = linalg.mul ins(%mx, %twos : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %d1 = linalg.sub ins(%mx2, %mn : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %pw = linalg.powf ins(%p, %x : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %s1 = linalg.add ins(%div, %d1 : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %s2 = linalg.add ins(%s1, %pw : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %r = func.call @total(%s2) : (tensor<4xf64>) -> f64
  return %r : f64
}

// Unary named ops on x > 0: r = sum(exp(x) + log(x) + tanh(x) + sqrt(x)
//   + abs(x - 1) + rsqrt(x) + square(x) + negf(erf(x)) + reciprocal(x)
//   + floor(x) + ceil(x) + round(x))   (the last three have zero derivative)
func.func @unary(%x: tensor<4xf64>) -> f64 {
  %e = tensor.empty() : tensor<4xf64>
  %one = arith.constant 1.0 : f64
  %ones = linalg.fill ins(%one : f64) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %exp = linalg.exp ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %log = linalg.log ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %tanh = linalg.tanh ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %sqrt = linalg.sqrt ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %xm1 = linalg.sub ins(%x, %ones : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %abs = linalg.abs ins(%xm1 : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %rsqrt = linalg.rsqrt ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %sq = linalg.square ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %erf = linalg.erf ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %nerf = linalg.negf ins(%erf : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %rec = linalg.reciprocal ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %fl = linalg.floor ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %ce = linalg.ceil ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %ro = linalg.round ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a1 = linalg.add ins(%exp, %log : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a2 = linalg.add ins(%a1, %tanh : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a3 = linalg.add ins(%a2, %sqrt : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a4 = linalg.add ins(%a3, %abs : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a5 = linalg.add ins(%a4, %rsqrt : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a6 = linalg.add ins(%a5, %sq : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a7 = linalg.add ins(%a6, %nerf : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a8 = linalg.add ins(%a7, %rec : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a9 = linalg.add ins(%a8, %fl : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a10 = linalg.add ins(%a9, %ce : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %a11 = linalg.add ins(%a10, %ro : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %r = func.call @total(%a11) : (tensor<4xf64>) -> f64
  return %r : f64
}

// linalg.elementwise with kinds, including a select on a comparison mask:
// r = sum(select(x > y, exp(x) * y, log(y) - x)), y > 0.
func.func @elementwise(%x: tensor<4xf64>, %y: tensor<4xf64>) -> f64 {
  %e = tensor.empty() : tensor<4xf64>
  %ex = linalg.elementwise kind=#linalg.elementwise_kind<exp> ins(%x : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %m = linalg.elementwise kind=#linalg.elementwise_kind<mul> ins(%ex, %y : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %ly = linalg.elementwise kind=#linalg.elementwise_kind<log> ins(%y : tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %d = linalg.elementwise kind=#linalg.elementwise_kind<sub> ins(%ly, %x : tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %eb = tensor.empty() : tensor<4xi1>
  %gt = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<4xf64>, tensor<4xf64>) outs(%eb : tensor<4xi1>) {
  ^bb0(%a: f64, %b: f64, %o: i1):
    %c = arith.cmpf ogt, %a, %b : f64
    linalg.yield %c : i1
  } -> tensor<4xi1>
  %s = linalg.select ins(%gt, %m, %d : tensor<4xi1>, tensor<4xf64>, tensor<4xf64>) outs(%e : tensor<4xf64>) -> tensor<4xf64>
  %r = func.call @total(%s) : (tensor<4xf64>) -> f64
  return %r : f64
}
