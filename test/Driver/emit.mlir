// --emit prints code instead of running it (no --args needed), exit status 0.

// The differentiated IR (--emit=mlir) holds the entry, the primal wrapper and, with --grad,
// the value-and-gradient wrapper with the pullback inlined.
// RUN: rewind-run %s --entry f --grad --emit=mlir | FileCheck %s --check-prefix=MLIR
// MLIR: func.func @f(%[[X:.*]]: f64, %[[Y:.*]]: f64) -> f64
// MLIR: func.func @__rewind_primal(%{{.*}}: f64, %{{.*}}: f64) -> f64 attributes {llvm.emit_c_interface}
// MLIR: func.func @__rewind_value_and_grad(%[[A:.*]]: f64, %[[B:.*]]: f64) -> (f64, f64, f64) attributes {llvm.emit_c_interface}
// MLIR-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] : f64
// MLIR-NEXT: %[[S:.*]] = math.sin %[[P]] : f64
// MLIR-NEXT: %[[C:.*]] = math.cos %[[P]] : f64
// MLIR-DAG: %[[DA:.*]] = arith.mulf %[[C]], %[[B]] : f64
// MLIR-DAG: %[[DB:.*]] = arith.mulf %[[C]], %[[A]] : f64
// MLIR-NEXT: return %[[S]], %[[DA]], %[[DB]] : f64, f64, f64
// MLIR-NOT: tape.grad
// MLIR-NOT: tape.value_and_grad

// Without --grad there is no gradient wrapper.
// RUN: rewind-run %s --entry f --emit=mlir | FileCheck %s --check-prefix=MLIR-NOGRAD
// MLIR-NOGRAD: func.func @__rewind_primal(
// MLIR-NOGRAD-NOT: __rewind_value_and_grad

// Optimized LLVM IR.
// RUN: rewind-run %s --entry f --grad --emit=llvm | FileCheck %s --check-prefix=LLVM
// The program's functions get names of Rewind's own (no clash with libm) and
// are private: the entry, inlined into the wrappers, is not compiled again.
// LLVM-NOT: define {{.*}}@{{(__rewind_fn_)?}}f(
// LLVM-DAG: define {{.*}} @__rewind_primal(double %{{.*}}, double %{{.*}})
// LLVM-DAG: define {{.*}} @__rewind_value_and_grad(double %{{.*}}, double %{{.*}})
// LLVM-DAG: define {{.*}} @_mlir_ciface___rewind_value_and_grad(

// Host assembly.
// RUN: rewind-run %s --entry f --grad --emit=asm | FileCheck %s --check-prefix=ASM
// ASM-DAG: {{^}}__rewind_primal:
// ASM-DAG: {{^}}__rewind_value_and_grad:
// ASM-DAG: {{^}}_mlir_ciface___rewind_primal:

// An unknown --emit value is rejected.
// RUN: not rewind-run %s --entry f --emit=pdf 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: rewind-run: error: --emit must be mlir, llvm or asm, not 'pdf'

func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  %1 = math.sin %0 : f64
  return %1 : f64
}
