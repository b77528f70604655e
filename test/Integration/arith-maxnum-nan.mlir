// maxnumf/minnumf return the operand that is not NaN; the adjoint goes there.
// RUN: rewind-run %s --entry maxnum --args '[NaN, 2.0]' --grad --json 2>/dev/null | FileCheck %s --check-prefix=MAX
// RUN: rewind-run %s --entry minnum --args '[3.0, NaN]' --grad --json 2>/dev/null | FileCheck %s --check-prefix=MIN
// MAX: {"value": 2.0, "gradient": [0.0, 1.0]}
// MIN: {"value": 3.0, "gradient": [1.0, 0.0]}
func.func @maxnum(%x: f64, %y: f64) -> f64 {
  %0 = arith.maxnumf %x, %y : f64
  return %0 : f64
}
func.func @minnum(%x: f64, %y: f64) -> f64 {
  %0 = arith.minnumf %x, %y : f64
  return %0 : f64
}
