// arith.select (unordered predicate cmpf ult) inside an scf.for, switching from one
// active operand to the other part-way through the loop.
// a = x; 6 times: a += (a < 1.5 ? a*y : log(a))
// RUN: rewind-run %s --entry f --args '[1.1, 0.3]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.1, 0.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": 6.13436688446{{[0-9]*}}, "gradient": [5.74999872831{{[0-9]*}}, 9.73076707868{{[0-9]*}}]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %lim = arith.constant 1.5 : f64
  %r = scf.for %i = %c0 to %c6 step %c1 iter_args(%a = %x) -> (f64) {
    %c = arith.cmpf ult, %a, %lim : f64
    %p = arith.mulf %a, %y : f64
    %q = math.log %a : f64
    %s = arith.select %c, %p, %q : f64
    %n = arith.addf %a, %s : f64
    scf.yield %n : f64
  }
  return %r : f64
}
