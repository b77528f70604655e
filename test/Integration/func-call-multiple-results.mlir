// func.call to a callee returning two float results, both used.
// polar(r, t) = (r cos t, r sin t); f(r, t) = px * py^2 + py
// RUN: rewind-run %s --entry f --args '[1.4, 0.6]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.4, 0.6]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 1.51254033154{{[0-9]*}}, "gradient": [2.11187290651{{[0-9]*}}, 2.77230354847{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @polar(%r: f64, %t: f64) -> (f64, f64) {
  %c = math.cos %t : f64
  %s = math.sin %t : f64
  %x = arith.mulf %r, %c : f64
  %y = arith.mulf %r, %s : f64
  return %x, %y : f64, f64
}

func.func @f(%r: f64, %t: f64) -> f64 {
  %px, %py = func.call @polar(%r, %t) : (f64, f64) -> (f64, f64)
  %yy = arith.mulf %py, %py : f64
  %a = arith.mulf %px, %yy : f64
  %o = arith.addf %a, %py : f64
  return %o : f64
}
