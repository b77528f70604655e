// Indices and sizes that come from run-time values are checked before use:
// an index out of bounds, a slice that runs out of its tensor, or operands
// of a linalg op whose dynamic sizes disagree are clean errors naming the op
// and its location, in the primal and in the gradient (whose adjoint of an
// out-of-bounds read would otherwise write outside its buffer).
// RUN: not rewind-run %s --entry element --args '[[1, 2, 3], 100000000000]' 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: rewind-run: error: out-of-bounds access in the tensor.extract at {{.*}}access-checks.mlir:[[@LINE+28]]:8
// RUN: not rewind-run %s --entry element --args '[[1, 2, 3], 3]' --grad 2>&1 | FileCheck %s --check-prefix=ONE-PAST
// ONE-PAST: rewind-run: error: out-of-bounds access in the tensor.extract at
// RUN: not rewind-run %s --entry element --args '[[1, 2, 3], -1]' --grad 2>&1 | FileCheck %s --check-prefix=ONE-PAST
// RUN: rewind-run %s --entry element --args '[[1, 2, 3], 2]' --grad --json | FileCheck %s --check-prefix=IN
// IN: {"value": 9.0, "gradient": {{\[\[}}0.0, 0.0, 6.0], null]}
// RUN: not rewind-run %s --entry write --args '[[1, 2, 3], 7, 2.0]' --grad 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: rewind-run: error: out-of-bounds access in the tensor.insert at
// RUN: not rewind-run %s --entry slice --args '[[1, 2, 3], 2, 5]' --grad 2>&1 | FileCheck %s --check-prefix=SLICE
// SLICE: rewind-run: error: extract_slice runs out-of-bounds along dimension 0 in the tensor.extract_slice at {{.*}}access-checks.mlir:[[@LINE+31]]:8
// RUN: rewind-run %s --entry slice --args '[[1, 2, 3], 1, 2]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// FD: check: max relative error
// RUN: not rewind-run %s --entry sizes --args '[[1, 2, 3], [1, 2]]' --grad 2>&1 | FileCheck %s --check-prefix=SIZES
// SIZES: rewind-run: error: dimension #0 of operand #1 and dimension #0 of operand #0 run over the same loop but differ in size in the linalg.generic at {{.*}}access-checks.mlir:[[@LINE+39]]:8
// RUN: rewind-run %s --entry sizes --args '[[1, 2, 3], [4, 5, 6]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
//
// The pass: MLIR's checks, each failure a call into the runtime whose site
// table holds the message.
// RUN: rewind-opt %s --rewind-check-accesses | FileCheck %s --check-prefix=PASS
// PASS: module attributes {rewind.runtime_sites = ["out-of-bounds access in the tensor.extract at {{.*}}access-checks.mlir:[[@LINE+9]]:8"
// PASS-LABEL: func.func @element
// PASS: %[[OK:.*]] = arith.andi
// PASS: %[[BAD:.*]] = arith.xori %[[OK]], %true
// PASS: scf.if %[[BAD]] {
// PASS-NEXT: %[[SITE:.*]] = arith.constant 0 : i64
// PASS-NEXT: func.call @__rewind_check_failed(%[[SITE]]) : (i64) -> ()

func.func @element(%x: tensor<3xf64>, %i: index) -> f64 {
  %v = tensor.extract %x[%i] : tensor<3xf64>
  %r = arith.mulf %v, %v : f64
  return %r : f64
}
func.func @write(%x: tensor<3xf64>, %i: index, %y: f64) -> f64 {
  %t = tensor.insert %y into %x[%i] : tensor<3xf64>
  %c0 = arith.constant 0 : index
  %v = tensor.extract %t[%c0] : tensor<3xf64>
  %r = arith.mulf %v, %y : f64
  return %r : f64
}
func.func @slice(%x: tensor<?xf64>, %i: index, %n: index) -> f64 {
  %s = tensor.extract_slice %x[%i] [%n] [1] : tensor<?xf64> to tensor<?xf64>
  %c0 = arith.constant 0 : index
  %v = tensor.extract %s[%c0] : tensor<?xf64>
  %w = math.exp %v : f64
  return %w : f64
}
#m = affine_map<(d0) -> (d0)>
#s = affine_map<(d0) -> ()>
func.func @sizes(%a: tensor<?xf64>, %b: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %i = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %d = linalg.generic {indexing_maps = [#m, #m, #s], iterator_types = ["reduction"]}
      ins(%a, %b : tensor<?xf64>, tensor<?xf64>) outs(%i : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %t = arith.mulf %p, %q : f64
    %r = arith.addf %acc, %t : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %d[] : tensor<f64>
  return %v : f64
}

// Sizes are compared where the IR made them: the init made from %a's size
// and the second op's operands need no check, and the equality of %a's and
// %b's sizes, checked once before the first op, is not checked again.
// RUN: not rewind-run %s --entry shared --args '[[1, 2], [3, 4, 5]]' --grad 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: rewind-run: error: dimension #0 of operand #1 and dimension #0 of operand #0 run over the same loop but differ in size in the linalg.generic at {{.*}}access-checks.mlir:[[@LINE+13]]:8
// RUN: rewind-run %s --entry shared --args '[[1, 2], [3, 4]]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// PASS-LABEL: func.func @shared
// PASS-COUNT-1: call @__rewind_check_failed
// PASS-NOT: call @__rewind_check_failed
// PASS: return
func.func @shared(%a: tensor<?xf64>, %b: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %z = tensor.empty() : tensor<f64>
  %i = linalg.fill ins(%zero : f64) outs(%z : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#m, #m, #m], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%p: f64, %q: f64, %o: f64):
    %t = arith.addf %p, %q : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  %d = linalg.generic {indexing_maps = [#m, #m, #s], iterator_types = ["reduction"]}
      ins(%s, %b : tensor<?xf64>, tensor<?xf64>) outs(%i : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %t = arith.mulf %p, %q : f64
    %r = arith.addf %acc, %t : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %d[] : tensor<f64>
  return %v : f64
}

// A failed check never returns (the runtime unwinds to the call's entry), and
// is cold: LLVM lays out and optimizes loops for the checks passing.
// PASS: func.func private @__rewind_check_failed(i64) attributes {passthrough = ["cold", "noreturn"]}
