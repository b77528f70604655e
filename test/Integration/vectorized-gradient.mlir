// The gradient of a tensor program runs as packed SIMD code in the host's
// widest registers (zmm with AVX-512, ymm with AVX2), and exp/log/tanh are
// computed in vector registers, not by per-element libm calls.
// RUN: rewind-run %s --entry f --grad --emit=asm | FileCheck %s --check-prefix=ASM -DREG=%simd_reg
// ASM: vfmadd{{[0-9]+}}pd {{.*}}[[REG]]
// ASM-NOT: call{{.*}}{{exp|log|tanh}}
// Either kind of code can be generated on any host, so both are checked on
// every machine: AVX2 (16 ymm registers, no zmm) and AVX-512.
// RUN: rewind-run %s --entry f --grad --emit=asm --target-cpu=haswell | FileCheck %s --check-prefix=AVX2
// AVX2: vfmadd{{[0-9]+}}pd {{.*}}ymm
// AVX2-NOT: zmm
// RUN: rewind-run %s --entry f --grad --emit=asm --target-cpu=skylake-avx512 | FileCheck %s --check-prefix=ASM -DREG=zmm
// RUN: not rewind-run %s --entry f --grad --emit=asm --target-cpu=pentium9 2>&1 | FileCheck %s --check-prefix=BADCPU
// BADCPU: rewind-run: error: unknown target CPU 'pentium9'
// And it computes the right numbers (odd size: partial vectors are masked).
// RUN: rewind-run %s --entry f --args '[[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1], [0.5,0.4,0.3,0.2,0.1,0.0,-0.1,0.2,0.3,0.4,0.9]]' --grad --check --check-tolerance=1e-8 | FileCheck %s
// CHECK: check: max relative error
#m = affine_map<(d0) -> (d0)>
#s = affine_map<(d0) -> ()>
func.func @f(%a: tensor<?xf64>, %b: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %y = linalg.generic {indexing_maps = [#m, #m, #m], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%x: f64, %z: f64, %o: f64):
    %ex = math.exp %x : f64
    %t = math.tanh %z : f64
    %m1 = arith.mulf %ex, %t : f64
    %r = arith.addf %m1, %x : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#m, #s], iterator_types = ["reduction"]}
      ins(%y : tensor<?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%x: f64, %acc: f64):
    %l = math.log %x : f64
    %r = arith.addf %acc, %l : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
