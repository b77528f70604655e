// Errors about --args: one line on stderr naming the argument and the
// problem, exit status 1.

// RUN: not rewind-run %s --entry f 2>&1 | FileCheck %s --check-prefix=NOARGS
// NOARGS: rewind-run: error: @f takes 2 argument(s): pass them with --args{{$}}
// NOARGS-NOT: {{.}}

// RUN: not rewind-run %s --entry f --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=ARITY
// ARITY: rewind-run: error: @f takes 2 argument(s) but --args has 1{{$}}
// ARITY-NOT: {{.}}
// RUN: not rewind-run %s --entry f --args '[1.0, 2, 3]' 2>&1 | FileCheck %s --check-prefix=ARITY3
// ARITY3: rewind-run: error: @f takes 2 argument(s) but --args has 3

// RUN: not rewind-run %s --entry f --args '[1.0, 1.5]' 2>&1 | FileCheck %s --check-prefix=FRACTION
// The value in this message is not checked: it is printed rounded to two
// decimals ("1.50"; 2.001 shows as "2.00").
// FRACTION: rewind-run: error: in --args: argument #1 (i32) is an integer argument but got

// RUN: not rewind-run %s --entry f --args '[[1.0], 2]' 2>&1 | FileCheck %s --check-prefix=ARRAY
// ARRAY: rewind-run: error: in --args: argument #0 (f64) is a scalar but got an array{{$}}
// ARRAY-NOT: {{.}}

// RUN: not rewind-run %s --entry f --args '["one", 2]' 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: rewind-run: error: in --args: argument #0 (f64) expects a number, got a string{{$}}
// STRING-NOT: {{.}}

// RUN: not rewind-run %s --entry b --args '[2]' 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: rewind-run: error: in --args: argument #0 (i1) is an i1 argument: expects true, false, 0 or 1

// RUN: not rewind-run %s --entry f --args '[1.0, 2' 2>&1 | FileCheck %s --check-prefix=JSON
// JSON: rewind-run: error: --args is not valid JSON: {{.+}}{{$}}
// JSON-NOT: {{.}}

// RUN: not rewind-run %s --entry f --args '{"x": 1.0}' 2>&1 | FileCheck %s --check-prefix=NOTARRAY
// NOTARRAY: rewind-run: error: --args must be a JSON array with one element per argument{{$}}
// NOTARRAY-NOT: {{.}}

// Tensors: rank and static sizes are checked against the data.
// RUN: not rewind-run %s --entry t --args '[[1.0, 2.0, 3.0]]' 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: rewind-run: error: in --args: argument #0 (tensor<2xf64>): dimension 0 has size 3 in the data but 2 in the type
// RUN: not rewind-run %s --entry t --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: rewind-run: error: in --args: argument #0 (tensor<2xf64>) has type tensor of rank 1 but the data has rank 0
// RUN: not rewind-run %s --entry m --args '[[[1.0, 2.0], [3.0]]]' 2>&1 | FileCheck %s --check-prefix=RAGGED
// RAGGED: rewind-run: error: in --args: argument #0 (tensor<?x?xf64>): the data is not rectangular (dimension 1 should have 2 elements everywhere)

// Nothing on stdout.
// RUN: not rewind-run %s --entry f --args '[1.0]' 2>/dev/null | count 0

func.func @f(%x: f64, %n: i32) -> f64 {
  %nf = arith.sitofp %n : i32 to f64
  %0 = arith.mulf %x, %nf : f64
  return %0 : f64
}
func.func @b(%c: i1) -> i1 {
  return %c : i1
}
func.func @t(%x: tensor<2xf64>) -> tensor<2xf64> {
  return %x : tensor<2xf64>
}
func.func @m(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  return %x : tensor<?x?xf64>
}
