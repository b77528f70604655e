// scf.for carrying a tensor, f64, static (linalg.matvec + linalg.tanh) and
// dynamic (a generic reduction over tensor<?x?xf64> + a generic tanh, with a
// scalar read inside the loop body). Each iteration's tensors are saved on
// tensor stacks (with their sizes when dynamic) for the reverse loop; trip
// counts 4 and 0 (the gradient of sum(x^2) then is 2x).
// RUN: rewind-run %s --entry static --args '[[0.5, -0.3, 0.8], [[0.6, -0.4, 0.2], [0.3, 0.9, -0.5], [-0.7, 0.1, 0.4]], [0.1, -0.2, 0.05], 4]' --grad --json | FileCheck %s --check-prefix=S4
// RUN: rewind-run %s --entry static --args '[[0.5, -0.3, 0.8], [[0.6, -0.4, 0.2], [0.3, 0.9, -0.5], [-0.7, 0.1, 0.4]], [0.1, -0.2, 0.05], 4]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=S4,S4-FD
// RUN: rewind-run %s --entry static --args '[[0.5, -0.3, 0.8], [[0.6, -0.4, 0.2], [0.3, 0.9, -0.5], [-0.7, 0.1, 0.4]], [0.1, -0.2, 0.05], 0]' --grad --json | FileCheck %s --check-prefix=S0
// RUN: rewind-run %s --entry static --args '[[0.5, -0.3, 0.8], [[0.6, -0.4, 0.2], [0.3, 0.9, -0.5], [-0.7, 0.1, 0.4]], [0.1, -0.2, 0.05], 0]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=S0,S0-FD
// RUN: rewind-run %s --entry dynamic --args '[[0.5, -0.3, 0.8, 0.25], [[0.6, -0.4, 0.2, 0.1], [0.3, 0.9, -0.5, -0.2], [-0.7, 0.1, 0.4, 0.3], [0.2, -0.6, 0.35, 0.5]], [0.1, -0.2, 0.05, 0.15], 0.8, 3]' --grad --json | FileCheck %s --check-prefix=D3
// RUN: rewind-run %s --entry dynamic --args '[[0.5, -0.3, 0.8, 0.25], [[0.6, -0.4, 0.2, 0.1], [0.3, 0.9, -0.5, -0.2], [-0.7, 0.1, 0.4, 0.3], [0.2, -0.6, 0.35, 0.5]], [0.1, -0.2, 0.05, 0.15], 0.8, 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=D3,D3-FD

// S4: {"value": 0.4162242144{{[0-9]*}}, "gradient": [
// S4-SAME: [-0.3932180118{{[0-9]*}}, -0.1826260872{{[0-9]*}}, 0.2650979436{{[0-9]*}}],
// S4-SAME: {{\[\[}}0.8381722897{{[0-9]*}}, -0.6362219244{{[0-9]*}}, -0.7017975309{{[0-9]*}}], [-0.6444324317{{[0-9]*}}, 0.5545839530{{[0-9]*}}, -0.05318683470{{[0-9]*}}], [-0.1498117675{{[0-9]*}}, 0.01456956240{{[0-9]*}}, 0.7203244704{{[0-9]*}}]],
// S4-SAME: [1.458715139{{[0-9]*}}, -1.131317768{{[0-9]*}}, -0.2761581405{{[0-9]*}}],
// S4-SAME: null
// S4-SAME: ]
// S4-FD-SAME: "max_rel_error":

// S0: {"value": {{(0\.98(0{8}[0-9]*)?|0\.979{8}[0-9]*)}}, "gradient": [
// S0-SAME: [{{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}, -{{(0\.6(0{9}[0-9]*)?|0\.59{9}[0-9]*)}}, {{(1\.6(0{8}[0-9]*)?|1\.59{8}[0-9]*)}}],
// S0-SAME: {{\[\[}}{{-?}}0.0, {{-?}}0.0, {{-?}}0.0], [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0], [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0]],
// S0-SAME: [{{-?}}0.0, {{-?}}0.0, {{-?}}0.0],
// S0-SAME: null
// S0-SAME: ]
// S0-FD-SAME: "max_rel_error":

// D3: {"value": 0.896437560{{[0-9]*}}, "gradient": [
// D3-SAME: [-0.5247996683{{[0-9]*}}, -0.3759241320{{[0-9]*}}, 0.4387618389{{[0-9]*}}, 0.3098824792{{[0-9]*}}],
// D3-SAME: {{\[\[}}0.3919565180{{[0-9]*}}, -0.4445392670{{[0-9]*}}, -0.1853672371{{[0-9]*}}, 0.5221663582{{[0-9]*}}], [-0.8665444494{{[0-9]*}}, 0.8226686994{{[0-9]*}}, -0.2991450743{{[0-9]*}}, -0.8802281122{{[0-9]*}}], [0.3154088374{{[0-9]*}}, -0.2350782639{{[0-9]*}}, 0.4513088097{{[0-9]*}}, 0.1939620843{{[0-9]*}}], [0.5203112328{{[0-9]*}}, -0.4978849771{{[0-9]*}}, 0.08836393566{{[0-9]*}}, 0.5560993429{{[0-9]*}}]],
// D3-SAME: [0.9115318102{{[0-9]*}}, -2.075493148{{[0-9]*}}, 0.7849075018{{[0-9]*}}, 1.238005619{{[0-9]*}}],
// D3-SAME: 2.425472348{{[0-9]*}},
// D3-SAME: null
// D3-SAME: ]
// D3-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>
#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
#col = affine_map<(i, j) -> (j)>

// v <- tanh(W v + b), n times, from v = x; r = sum(v^2).
func.func @static(%x: tensor<3xf64>, %w: tensor<3x3xf64>, %b: tensor<3xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> (tensor<3xf64>) {
    %e = tensor.empty() : tensor<3xf64>
    %m = linalg.matvec ins(%w, %v : tensor<3x3xf64>, tensor<3xf64>) outs(%b : tensor<3xf64>) -> tensor<3xf64>
    %t = linalg.tanh ins(%m : tensor<3xf64>) outs(%e : tensor<3xf64>) -> tensor<3xf64>
    scf.yield %t : tensor<3xf64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%v : tensor<3xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = arith.mulf %p, %p : f64
    %u = arith.addf %acc, %q : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// The same on dynamic shapes, the matrix-vector product a linalg.generic
// reduction, plus a scalar scale a read inside the loop: v <- tanh(a W v + b).
func.func @dynamic(%x: tensor<?xf64>, %w: tensor<?x?xf64>, %b: tensor<?xf64>, %a: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %len = tensor.dim %x, %c0 : tensor<?xf64>
  %v = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> (tensor<?xf64>) {
    %m = linalg.generic {indexing_maps = [#id2, #col, #row], iterator_types = ["parallel", "reduction"]}
        ins(%w, %v : tensor<?x?xf64>, tensor<?xf64>) outs(%b : tensor<?xf64>) {
    ^bb0(%p: f64, %q: f64, %acc: f64):
      %pq = arith.mulf %p, %q : f64
      %apq = arith.mulf %a, %pq : f64
      %u = arith.addf %acc, %apq : f64
      linalg.yield %u : f64
    } -> tensor<?xf64>
    %e = tensor.empty(%len) : tensor<?xf64>
    %t = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%m : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%p: f64, %o: f64):
      %h = math.tanh %p : f64
      linalg.yield %h : f64
    } -> tensor<?xf64>
    scf.yield %t : tensor<?xf64>
  }
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%v : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = arith.mulf %p, %p : f64
    %u = arith.addf %acc, %q : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
