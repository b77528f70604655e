// Errors about the input file and the entry: each is one line on stderr,
// exit status 1, nothing on stdout.

// RUN: rm -rf %t && split-file %s %t

// RUN: not rewind-run %t/missing.mlir --entry f 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: rewind-run: error: cannot read '{{.*}}missing.mlir': No such file or directory{{$}}
// MISSING-NOT: {{.}}

// RUN: echo 'garbage' > %t/garbage.mlir
// RUN: not rewind-run %t/garbage.mlir --entry f 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: rewind-run: error: {{.*}}garbage.mlir:1:1: custom op 'garbage' is unknown (tried 'builtin.garbage' as well){{$}}
// GARBAGE-NOT: {{.}}

// A parse error names its file, line and column.
// RUN: not rewind-run %t/syntax.mlir --entry f --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: rewind-run: error: {{.*}}syntax.mlir:2:21: expected ','{{$}}
// SYNTAX-NOT: {{.}}

// RUN: not rewind-run %t/undef.mlir --entry f --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=UNDEF
// UNDEF: rewind-run: error: {{.*}}undef.mlir:2:10: use of undeclared SSA value name{{$}}
// UNDEF-NOT: {{.}}

// A verifier error is reported the same way.
// RUN: not rewind-run %t/verify.mlir --entry f --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: rewind-run: error: {{.*}}verify.mlir:2:3: 'func.return' op has 0 operands, but enclosing function (@f) returns 1{{$}}
// VERIFY-NOT: {{.}}

// Nothing is printed on stdout on error.
// RUN: not rewind-run %t/garbage.mlir --entry f 2>/dev/null | count 0

// The entry must exist and have a body.
// RUN: not rewind-run %t/ok.mlir --entry nope --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: rewind-run: error: no function named '@nope' in '{{.*}}ok.mlir'{{$}}
// NOENTRY-NOT: {{.}}
// RUN: not rewind-run %t/ok.mlir --entry ext --args '[1.0]' 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// EXTERNAL: rewind-run: error: @ext is only declared in '{{.*}}ok.mlir': it has no body to run{{$}}
// EXTERNAL-NOT: {{.}}

// The file itself is fine.
// RUN: rewind-run %t/ok.mlir --entry f --args '[1.0]' | FileCheck %s --check-prefix=OK
// OK: result #0: f64 = 1.0

//--- syntax.mlir
func.func @f(%x: f64) -> f64 {
  %0 = arith.addf %x : f64
  return %0 : f64
}
//--- undef.mlir
func.func @f(%x: f64) -> f64 {
  return %y : f64
}
//--- verify.mlir
func.func @f(%x: f64) -> f64 {
  return
}
//--- ok.mlir
func.func private @ext(f64) -> f64
func.func @f(%x: f64) -> f64 {
  return %x : f64
}
