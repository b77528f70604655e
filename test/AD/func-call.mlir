// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=DIFF

// A func.call is reversed by calling the callee's pullback, generated for the
// arguments that are active at the call site, with the adjoint of the call's
// result as seed. The pullback recomputes the callee's forward sweep: no tape
// crosses a function boundary.

func.func @sq(%x: f64) -> f64 {
  %0 = arith.mulf %x, %x : f64
  return %0 : f64
}
func.func @scale(%x: f64, %k: f64) -> f64 {
  %0 = arith.mulf %x, %k : f64
  return %0 : f64
}

// f(x, y) = sq(x) * y + scale(y, 2.0): scale's second operand is a constant,
// so its pullback is with respect to argument 0 only.
func.func @f(%x: f64, %y: f64) -> f64 {
  %two = arith.constant 2.0 : f64
  %0 = func.call @sq(%x) : (f64) -> f64
  %1 = arith.mulf %0, %y : f64
  %2 = func.call @scale(%y, %two) : (f64, f64) -> f64
  %3 = arith.addf %1, %2 : f64
  return %3 : f64
}

// A call inside a loop: its arguments come from the tape.
func.func @loop(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) {
    %q = func.call @sq(%acc) : (f64) -> f64
    scf.yield %q : f64
  }
  return %r : f64
}

// Recursion: the pullback calls itself.
func.func @rec(%x: f64, %n: i32) -> f64 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %done = arith.cmpi sle, %n, %c0 : i32
  %r = scf.if %done -> (f64) {
    scf.yield %x : f64
  } else {
    %m = arith.subi %n, %c1 : i32
    %inner = func.call @rec(%x, %m) : (f64, i32) -> f64
    %s = math.sin %inner : f64
    scf.yield %s : f64
  }
  return %r : f64
}

// Tensor arguments: the adjoint of x goes into the pullback of the second
// call (reversed first) and comes back updated, then goes into the first
// call's: no tensor is added. The requested function's own pullback returns
// a fresh gradient.
#id = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>
func.func @norm2(%v: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %i = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction"]}
      ins(%v : tensor<?xf64>) outs(%i : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %q = arith.mulf %p, %p : f64
    %r = arith.addf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
func.func @norms(%x: tensor<?xf64>) -> f64 {
  %a = func.call @norm2(%x) : (tensor<?xf64>) -> f64
  %b = func.call @norm2(%x) : (tensor<?xf64>) -> f64
  %r = arith.mulf %a, %b : f64
  return %r : f64
}

func.func @main(%a: f64, %b: f64, %n: index, %k: i32, %x: tensor<?xf64>) -> (f64, f64, f64, f64, tensor<?xf64>) {
  %0:2 = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  %1 = tape.grad @loop(%a, %n) : (f64, index) -> f64
  %2 = tape.grad @rec(%a, %k) : (f64, i32) -> f64
  %3 = tape.grad @norms(%x) : (tensor<?xf64>) -> tensor<?xf64>
  return %0#0, %0#1, %1, %2, %3 : f64, f64, f64, f64, tensor<?xf64>
}

// CHECK-LABEL: func.func private @__rewind_pullback_f_wrt_0_1
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64, f64)
// CHECK-NEXT: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-NEXT: %[[SQ:.*]] = call @sq(%[[X]]) : (f64) -> f64
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[SQ]], %[[Y]] : f64
// CHECK-NEXT: %[[SC:.*]] = call @scale(%[[Y]], %[[TWO]]) : (f64, f64) -> f64
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[P]], %[[SC]] : f64
// CHECK-NEXT: %[[SCB:.*]]:2 = call @__rewind_pullback_scale_wrt_0(%[[Y]], %[[TWO]], %[[G]]) : (f64, f64, f64) -> (f64, f64)
// CHECK-NEXT: %[[DSQ:.*]] = arith.mulf %[[G]], %[[Y]] : f64
// CHECK-NEXT: %[[DYP:.*]] = arith.mulf %[[G]], %[[SQ]] : f64
// CHECK-NEXT: %[[DY:.*]] = arith.addf %[[SCB]]#1, %[[DYP]] : f64
// CHECK-NEXT: %[[SQB:.*]]:2 = call @__rewind_pullback_sq_wrt_0(%[[X]], %[[DSQ]]) : (f64, f64) -> (f64, f64)
// CHECK-NEXT: return %[[R]], %[[SQB]]#1, %[[DY]] : f64, f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_loop_wrt_0
// CHECK: %[[STACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f64) {
// CHECK-NEXT: tape.push %[[STACK]], %[[ACC]] : !tape.stack<f64>
// CHECK-NEXT: %[[Q:.*]] = func.call @sq(%[[ACC]]) : (f64) -> f64
// CHECK-NEXT: scf.yield %[[Q]] : f64
// CHECK: scf.for {{.*}} iter_args(%[[DQ:.*]] = %{{.*}}) -> (f64) {
// CHECK: %[[ACCP:.*]] = tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[B:.*]]:2 = func.call @__rewind_pullback_sq_wrt_0(%[[ACCP]], %[[DQ]]) : (f64, f64) -> (f64, f64)
// CHECK-NEXT: scf.yield %[[B]]#1 : f64

// CHECK-LABEL: func.func private @__rewind_pullback_rec_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[N:.*]]: i32, %[[G:.*]]: f64) -> (f64, f64)
// The recursive call's integer argument n - 1 is recomputed in the reverse
// branch, not saved: only the f64 value is on the tape.
// CHECK-NOT: !tape.stack<i32>
// CHECK: %[[ISTACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
// CHECK: func.call @rec(
// CHECK: scf.if
// CHECK-NEXT: scf.yield %[[G]] : f64
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[MP:.*]] = arith.subi %[[N]], %{{.*}} : i32
// CHECK-NEXT: %[[IP:.*]] = tape.pop %[[ISTACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[IP]] : f64
// CHECK-NEXT: %[[DI0:.*]] = arith.mulf %[[G]], %[[COS]] : f64
// A called function's seed may be a zero standing for "not chosen" in its
// caller: products keep it zero (strong zeros).
// CHECK: %[[ISZ:.*]] = arith.cmpf oeq, %[[G]], %{{.*}} : f64
// CHECK-NEXT: %[[DI:.*]] = arith.select %[[ISZ]], %{{.*}}, %[[DI0]] : f64
// CHECK-NEXT: %[[B:.*]]:2 = func.call @__rewind_pullback_rec_wrt_0(%[[X]], %[[MP]], %[[DI]]) : (f64, i32, f64) -> (f64, f64)
// CHECK-NEXT: scf.yield %[[B]]#1 : f64

// CHECK-LABEL: func.func private @__rewind_pullback_norms_wrt_0
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>, %[[G:.*]]: f64) -> (f64, tensor<?xf64>)
// CHECK: %[[Z:.*]] = linalg.fill
// CHECK-NEXT: %[[B2:.*]]:2 = call @__rewind_pullback_norm2_wrt_0(%[[X]], %{{.*}}, %[[Z]])
// CHECK-NEXT: %[[B1:.*]]:2 = call @__rewind_pullback_norm2_wrt_0(%[[X]], %{{.*}}, %[[B2]]#1)
// CHECK-NEXT: return %{{.*}}, %[[B1]]#1 : f64, tensor<?xf64>
// CHECK-LABEL: func.func private @__rewind_pullback_norm2_wrt_0
// CHECK-SAME: (%{{.*}}: tensor<?xf64>, %{{.*}}: f64, %[[ACC:.*]]: tensor<?xf64> {rewind.accumulated_into = 1 : i64}) -> (f64, tensor<?xf64>)
// The contribution is added to the adjoint that came in, in the generic that
// computes it.
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[ACC]] : tensor<?xf64>, tensor<f64>, tensor<?xf64>)
// CHECK: return %{{.*}}, %[[SUM]] : f64, tensor<?xf64>

// CHECK-LABEL: func.func private @__rewind_pullback_sq_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-LABEL: func.func private @__rewind_pullback_scale_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[K:.*]]: f64, %[[G:.*]]: f64) -> (f64, f64)
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[X]], %[[K]] : f64
// CHECK-NEXT: %[[D0:.*]] = arith.mulf %[[G]], %[[K]] : f64
// CHECK: %[[ISZ:.*]] = arith.cmpf oeq, %[[G]], %{{.*}} : f64
// CHECK-NEXT: %[[D:.*]] = arith.select %[[ISZ]], %{{.*}}, %[[D0]] : f64
// CHECK-NEXT: return %[[R]], %[[D]] : f64, f64

// The differentiate pipeline inlines the non-recursive pullbacks and simplifies
// the gradient of @f to d/dx = 2 x y (xy + xy), d/dy = x^2 + 2.
// DIFF-LABEL: func.func @main
// DIFF-SAME: (%[[A:.*]]: f64, %[[B:.*]]: f64, %{{.*}}: index, %{{.*}}: i32, %{{.*}}: tensor<?xf64>)
// DIFF-NOT: __rewind_pullback_f_wrt
// DIFF-NOT: __rewind_pullback_sq_wrt
// DIFF-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// DIFF-DAG: %[[A2:.*]] = arith.mulf %[[A]], %[[A]] : f64
// DIFF-DAG: %[[DB:.*]] = arith.addf %[[A2]], %[[TWO]] : f64
// DIFF-DAG: %[[AB0:.*]] = arith.mulf %[[B]], %[[A]] : f64
// (The callee's seed is a strong zero: 0 where y is 0, even if x is not finite.)
// DIFF-DAG: %[[AB:.*]] = arith.select %{{.*}}, %{{.*}}, %[[AB0]] : f64
// DIFF-DAG: %[[DA:.*]] = arith.addf %[[AB]], %[[AB]] : f64
// DIFF: %[[REC:.*]]:2 = call @__rewind_pullback_rec_wrt_0(
// DIFF: return %[[DA]], %[[DB]], %{{.*}}, %[[REC]]#1, %{{.*}} : f64, f64, f64, f64, tensor<?xf64>
// DIFF: func.func private @__rewind_pullback_rec_wrt_0(
