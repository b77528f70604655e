// --check-tolerance: the run fails (exit code 3) when the finite-difference error
// of an f32 function exceeds an impossibly small tolerance, and passes with a
// realistic one. The gradient is still printed when the check fails.
// f(x) = x * exp(x) on f32: f'(x) = (1 + x) exp(x)
// RUN: rewind-run %s --entry f --args '[0.5]' --grad --check --check-tolerance=1e-2 | FileCheck %s
// RUN: not rewind-run %s --entry f --args '[0.5]' --grad --check --check-tolerance=1e-12 2>/dev/null | FileCheck %s
// RUN: not rewind-run %s --entry f --args '[0.5]' --grad --check --check-tolerance=1e-12 2>&1 >/dev/null | FileCheck %s --check-prefix=FAIL
// RUN: rewind-run %s --entry f --args '[0.5]' --grad --check --check-tolerance=1e-12 >/dev/null 2>&1; test $? -eq 3

// CHECK: value: f32 = 0.82436{{[0-9]*}}
// CHECK-NEXT: gradient #0: f32 = 2.47308{{[0-9]*}}
// CHECK-NEXT: check: max relative error vs finite differences =

// FAIL: error: gradient differs from finite differences

func.func @f(%x: f32) -> f32 {
  %e = math.exp %x : f32
  %r = arith.mulf %x, %e : f32
  return %r : f32
}
