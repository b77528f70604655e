// Integer arguments and int->float casts (sitofp, uitofp) are inactive: their
// gradient entries are null, and they scale the float gradient.
// f(x, n, m) = x * sitofp(n * 3 + 1) + x * x * uitofp(m)
// RUN: rewind-run %s --entry f --args '[1.1, -2, 5]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, -2, 5]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 0.55{{(0{10}[0-9]*)?}}, "gradient": [6.0{{(0{11}[0-9]*)?}}, null, null]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %n: i32, %m: i64) -> f64 {
  %c3 = arith.constant 3 : i32
  %c1 = arith.constant 1 : i32
  %a = arith.muli %n, %c3 : i32
  %b = arith.addi %a, %c1 : i32
  %bf = arith.sitofp %b : i32 to f64
  %t1 = arith.mulf %x, %bf : f64
  %mf = arith.uitofp %m : i64 to f64
  %xx = arith.mulf %x, %x : f64
  %t2 = arith.mulf %xx, %mf : f64
  %r = arith.addf %t1, %t2 : f64
  return %r : f64
}
