// A recursion whose depth comes from an argument checks the stack at each
// entry: too deep is a clean error naming the function, in the primal and
// in the gradient (the pullback recurses too), not a stack overflow of the
// host process.
// RUN: not rewind-run %s --entry h --args '[0.5, 100000000]' 2>&1 | FileCheck %s --check-prefix=DEEP
// RUN: not rewind-run %s --entry h --args '[0.5, 100000000]' --grad 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: rewind-run: error: stack overflow: the recursion through the function at {{.*}}recursion-depth.mlir:[[@LINE+35]]:1 is too deep
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
// A private function that is only called takes the stack's limit as one
// more argument: the check is a comparison, the recursive call passes the
// limit on, and the outside caller asks the runtime for it once.
// PASS-LABEL: func.func private @down
// PASS-SAME: (%{{.*}}: f64, %{{.*}}: i64, %[[LIMIT:.*]]: index) -> f64
// PASS-NEXT: %[[LOCAL:.*]] = memref.alloca() : memref<i8>
// PASS-NEXT: %[[ADDRESS:.*]] = memref.extract_aligned_pointer_as_index %[[LOCAL]]
// PASS-NEXT: %[[SITE:.*]] = arith.constant 1 : i64
// PASS-NEXT: %[[LOW:.*]] = arith.cmpi ult, %[[ADDRESS]], %[[LIMIT]] : index
// PASS-NEXT: scf.if %[[LOW]] {
// PASS-NEXT: func.call @__rewind_check_failed(%[[SITE]]) : (i64) -> ()
// PASS-NOT: __rewind_check_stack
// PASS: func.call @down(%{{.*}}, %{{.*}}, %[[LIMIT]])
// PASS-LABEL: func.func @g
// PASS: %[[ASKED:.*]] = call @__rewind_stack_limit() : () -> i64
// PASS-NEXT: %[[L:.*]] = arith.index_cast %[[ASKED]] : i64 to index
// PASS-NEXT: call @down(%{{.*}}, %{{.*}}, %[[L]])
// RUN: not rewind-run %s --entry g --args '[0.5, 100000000]' --grad 2>&1 | FileCheck %s --check-prefix=DEEPER
// DEEPER: rewind-run: error: stack overflow: the recursion through the function at {{.*}}recursion-depth.mlir:[[@LINE+21]]:1 is too deep
// RUN: rewind-run %s --entry g --args '[0.5, 1000]' --grad --check --check-tolerance=1e-7 | FileCheck %s --check-prefix=OK
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

func.func private @down(%x: f64, %n: i64) -> f64 {
  %z = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %c = arith.cmpi sle, %n, %z : i64
  %r = scf.if %c -> (f64) {
    scf.yield %x : f64
  } else {
    %m = arith.subi %n, %one : i64
    %sub = func.call @down(%x, %m) : (f64, i64) -> f64
    %s = math.sin %sub : f64
    scf.yield %s : f64
  }
  return %r : f64
}
func.func @g(%x: f64, %n: i64) -> f64 {
  %r = func.call @down(%x, %n) : (f64, i64) -> f64
  return %r : f64
}
