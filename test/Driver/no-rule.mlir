// An op with an active result and no derivative rule: one line naming the
// op and its location, exit status 1. The primal still runs.

// RUN: not rewind-run %s --entry f --args '[0.5]' --grad 2>&1 | FileCheck %s --check-prefix=GRAD
// GRAD: rewind-run: error: {{.*}}no-rule.mlir:[[# @LINE + 8]]:8: no derivative rule for 'math.atanh'{{$}}
// GRAD-NOT: {{.}}
// RUN: not rewind-run %s --entry f --args '[0.5]' --grad --json 2>/dev/null | count 0

// RUN: rewind-run %s --entry f --args '[0.5]' | FileCheck %s --check-prefix=PRIMAL
// PRIMAL: result #0: f64 = 0.549306144334{{[0-9]*}}

func.func @f(%x: f64) -> f64 {
  %0 = math.atanh %x : f64
  return %0 : f64
}
