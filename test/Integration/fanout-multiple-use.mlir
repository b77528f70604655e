// A value with many uses (fan-out): t = sin(x*y) feeds five consumers, including
// itself twice in one op; adjoints from all uses must be summed.
// f(x, y) = t*t + t*x + exp(t) + t/y + t
// RUN: rewind-run %s --entry f --args '[0.9, 0.7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.9, 0.7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 4.11054818258{{[0-9]*}}, "gradient": [4.15781038566{{[0-9]*}}, 3.38594813780{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %xy = arith.mulf %x, %y : f64
  %t = math.sin %xy : f64
  %a = arith.mulf %t, %t : f64
  %b = arith.mulf %t, %x : f64
  %c = math.exp %t : f64
  %d = arith.divf %t, %y : f64
  %s1 = arith.addf %a, %b : f64
  %s2 = arith.addf %s1, %c : f64
  %s3 = arith.addf %s2, %d : f64
  %r = arith.addf %s3, %t : f64
  return %r : f64
}
