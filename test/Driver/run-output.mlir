// Successful runs: exit status 0, results on stdout, nothing on stderr.

// Without --grad: one line per result, or one JSON object with --json.
// RUN: rewind-run %s --entry f --args '[1.5, 2]' 2>%t.err | FileCheck %s --check-prefix=PLAIN
// RUN: count 0 < %t.err
// PLAIN: result #0: f64 = 4.5{{$}}
// PLAIN-NOT: {{.}}
// RUN: rewind-run %s --entry f --args '[1.5, 2]' --json | FileCheck %s --check-prefix=JSON
// JSON: {"value": 4.5}{{$}}
// JSON-NOT: {{.}}

// Several results: integers print as integers, i1 as true or false (true,
// false, 0 and 1 are accepted in --args).
// RUN: rewind-run %s --entry multi --args '[1.25, 41, true]' | FileCheck %s --check-prefix=MULTI
// MULTI: result #0: f32 = 2.5{{$}}
// MULTI-NEXT: result #1: i32 = 42{{$}}
// MULTI-NEXT: result #2: i1 = false{{$}}
// MULTI-NOT: {{.}}
// RUN: rewind-run %s --entry multi --args '[1.25, 41, 0]' --json | FileCheck %s --check-prefix=MULTI-JSON
// MULTI-JSON: {"value": [2.5, 42, true]}{{$}}

// Tensors are nested arrays, row-major.
// RUN: rewind-run %s --entry scale --args '[[[1, 2], [3, 4]], 0.5]' | FileCheck %s --check-prefix=TENSOR
// TENSOR: result #0: tensor<2x2xf64> = {{\[\[}}0.5, 1.0], [1.5, 2.0]]{{$}}
// RUN: rewind-run %s --entry scale --args '[[[1, 2], [3, 4]], 0.5]' --json | FileCheck %s --check-prefix=TENSOR-JSON
// TENSOR-JSON: {"value": {{\[\[}}0.5, 1.0], [1.5, 2.0]]}{{$}}

// Non-finite values as Python's json writes them.
// RUN: rewind-run %s --entry special --args '[1]' --json | FileCheck %s --check-prefix=SPECIAL
// SPECIAL: {"value": [Infinity, -Infinity, NaN]}{{$}}

// With --grad: the value and one gradient per argument, "not differentiated"
// (null in JSON) for arguments that are not.
// RUN: rewind-run %s --entry f --args '[1.5, 2]' --grad 2>%t.err | FileCheck %s --check-prefix=GRAD
// RUN: count 0 < %t.err
// GRAD: value: f64 = 4.5{{$}}
// GRAD-NEXT: gradient #0: f64 = 6.0{{$}}
// GRAD-NEXT: gradient #1: not differentiated{{$}}
// GRAD-NOT: {{.}}
// RUN: rewind-run %s --entry f --args '[1.5, 2]' --grad --json | FileCheck %s --check-prefix=GRAD-JSON
// GRAD-JSON: {"value": 4.5, "gradient": [6.0, null]}{{$}}
// GRAD-JSON-NOT: {{.}}

// --wrt selects arguments; the others are not differentiated.
// RUN: rewind-run %s --entry g --args '[2.0, 3.0]' --grad --wrt 1 --json | FileCheck %s --check-prefix=WRT
// WRT: {"value": 6.0, "gradient": [null, 2.0]}{{$}}

// --check compares with finite differences; --check-tolerance makes a larger
// error exit with status 3. floor has a zero derivative but jumps at 1.0.
// RUN: rewind-run %s --entry g --args '[2.0, 3.0]' --grad --check --json | FileCheck %s --check-prefix=CHECK-JSON
// CHECK-JSON: {"value": 6.0, "gradient": [3.0, 2.0], "max_rel_error": {{[0-9.]+e[-+][0-9]+}}}{{$}}
// RUN: rewind-run %s --entry g --args '[2.0, 3.0]' --grad --check | FileCheck %s --check-prefix=CHECK-PLAIN
// CHECK-PLAIN: check: max relative error vs finite differences = {{[0-9.]+e[-+][0-9]+$}}
// RUN: rewind-run %s --entry kink --args '[1.5]' --grad --check --check-tolerance=1e-3
// RUN: rewind-run %s --entry kink --args '[1.0]' --grad --check --check-tolerance=1e-3 2>%t.err; test $? -eq 3
// RUN: FileCheck %s --check-prefix=TOLERANCE < %t.err
// TOLERANCE: rewind-run: error: gradient differs from finite differences: max relative error 1.000e+00 >

func.func @f(%x: f64, %n: i32) -> f64 {
  %nf = arith.sitofp %n : i32 to f64
  %0 = arith.mulf %x, %nf : f64
  %1 = arith.mulf %0, %x : f64
  return %1 : f64
}
func.func @g(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  return %0 : f64
}
func.func @multi(%x: f32, %n: i32, %b: i1) -> (f32, i32, i1) {
  %0 = arith.addf %x, %x : f32
  %c1 = arith.constant 1 : i32
  %1 = arith.addi %n, %c1 : i32
  %t = arith.constant true
  %2 = arith.xori %b, %t : i1
  return %0, %1, %2 : f32, i32, i1
}
func.func @scale(%v: tensor<2x2xf64>, %k: f64) -> tensor<2x2xf64> {
  %e = tensor.empty() : tensor<2x2xf64>
  %s = linalg.fill ins(%k : f64) outs(%e : tensor<2x2xf64>) -> tensor<2x2xf64>
  %0 = arith.mulf %v, %s : tensor<2x2xf64>
  return %0 : tensor<2x2xf64>
}
func.func @special(%x: f64) -> (f64, f64, f64) {
  %z = arith.constant 0.0 : f64
  %a = arith.divf %x, %z : f64
  %n = arith.negf %a : f64
  %q = arith.divf %z, %z : f64
  return %a, %n, %q : f64, f64, f64
}
func.func @kink(%x: f64) -> f64 {
  %0 = math.floor %x : f64
  %1 = arith.addf %x, %0 : f64
  return %1 : f64
}
