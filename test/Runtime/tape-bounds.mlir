// The tape's sizes are checked at run time: a size that overflows, an
// allocation that fails and a tape over --max-tape-bytes are clean one-line
// errors naming the loop, never a crash or a corrupted heap; a failed call
// leaks nothing.
//
// A trip count of 2^62: 2^65 bytes of tape (8 * n wraps around 2^64).
// RUN: not rewind-run %s --entry longfor --args '[0.5, 4611686018427387904]' --grad --json --measure 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: measure: {{.*}} leaked 0 bytes
// OVERFLOW: rewind-run: error: the tape of the scf.for at {{.*}}tape-bounds.mlir:[[@LINE+33]]:8 would need more than 2^63 bytes (4611686018427387904 elements of 8 bytes)
//
// Nested loops of 2^32 iterations each: the capacity product saturates
// instead of wrapping to 0.
// RUN: not rewind-run %s --entry nested --args '[0.5, 4294967296]' --grad --json 2>&1 | FileCheck %s --check-prefix=NESTED
// NESTED: rewind-run: error: the tape of the scf.for at {{.*}}tape-bounds.mlir:[[@LINE+51]]:10 would need more than 2^63 bytes
//
// (An allocation that fails: tape-out-of-memory.mlir.)
// A loop that never ends grows its tape until the limit.
// RUN: not rewind-run %s --entry forever --args '[1.0]' --grad --json --max-tape-bytes=1000000 2>&1 | FileCheck %s --check-prefix=LIMIT
// LIMIT: rewind-run: error: the tape exceeds its limit of 1000000 bytes while saving the tape of the scf.while at {{.*}}tape-bounds.mlir:[[@LINE+31]]:8: it needs 1000008 bytes
//
// Under the limit, the same growable tape gives the right gradient:
// d/dx sin^n(x) by finite differences, 1000 iterations in 8000 bytes.
// RUN: rewind-run %s --entry longwhile --args '[0.5, 1000]' --grad --check --check-tolerance=1e-6 --max-tape-bytes=8192 --measure 2>&1 | FileCheck %s --check-prefix=FITS
// FITS: measure: {{.*}} leaked 0 bytes, peak tape 8192 bytes
// FITS: check: max relative error
// One byte less and it does not fit.
// RUN: not rewind-run %s --entry longwhile --args '[0.5, 1000]' --grad --max-tape-bytes=7999 2>&1 | FileCheck %s --check-prefix=TIGHT
// TIGHT: rewind-run: error: the tape exceeds its limit of 7999 bytes
//
// A fixed-size tape under the limit (exactly 8 bytes an iteration).
// RUN: rewind-run %s --entry longfor --args '[0.5, 1000]' --grad --check --check-tolerance=1e-6 --max-tape-bytes=8000 --measure 2>&1 | FileCheck %s --check-prefix=EXACT
// EXACT: measure: {{.*}} leaked 0 bytes, peak tape 8000 bytes
// EXACT: check: max relative error
//
// The primal of a loop that never ends stops at --timeout.
// RUN: not rewind-run %s --entry forever --args '[1.0]' --timeout=0.5 2>&1 | FileCheck %s --check-prefix=TIMEOUT
// TIMEOUT: rewind-run: error: timed out after 0.5 seconds

func.func @longfor(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> f64 {
    %s = math.sin %a : f64
    scf.yield %s : f64
  }
  return %r : f64
}

func.func @forever(%x: f64) -> f64 {
  %r = scf.while (%a = %x) : (f64) -> f64 {
    %t = arith.constant true
    scf.condition(%t) %a : f64
  } do {
  ^bb0(%b: f64):
    %s = math.sin %b : f64
    scf.yield %s : f64
  }
  return %r : f64
}

func.func @nested(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> f64 {
    %q = scf.for %j = %c0 to %n step %c1 iter_args(%b = %a) -> f64 {
      %s = math.sin %b : f64
      scf.yield %s : f64
    }
    scf.yield %q : f64
  }
  return %r : f64
}

func.func @longwhile(%x: f64, %n: i64) -> f64 {
  %one = arith.constant 1 : i64
  %z = arith.constant 0 : i64
  %r:2 = scf.while (%a = %x, %k = %z) : (f64, i64) -> (f64, i64) {
    %c = arith.cmpi slt, %k, %n : i64
    scf.condition(%c) %a, %k : f64, i64
  } do {
  ^bb0(%b: f64, %j: i64):
    %s = math.sin %b : f64
    %j1 = arith.addi %j, %one : i64
    scf.yield %s, %j1 : f64, i64
  }
  return %r#0 : f64
}
