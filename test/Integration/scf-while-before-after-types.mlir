// scf.while whose before region takes (f64, i32) iter_args but forwards (f64, f64)
// to the after region; the integer counter is recomputed from an active value with
// fptosi (inactive), so the trip count depends on the data.
// loop { t = a*k; if !(k < 6) break; a = sin(a)*y + t + a; k = fptosi(t) + 1 }; result a*t
// RUN: rewind-run %s --entry f --args '[0.4, 0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[0.4, 0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 993.715441604{{[0-9]*}}, "gradient": [3441.76278567{{[0-9]*}}, 1729.18149782{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %lim = arith.constant 6 : i32
  %k0 = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = scf.while (%a = %x, %k = %k0) : (f64, i32) -> (f64, f64) {
    %c = arith.cmpi slt, %k, %lim : i32
    %kf = arith.sitofp %k : i32 to f64
    %t = arith.mulf %a, %kf : f64
    scf.condition(%c) %a, %t : f64, f64
  } do {
  ^bb0(%a2: f64, %t2: f64):
    %s = math.sin %a2 : f64
    %m = arith.mulf %s, %y : f64
    %n = arith.addf %m, %t2 : f64
    %n2 = arith.addf %n, %a2 : f64
    %kk = arith.fptosi %t2 : f64 to i32
    %k3 = arith.addi %kk, %one : i32
    scf.yield %n2, %k3 : f64, i32
  }
  %o = arith.mulf %r#0, %r#1 : f64
  return %o : f64
}
