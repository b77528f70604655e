// Tensors carried by scf.while (the condition reads the carried tensor) and
// yielded by scf.if (two tensor results, on dynamic shapes), and an scf.if
// yielding a tensor inside an scf.for that carries it; f64.
// while: v <- v * x + 0.5 while sum(v) < 6; r = sum(v^2) (3 iterations here)
// if:    (a, b) = flag ? (exp(x), x*y) : (y, sin(x)); r = sum(a*b) + sum(a)
// if_in_loop: 5 iterations of v <- sin(v) (even i) or v * x (odd i); r = sum(v)
// RUN: rewind-run %s --entry while --args '[[0.2, -0.1, 0.3], [1.3, 0.9, 1.6], 6.0]' --grad --wrt 0,1 --json | FileCheck %s --check-prefix=WHILE
// RUN: rewind-run %s --entry while --args '[[0.2, -0.1, 0.3], [1.3, 0.9, 1.6], 6.0]' --grad --wrt 0,1 --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=WHILE,WHILE-FD
// RUN: rewind-run %s --entry if --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], true]' --grad --json | FileCheck %s --check-prefix=IFT
// RUN: rewind-run %s --entry if --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], true]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=IFT,IFT-FD
// RUN: rewind-run %s --entry if --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], false]' --grad --json | FileCheck %s --check-prefix=IFF
// RUN: rewind-run %s --entry if --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], false]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=IFF,IFF-FD
// RUN: rewind-run %s --entry if_in_loop --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], 5]' --grad --json | FileCheck %s --check-prefix=LOOP
// RUN: rewind-run %s --entry if_in_loop --args '[[0.4, -0.7, 1.2, 0.25], [1.1, 0.35, -0.6, 0.8], 5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=LOOP,LOOP-FD

// WHILE: {"value": 22.0770412{{[0-9]*}}, "gradient": [
// WHILE-SAME: [10.696753{{[0-9]*}}, {{(1\.8693018(0{4}[0-9]*)?|1\.86930179{4}[0-9]*)}}, 31.201689{{[0-9]*}}],
// WHILE-SAME: [13.700803{{[0-9]*}}, {{(2\.9667794(0{4}[0-9]*)?|2\.96677939{4}[0-9]*)}}, 33.547910{{[0-9]*}}],
// WHILE-SAME: null
// WHILE-SAME: ]
// WHILE-FD-SAME: "max_rel_error":

// IFT: {"value": 4.993612707{{[0-9]*}}, "gradient": [
// IFT-SAME: [3.78923473{{[0-9]*}}, 0.5487267606{{[0-9]*}}, -1.062437415{{[0-9]*}}, 2.568050833{{[0-9]*}}],
// IFT-SAME: [0.5967298790{{[0-9]*}}, -0.3476097126{{[0-9]*}}, 3.984140307{{[0-9]*}}, 0.3210063541{{[0-9]*}}],
// IFT-SAME: null
// IFT-SAME: ]
// IFT-FD-SAME: "max_rel_error":

// IFF: {"value": 1.491583701{{[0-9]*}}, "gradient": [
// IFF-SAME: [1.013167093{{[0-9]*}}, 0.2676947655{{[0-9]*}}, -0.2174146526{{[0-9]*}}, 0.7751299373{{[0-9]*}}],
// IFF-SAME: [1.389418342{{[0-9]*}}, 0.3557823127{{[0-9]*}}, 1.932039085{{[0-9]*}}, 1.247403959{{[0-9]*}}],
// IFF-SAME: null
// IFF-SAME: ]
// IFF-FD-SAME: "max_rel_error":

// LOOP: {"value": 0.8326414471{{[0-9]*}}, "gradient": [
// LOOP-SAME: [0.9097903021{{[0-9]*}}, 0.09104214456{{[0-9]*}}, 0.1050221741{{[0-9]*}}, 0.6004906218{{[0-9]*}}],
// LOOP-SAME: [0.7224533516{{[0-9]*}}, -0.4419828125{{[0-9]*}}, -0.9540978379{{[0-9]*}}, 0.3858686296{{[0-9]*}}],
// LOOP-SAME: null
// LOOP-SAME: ]
// LOOP-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

func.func private @sum(%t: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%t : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %u = arith.addf %acc, %p : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// while sum(v) < limit: v <- v * x + 0.5 (elementwise, x a tensor argument);
// the condition reads the carried tensor. r = sum(v * v).
func.func @while(%v0: tensor<3xf64>, %x: tensor<3xf64>, %limit: f64) -> f64 {
  %r = scf.while (%v = %v0) : (tensor<3xf64>) -> tensor<3xf64> {
    %vd = tensor.cast %v : tensor<3xf64> to tensor<?xf64>
    %s = func.call @sum(%vd) : (tensor<?xf64>) -> f64
    %go = arith.cmpf olt, %s, %limit : f64
    scf.condition(%go) %v : tensor<3xf64>
  } do {
  ^bb0(%v: tensor<3xf64>):
    %e = tensor.empty() : tensor<3xf64>
    %n = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
        ins(%v, %x : tensor<3xf64>, tensor<3xf64>) outs(%e : tensor<3xf64>) {
    ^bb0(%p: f64, %q: f64, %o: f64):
      %m = arith.mulf %p, %q : f64
      %h = arith.constant 0.5 : f64
      %a = arith.addf %m, %h : f64
      linalg.yield %a : f64
    } -> tensor<3xf64>
    scf.yield %n : tensor<3xf64>
  }
  %e = tensor.empty() : tensor<3xf64>
  %sq = linalg.mul ins(%r, %r : tensor<3xf64>, tensor<3xf64>) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  %sqd = tensor.cast %sq : tensor<3xf64> to tensor<?xf64>
  %out = func.call @sum(%sqd) : (tensor<?xf64>) -> f64
  return %out : f64
}

// scf.if yielding two tensors: (exp(x), x * y) or (y, sin(x)).
// r = sum(a * b) + sum(a)
func.func @if(%x: tensor<?xf64>, %y: tensor<?xf64>, %flag: i1) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %a, %b = scf.if %flag -> (tensor<?xf64>, tensor<?xf64>) {
    %ex = linalg.exp ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
    %xy = linalg.mul ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
    scf.yield %ex, %xy : tensor<?xf64>, tensor<?xf64>
  } else {
    %sn = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%p: f64, %o: f64):
      %s = math.sin %p : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    scf.yield %y, %sn : tensor<?xf64>, tensor<?xf64>
  }
  %ab = linalg.mul ins(%a, %b : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %s0 = func.call @sum(%ab) : (tensor<?xf64>) -> f64
  %s1 = func.call @sum(%a) : (tensor<?xf64>) -> f64
  %r = arith.addf %s0, %s1 : f64
  return %r : f64
}

// scf.if on the parity of the induction variable inside a loop carrying a
// tensor: v <- sin(v) on even i, v <- v * x on odd i. r = sum(v).
func.func @if_in_loop(%v0: tensor<?xf64>, %x: tensor<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %len = tensor.dim %v0, %c0 : tensor<?xf64>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %v0) -> (tensor<?xf64>) {
    %par = arith.remui %i, %c2 : index
    %even = arith.cmpi eq, %par, %c0 : index
    %e = tensor.empty(%len) : tensor<?xf64>
    %next = scf.if %even -> (tensor<?xf64>) {
      %s = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
          ins(%v : tensor<?xf64>) outs(%e : tensor<?xf64>) {
      ^bb0(%p: f64, %o: f64):
        %t = math.sin %p : f64
        linalg.yield %t : f64
      } -> tensor<?xf64>
      scf.yield %s : tensor<?xf64>
    } else {
      %m = linalg.mul ins(%v, %x : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
      scf.yield %m : tensor<?xf64>
    }
    scf.yield %next : tensor<?xf64>
  }
  %out = func.call @sum(%r) : (tensor<?xf64>) -> f64
  return %out : f64
}
