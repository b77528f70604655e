// RUN: rewind-opt %s --rewind-differentiate --rewind-lower-to-llvm | FileCheck %s \
// RUN:   --implicit-check-not=tape. --implicit-check-not=memref. \
// RUN:   --implicit-check-not=scf. --implicit-check-not=func.func \
// RUN:   --implicit-check-not=unrealized_conversion_cast

// The whole pipeline on a gradient with a growable tape (scf.while): only the
// LLVM dialect remains. The tape buffer is allocated through
// _mlir_memref_to_llvm_alloc (Rewind's counting allocator), grown by a fresh
// allocation + memcpy + free (expand-realloc), and freed at the end. Its
// sizes come from the runtime, whose errors name the tape's site. The exp
// in the loop is a polynomial (its range reduction rounds x log2(e)).

// CHECK: module attributes {rewind.runtime_sites = ["the tape of the scf.while at {{.*}}lower-to-llvm.mlir:{{[0-9]+}}:8"]}
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// CHECK-LABEL: llvm.func @f(
// CHECK: llvm.intr.roundeven
// CHECK-LABEL: llvm.func @df(
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc(
// CHECK: llvm.intr.roundeven
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc(
// CHECK: "llvm.intr.memcpy"
// CHECK: llvm.call @_mlir_memref_to_llvm_free(
// CHECK: llvm.call @_mlir_memref_to_llvm_free(
// CHECK: llvm.return

func.func @f(%x: f64) -> f64 {
  %limit = arith.constant 100.0 : f64
  %r = scf.while (%v = %x) : (f64) -> f64 {
    %c = arith.cmpf olt, %v, %limit : f64
    scf.condition(%c) %v : f64
  } do {
  ^bb0(%w: f64):
    %e = math.exp %w : f64
    %s = arith.addf %w, %e : f64
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @df(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}
