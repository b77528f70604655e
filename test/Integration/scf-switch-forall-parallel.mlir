// scf.index_switch (a chain of scf.if), scf.execute_region (inlined),
// scf.forall with shared outputs (reversed in parallel: parallel-adjoint.mlir)
// and scf.parallel with scf.reduce (@par's product runs in order, as an
// scf.for nest) are differentiated; checked by finite differences and
// analytically.
// RUN: rewind-run %s --entry sw --args '[0.7, 0]' --grad --json | FileCheck %s --check-prefix=SW0
// SW0: {"value": 0.4899999{{[0-9]*}}, "gradient": [1.4, null]}
// RUN: rewind-run %s --entry sw --args '[0.7, 3]' --grad --json | FileCheck %s --check-prefix=SW3
// SW3: {"value": 2.099999{{[0-9]*}}, "gradient": [3.0, null]}
// RUN: rewind-run %s --entry sw --args '[0.7, 9]' --grad --json | FileCheck %s --check-prefix=SWD
// SWD: "gradient": [1.764842187284488{{[0-9]*}}, null]
// RUN: rewind-run %s --entry swloop --args '[0.3]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry region --args '[0.3, 1.2]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// Data reaches the results through parallel_insert_slice and scf.reduce:
// no argument is reported unconnected.
// RUN: rewind-run %s --entry forall --args '[[0.5, -1, 2, 0.25, 3, 1.5, -0.5], [1, 2, 3]]' --grad --check --check-tolerance=1e-8 --unconnected=error | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry forall --args '[[0.5, -1, 2, 0.25, 3, 1.5, -0.5], [1, 2, 3]]' --grad --check --check-tolerance=1e-8 --vectorize=false | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry par --args '[[0.5, -1, 2, 0.25, 3, 1.5, -0.5]]' --grad --check --check-tolerance=1e-8 --unconnected=error | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry par2d --args '[[[0.5, -1, 2], [0.25, 3, 1.5]]]' --grad --check --check-tolerance=1e-3 --unconnected=error | FileCheck %s --check-prefix=FD
// FD: check: max relative error

// case 0: x^2; case 3: 3x; default: sin(x) + x
func.func @sw(%x: f64, %k: index) -> f64 {
  %r = scf.index_switch %k -> f64
  case 0 {
    %s = arith.mulf %x, %x : f64
    scf.yield %s : f64
  }
  case 3 {
    %c3 = arith.constant 3.0 : f64
    %s = arith.mulf %x, %c3 : f64
    scf.yield %s : f64
  }
  default {
    %s = math.sin %x : f64
    %t = arith.addf %s, %x : f64
    scf.yield %t : f64
  }
  return %r : f64
}

// A switch on the iteration number inside a loop (saved on the tape).
func.func @swloop(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  %r = scf.for %i = %c0 to %c7 step %c1 iter_args(%a = %x) -> f64 {
    %k = arith.remui %i, %c3 : index
    %n = scf.index_switch %k -> f64
    case 0 {
      %s = math.sin %a : f64
      scf.yield %s : f64
    }
    case 1 {
      %s = arith.mulf %a, %x : f64
      scf.yield %s : f64
    }
    default {
      %s = math.exp %a : f64
      scf.yield %s : f64
    }
    scf.yield %n : f64
  }
  return %r : f64
}

func.func @region(%x: f64, %y: f64) -> f64 {
  %r = scf.execute_region -> f64 {
    %p = arith.mulf %x, %y : f64
    %s = math.sin %p : f64
    scf.yield %s : f64
  }
  %t = arith.addf %r, %x : f64
  return %t : f64
}

// out[i] = w[i mod 3] * tanh(x[i]), written by parallel_insert_slice;
// the result is sum(out * out).
func.func @forall(%x: tensor<?xf64>, %w: tensor<3xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %out = scf.forall (%i) in (%n) shared_outs(%o = %e) -> tensor<?xf64> {
    %xi = tensor.extract %x[%i] : tensor<?xf64>
    %j = arith.remui %i, %c3 : index
    %wj = tensor.extract %w[%j] : tensor<3xf64>
    %t = math.tanh %xi : f64
    %v = arith.mulf %t, %wj : f64
    %s = tensor.from_elements %v : tensor<1xf64>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf64> into tensor<?xf64>
    }
  }
  %z = arith.constant 0.0 : f64
  %init = tensor.from_elements %z : tensor<f64>
  %sq = linalg.reduce ins(%out : tensor<?xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %p = arith.mulf %in, %in : f64
      %t = arith.addf %p, %acc : f64
      linalg.yield %t : f64
    }
  %r = tensor.extract %sq[] : tensor<f64>
  return %r : f64
}

// A sum and a product reduced by scf.parallel: sum(sin x) * prod(1 + x^2 / 4).
func.func @par(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %q = arith.constant 0.25 : f64
  %s, %p = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero, %one) -> (f64, f64) {
    %xi = tensor.extract %x[%i] : tensor<?xf64>
    %si = math.sin %xi : f64
    %x2 = arith.mulf %xi, %xi : f64
    %x2q = arith.mulf %x2, %q : f64
    %pi = arith.addf %x2q, %one : f64
    scf.reduce(%si, %pi : f64, f64) {
    ^bb0(%l: f64, %r: f64):
      %a = arith.addf %l, %r : f64
      scf.reduce.return %a : f64
    }, {
    ^bb0(%l: f64, %r: f64):
      %m = arith.mulf %l, %r : f64
      scf.reduce.return %m : f64
    }
  }
  %r = arith.mulf %s, %p : f64
  return %r : f64
}

// Two parallel dimensions, f32, a max reduction.
func.func @par2d(%x: tensor<2x3xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %lowest = arith.constant -1.0e30 : f32
  %m = scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c3) step (%c1, %c1) init (%lowest) -> f32 {
    %v = tensor.extract %x[%i, %j] : tensor<2x3xf32>
    %e = math.exp %v : f32
    %ev = arith.mulf %e, %v : f32
    scf.reduce(%ev : f32) {
    ^bb0(%l: f32, %r: f32):
      %a = arith.maximumf %l, %r : f32
      scf.reduce.return %a : f32
    }
  }
  return %m : f32
}
