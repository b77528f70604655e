// Multiply-adds become FMA instructions in scalar code as in vectorized
// code (rewind-allow-contraction, as -ffp-contract=fast), primal and
// adjoint; --fp-contract=false keeps IEEE's separately rounded results.
// RUN: rewind-run %s --entry f --grad --vectorize=false --emit=asm --target-cpu=haswell | FileCheck %s --check-prefix=FMA
// FMA: vfmadd{{[0-9]+}}sd
// RUN: rewind-run %s --entry f --grad --vectorize=false --emit=asm --target-cpu=haswell --fp-contract=false | FileCheck %s --check-prefix=NOFMA
// NOFMA-NOT: vfmadd
// RUN: rewind-run %s --entry f --args '[1.5, -0.25, 3.0]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=CHECK
// CHECK: value: f64 = 9.66015625
// CHECK: check: max relative error
// RUN: not rewind-run %s --entry f --args '[1.5, -0.25, 3.0]' --vector-bits=100 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: rewind-run: error: --vector-bits must be 128, 256 or 512, not 100
func.func @f(%a: f64, %b: f64, %c: f64) -> f64 {
  %m = arith.mulf %a, %b : f64
  %s = arith.addf %m, %c : f64
  %t = arith.mulf %s, %a : f64
  %r = arith.addf %t, %b : f64
  %q = arith.mulf %r, %r : f64
  %u = arith.subf %q, %t : f64
  return %u : f64
}
