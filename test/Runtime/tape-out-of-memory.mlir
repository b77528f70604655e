// An allocation of compiled code that fails (16 GB of tape under a 4 GB
// address-space limit) is a clean error naming the loop, not a crash.
// (Sanitizers reserve more address space than any such limit.)
// UNSUPPORTED: sanitizer
// RUN: not sh -c "ulimit -v 4000000; rewind-run %s --entry longfor --args '[0.5, 2000000000]' --grad --json" 2>&1 | FileCheck %s
// CHECK: rewind-run: error: out of memory while saving the tape of the scf.for at {{.*}}tape-out-of-memory.mlir:[[@LINE+5]]:8: 16000000000 bytes

func.func @longfor(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> f64 {
    %s = math.sin %a : f64
    scf.yield %s : f64
  }
  return %r : f64
}
