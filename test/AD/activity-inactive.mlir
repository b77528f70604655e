// RUN: rewind-opt %s --rewind-reverse-mode | FileCheck %s

// Only active values (depending on a differentiated argument and influencing
// the result) get adjoints. Integer and index computations, values that do not
// depend on the differentiated arguments, and values that only feed a
// comparison get no reverse code.

// wrt [0]: n + 1, sitofp, cos(y) and k are inactive (they do not depend on
// x); exp(x) only feeds a comparison. The reverse is select, sin' and two
// multiplications, nothing else.
func.func @mixed(%x: f64, %y: f64, %n: i32) -> f64 {
  %one = arith.constant 1 : i32
  %m = arith.addi %n, %one : i32
  %mf = arith.sitofp %m : i32 to f64
  %cy = math.cos %y : f64
  %k = arith.mulf %mf, %cy : f64
  %ex = math.exp %x : f64
  %zero = arith.constant 0.0 : f64
  %pos = arith.cmpf ogt, %ex, %zero : f64
  %sx = math.sin %x : f64
  %sel = arith.select %pos, %sx, %k : f64
  %r = arith.mulf %sel, %k : f64
  return %r : f64
}

// wrt [0]: of the three loop-carried values only `a` is active. b (which
// depends on y only) is saved on the tape because the reverse needs it, but
// gets no adjoint; the index counter gets nothing. The reverse loop carries
// one adjoint.
func.func @loop(%x: f64, %y: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:3 = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x, %b = %y, %cnt = %c0) -> (f64, f64, index) {
    %b2 = arith.mulf %b, %y : f64
    %a2 = arith.mulf %a, %b2 : f64
    %cnt2 = arith.addi %cnt, %c1 : index
    scf.yield %a2, %b2, %cnt2 : f64, f64, index
  }
  return %r#0 : f64
}

func.func @main(%a: f64, %b: f64, %n: i32, %m: index) -> (f64, f64) {
  %0 = tape.grad @mixed(%a, %b, %n) wrt [0] : (f64, f64, i32) -> f64
  %1 = tape.grad @loop(%a, %b, %m) wrt [0] : (f64, f64, index) -> f64
  return %0, %1 : f64, f64
}

// CHECK-LABEL: func.func private @__rewind_pullback_mixed_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[N:.*]]: i32, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[K:.*]] = arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: %[[POS:.*]] = arith.cmpf ogt
// CHECK-NEXT: math.sin %[[X]] : f64
// CHECK-NEXT: arith.select
// CHECK-NEXT: %[[R:.*]] = arith.mulf %{{.*}}, %[[K]] : f64
// Reverse sweep:
// CHECK-NEXT: %[[DSEL:.*]] = arith.mulf %[[G]], %[[K]] : f64
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[DSX:.*]] = arith.select %[[POS]], %[[DSEL]], %[[Z]] : f64
// CHECK-NEXT: %[[COS:.*]] = math.cos %[[X]] : f64
// CHECK-NEXT: %[[DX0:.*]] = arith.mulf %[[DSX]], %[[COS]] : f64
// The operand the select did not choose keeps a zero adjoint, even where
// cos is not finite (a strong zero):
// CHECK: %[[ISZ:.*]] = arith.cmpf oeq, %[[DSX]], %{{.*}} : f64
// CHECK-NEXT: %[[DX:.*]] = arith.select %[[ISZ]], %{{.*}}, %[[DX0]] : f64
// CHECK-NEXT: return %[[R]], %[[DX]] : f64, f64

// CHECK-LABEL: func.func private @__rewind_pullback_loop_wrt_0
// CHECK-SAME: (%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[N:.*]]: index, %[[G:.*]]: f64) -> (f64, f64)
// CHECK: %[[STACK:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
// CHECK-NOT: tape.stack_create
// CHECK: %[[FWD:.*]]:3 = scf.for
// CHECK-NEXT: %[[B2:.*]] = arith.mulf %{{.*}}, %[[Y]] : f64
// CHECK-NEXT: tape.push %[[STACK]], %[[B2]] : !tape.stack<f64>
// CHECK-NOT: tape.push
// CHECK: %[[REV:.*]] = scf.for {{.*}} iter_args(%[[DA:.*]] = %[[G]]) -> (f64) {
// CHECK-NOT: tape.pop
// CHECK: %[[B2P:.*]] = tape.pop %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: %[[DA2:.*]] = arith.mulf %[[DA]], %[[B2P]] : f64
// CHECK-NEXT: scf.yield %[[DA2]] : f64
// CHECK-NEXT: }
// CHECK-NEXT: tape.stack_destroy %[[STACK]] : !tape.stack<f64>
// CHECK-NEXT: return %[[FWD]]#0, %[[REV]] : f64, f64
