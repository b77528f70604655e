// Errors about the gradient request: one line on stderr, exit status 1,
// nothing on stdout.

// A gradient needs one floating-point scalar result.
// RUN: not rewind-run %s --entry pair --args '[1.0]' --grad 2>&1 | FileCheck %s --check-prefix=PAIR
// PAIR: rewind-run: error: a gradient needs @pair to return one floating-point scalar, but it returns (f64, f64){{$}}
// PAIR-NOT: {{.}}
// RUN: not rewind-run %s --entry int --args '[1.0]' --grad 2>&1 | FileCheck %s --check-prefix=INT
// INT: rewind-run: error: a gradient needs @int to return one floating-point scalar, but it returns (i32){{$}}
// RUN: not rewind-run %s --entry tensor --args '[[1.0, 2.0]]' --grad 2>&1 | FileCheck %s --check-prefix=TENSOR
// TENSOR: rewind-run: error: a gradient needs @tensor to return one floating-point scalar, but it returns (tensor<2xf64>){{$}}

// --wrt positions must exist and be floating-point.
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --grad --wrt 5 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: rewind-run: error: argument #5 does not exist: @f has 2 arguments{{$}}
// RANGE-NOT: {{.}}
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --grad --wrt 0,2 2>&1 | FileCheck %s --check-prefix=RANGE2
// RANGE2: rewind-run: error: argument #2 does not exist: @f has 2 arguments{{$}}
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --grad --wrt 1 2>&1 | FileCheck %s --check-prefix=WRTINT
// WRTINT: rewind-run: error: cannot differentiate with respect to argument #1 of @f: its type i32 is not floating-point{{$}}
// WRTINT-NOT: {{.}}

// Options that need --grad.
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --wrt 0 2>&1 | FileCheck %s --check-prefix=WRTNOGRAD
// WRTNOGRAD: rewind-run: error: --wrt needs --grad{{$}}
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --check 2>&1 | FileCheck %s --check-prefix=CHECKNOGRAD
// CHECKNOGRAD: rewind-run: error: --check needs --grad or --jvp{{$}}

// RUN: not rewind-run %s --entry pair --args '[1.0]' --grad 2>/dev/null | count 0
// RUN: not rewind-run %s --entry f --args '[1.0, 2]' --grad --wrt 1 2>/dev/null | count 0

func.func @f(%x: f64, %n: i32) -> f64 {
  %nf = arith.sitofp %n : i32 to f64
  %0 = arith.mulf %x, %nf : f64
  return %0 : f64
}
func.func @pair(%x: f64) -> (f64, f64) {
  return %x, %x : f64, f64
}
func.func @int(%x: f64) -> i32 {
  %0 = arith.fptosi %x : f64 to i32
  return %0 : i32
}
func.func @tensor(%x: tensor<2xf64>) -> tensor<2xf64> {
  return %x : tensor<2xf64>
}
