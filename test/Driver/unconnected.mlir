// An argument whose gradient is always zero: by default a warning on stderr
// (file:line:col: warning: ...) and a zero gradient; stdout is unaffected, so
// --json still prints exactly one JSON object.

// RUN: rewind-run %s --entry g --args '[0.5, 2.5]' --grad --json 2>/dev/null | FileCheck %s --check-prefix=JSON
// JSON: {"value": 1.0, "gradient": [2.0, 0.0]}{{$}}
// JSON-NOT: {{.}}

// RUN: rewind-run %s --entry g --args '[0.5, 2.5]' --grad --json 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// WARN: {{.*}}unconnected.mlir:[[# @LINE + 18]]:23: warning: gradient of @g with respect to argument #1 is always zero: its only path to the result goes through 'arith.fptosi' at {{.*}}unconnected.mlir:[[# @LINE + 19]]:8{{$}}
// WARN-NOT: {{.}}

// Only requested arguments are checked.
// RUN: rewind-run %s --entry g --args '[0.5, 2.5]' --grad --wrt 0 --json 2>&1 | FileCheck %s --check-prefix=WRT0
// WRT0: {"value": 1.0, "gradient": [2.0, null]}{{$}}
// WRT0-NOT: {{.}}

// --unconnected=error makes it a one-line error, exit status 1, nothing on
// stdout.
// RUN: not rewind-run %s --entry g --args '[0.5, 2.5]' --grad --unconnected=error 2>&1 | FileCheck %s --check-prefix=ERROR
// ERROR: rewind-run: error: {{.*}}unconnected.mlir:[[# @LINE + 7]]:23: gradient of @g with respect to argument #1 is always zero: its only path to the result goes through 'arith.fptosi' at {{.*}}unconnected.mlir:[[# @LINE + 8]]:8{{$}}
// ERROR-NOT: {{.}}
// RUN: not rewind-run %s --entry g --args '[0.5, 2.5]' --grad --unconnected=error --json 2>/dev/null | count 0

// RUN: not rewind-run %s --entry g --args '[0.5, 2.5]' --grad --unconnected=sometimes 2>&1 | FileCheck %s --check-prefix=BADPOLICY
// BADPOLICY: rewind-run: error: {{.*}}unconnected must be 'zero' or 'error', got 'sometimes'{{$}}

func.func @g(%x: f64, %y: f64) -> f64 {
  %i = arith.fptosi %y : f64 to i32
  %yf = arith.sitofp %i : i32 to f64
  %r = arith.mulf %x, %yf : f64
  return %r : f64
}
