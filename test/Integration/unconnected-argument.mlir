// A float argument that does not reach the result: by default its gradient is
// 0.0 with a warning; --unconnected=error turns that into an error. The
// connected arguments are still differentiated normally.
// f(x, y, z) = x * z * z   (y unused)
// RUN: rewind-run %s --entry f --args '[1.5, 2.0, 3.0]' --grad --json 2>/dev/null | FileCheck %s
// RUN: rewind-run %s --entry f --args '[1.5, 2.0, 3.0]' --grad --json --check --check-tolerance=1e-6 2>/dev/null | FileCheck %s --check-prefixes=CHECK,FD
// RUN: rewind-run %s --entry f --args '[1.5, 2.0, 3.0]' --grad --json 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// RUN: not rewind-run %s --entry f --args '[1.5, 2.0, 3.0]' --grad --unconnected=error 2>&1 | FileCheck %s --check-prefix=ERR

// CHECK: {"value": 13.5, "gradient": [9.0, {{-?}}0.0, 9.0]
// FD-SAME: "max_rel_error":

// WARN: warning: gradient of @f with respect to argument #1 is always zero

// ERR: error: {{.*}}gradient of @f with respect to argument #1 is always zero

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %a = arith.mulf %x, %z : f64
  %b = arith.mulf %a, %z : f64
  return %b : f64
}
