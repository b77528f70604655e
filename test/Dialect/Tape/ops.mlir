// RUN: rewind-opt %s | rewind-opt | FileCheck %s
// RUN: rewind-opt %s --mlir-print-op-generic | rewind-opt | FileCheck %s

func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  return %0 : f64
}
func.func @g(%x: f32) -> (f32, f32) {
  return %x, %x : f32, f32
}

// CHECK-LABEL: func.func @requests
func.func @requests(%a: f64, %b: f64, %c: f32, %s: f32) -> (f64, f64, f64, f32) {
  // CHECK: tape.grad @f(%{{.*}}, %{{.*}}) : (f64, f64) -> (f64, f64)
  %da, %db = tape.grad @f(%a, %b) : (f64, f64) -> (f64, f64)
  // CHECK: tape.value_and_grad @f(%{{.*}}, %{{.*}}) wrt [1] : (f64, f64) -> (f64, f64)
  %v, %db2 = tape.value_and_grad @f(%a, %b) wrt [1] : (f64, f64) -> (f64, f64)
  // CHECK: tape.vjp @g(%{{.*}}) seeds(%{{.*}}, %{{.*}}) : (f32), (f32, f32) -> f32
  %dc = tape.vjp @g(%c) seeds(%s, %s) : (f32), (f32, f32) -> f32
  return %da, %db, %v, %dc : f64, f64, f64, f32
}

// CHECK-LABEL: func.func @forward
func.func @forward(%a: f64, %b: f64, %t: f64) -> (f64, f64) {
  // CHECK: tape.jvp @f(%{{.*}}, %{{.*}}) tangents(%{{.*}}) wrt [1] : (f64, f64), (f64) -> f64, f64
  %v, %dv = tape.jvp @f(%a, %b) tangents(%t) wrt [1] : (f64, f64), (f64) -> f64, f64
  return %v, %dv : f64, f64
}

// CHECK-LABEL: func.func @stacks
func.func @stacks(%n: index, %x: f64, %i: i1) -> (f64, i1) {
  // CHECK: %[[S:.*]] = tape.stack_create capacity %{{.*}} : !tape.stack<f64>
  %s = tape.stack_create capacity %n : !tape.stack<f64>
  // CHECK: %[[B:.*]] = tape.stack_create : !tape.stack<i1>
  %b = tape.stack_create : !tape.stack<i1>
  // CHECK: tape.push %[[S]], %{{.*}} : !tape.stack<f64>
  tape.push %s, %x : !tape.stack<f64>, f64
  tape.push %b, %i : !tape.stack<i1>, i1
  // CHECK: tape.pop %[[S]] : !tape.stack<f64>
  %y = tape.pop %s : !tape.stack<f64>
  %j = tape.pop %b : !tape.stack<i1>
  // CHECK: tape.stack_destroy %[[S]] : !tape.stack<f64>
  tape.stack_destroy %s : !tape.stack<f64>
  tape.stack_destroy %b : !tape.stack<i1>
  return %y, %j : f64, i1
}
