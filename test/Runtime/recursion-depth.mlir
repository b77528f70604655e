// A recursion whose depth comes from an argument checks the stack at each
// entry: too deep is a clean error naming the function, in the primal and
// in the gradient (the pullback recurses too), not a stack overflow of the
// host process.
// RUN: not rewind-run %s --entry h --args '[0.5, 100000000]' 2>&1 | FileCheck %s --check-prefix=DEEP
// RUN: not rewind-run %s --entry h --args '[0.5, 100000000]' --grad 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: rewind-run: error: stack overflow: the recursion through the function at {{.*}}recursion-depth.mlir:[[@LINE+15]]:1 is too deep
// sin applied 1000 times: checked by finite differences.
// RUN: rewind-run %s --entry h --args '[0.5, 1000]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=OK
// OK: value: f64 = 0.05437455274049{{[0-9]*}}
// OK: check: max relative error
//
// Only functions on a cycle of the call graph get the check.
// RUN: rewind-opt %s --rewind-check-recursion | FileCheck %s --check-prefix=PASS
// PASS-LABEL: func.func @h
// PASS-NEXT: %[[LOCAL:.*]] = memref.alloca() : memref<i8>
// PASS-NEXT: %[[ADDRESS:.*]] = memref.extract_aligned_pointer_as_index %[[LOCAL]]
// PASS: call @__rewind_check_stack(%{{.*}}, %{{.*}}) : (i64, i64) -> ()
// PASS-LABEL: func.func @leaf
// PASS-NOT: call @__rewind_check_stack
// PASS: return
func.func @h(%x: f64, %n: i64) -> f64 {
  %z = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %c = arith.cmpi sle, %n, %z : i64
  %r = scf.if %c -> (f64) {
    scf.yield %x : f64
  } else {
    %m = arith.subi %n, %one : i64
    %sub = func.call @h(%x, %m) : (f64, i64) -> f64
    %s = func.call @leaf(%sub) : (f64) -> f64
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @leaf(%x: f64) -> f64 {
  %s = math.sin %x : f64
  return %s : f64
}
