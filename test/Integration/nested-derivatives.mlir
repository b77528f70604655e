// Derivatives of code that takes derivatives, in every order: a loop of
// gradient steps on y (each step a tape.grad, or a tape.jvp, of f), then f;
// differentiated with respect to x in reverse mode (--grad) and in forward
// mode (--jvp). Forward over reverse: rewind-forward-mode leaves the
// tape.jvp whose callee holds a tape.grad to rewind-reverse-mode, which
// answers it once the tape.grad is answered. Each checked against central
// finite differences, and the four orders agree.
// RUN: rewind-run %s --entry steps_r --args '[0.7]' --grad --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=RR
// RUN: rewind-run %s --entry steps_r --args '[0.7]' --jvp '[1.0]' --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=FR
// RUN: rewind-run %s --entry steps_f --args '[0.7]' --grad --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=RR
// RUN: rewind-run %s --entry steps_f --args '[0.7]' --jvp '[1.0]' --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=FR
// RR: {"value": 0.0813538850069448{{[0-9]*}}, "gradient": [0.200109529526706{{[0-9]*}}], "max_rel_error"
// FR: {"value": 0.0813538850069448{{[0-9]*}}, "tangent": 0.200109529526706{{[0-9]*}}, "max_rel_error"
// The order of the lowering: the inner request is answered first.
// RUN: rewind-opt %s --rewind-forward-mode | FileCheck %s --check-prefix=DEFER
// DEFER-LABEL: func.func @caller
// DEFER: tape.jvp @steps_r

func.func @f(%x: f64, %y: f64) -> f64 {
  %a = arith.mulf %x, %y : f64
  %b = math.sin %a : f64
  %c = arith.mulf %b, %y : f64
  return %c : f64
}

// y <- y - 0.1 df/dy (x, y), five times from y = x; then f(x, y).
func.func @steps_r(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %eta = arith.constant 0.1 : f64
  %y = scf.for %i = %c0 to %c5 step %c1 iter_args(%y = %x) -> (f64) {
    %g = tape.grad @f(%x, %y) wrt [1] : (f64, f64) -> f64
    %s = arith.mulf %eta, %g : f64
    %n = arith.subf %y, %s : f64
    scf.yield %n : f64
  }
  %r = func.call @f(%x, %y) : (f64, f64) -> f64
  return %r : f64
}

// The same, df/dy by forward mode.
func.func @steps_f(%x: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %eta = arith.constant 0.1 : f64
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %y = scf.for %i = %c0 to %c5 step %c1 iter_args(%y = %x) -> (f64) {
    %v, %g = tape.jvp @f(%x, %y) tangents(%zero, %one) : (f64, f64), (f64, f64) -> f64, f64
    %s = arith.mulf %eta, %g : f64
    %n = arith.subf %y, %s : f64
    scf.yield %n : f64
  }
  %r = func.call @f(%x, %y) : (f64, f64) -> f64
  return %r : f64
}

func.func @caller(%x: f64, %t: f64) -> (f64, f64) {
  %v, %d = tape.jvp @steps_r(%x) tangents(%t) : (f64), (f64) -> f64, f64
  return %v, %d : f64, f64
}
