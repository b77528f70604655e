// An op with an active result and no derivative rule: one line naming the
// op, its location and why it has no rule, exit status 1. The primal still
// runs.

// RUN: not rewind-run %s --entry f --args '[0.5]' --grad 2>&1 | FileCheck %s --check-prefix=GRAD
// GRAD: rewind-run: error: {{.*}}no-rule.mlir:[[# @LINE + 9]]:8: no derivative rule for 'func.call_indirect': the callee is not known when compiling: call it by name (func.call){{$}}
// GRAD-NOT: {{.}}
// RUN: not rewind-run %s --entry f --args '[0.5]' --grad --json 2>/dev/null | count 0

// RUN: rewind-run %s --entry f --args '[0.5]' | FileCheck %s --check-prefix=PRIMAL
// PRIMAL: result #0: f64 = 0.25

func.func @f(%x: f64) -> f64 {
  %g = func.constant @sq : (f64) -> f64
  %0 = func.call_indirect %g(%x) : (f64) -> f64
  return %0 : f64
}
func.func @sq(%x: f64) -> f64 {
  %0 = arith.mulf %x, %x : f64
  return %0 : f64
}
