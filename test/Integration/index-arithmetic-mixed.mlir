// Integer/index computations mixed with float work inside a loop: j = (7i+3) mod 5
// drives an scf.if (j >= 2) and an int->float weight w = j - 2.
// j >= 2: acc = acc*x + w; else acc = acc - x*w
// RUN: rewind-run %s --entry f --args '[1.15, 0.6, 7]' --grad --json | FileCheck %s --check-prefix=CHECK
// RUN: rewind-run %s --entry f --args '[1.15, 0.6, 7]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=CHECK,CHECK-FD

// CHECK: {"value": {{(12\.99079125(0{2}[0-9]*)?|12\.9907912499[0-9]*)}}, "gradient": [{{(26\.0846(0{6}[0-9]*)?|26\.0845999999[0-9]*)}}, {{(1\.74900625(0{3}[0-9]*)?|1\.74900624999[0-9]*)}}, null]
// CHECK-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %n: i64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ub = arith.index_cast %n : i64 to index
  %i7 = arith.constant 7 : i64
  %i3 = arith.constant 3 : i64
  %i5 = arith.constant 5 : i64
  %i2 = arith.constant 2 : i64
  %r = scf.for %i = %c0 to %ub step %c1 iter_args(%acc = %y) -> (f64) {
    %ii = arith.index_cast %i : index to i64
    %m = arith.muli %ii, %i7 : i64
    %a = arith.addi %m, %i3 : i64
    %j = arith.remsi %a, %i5 : i64
    %wi = arith.subi %j, %i2 : i64
    %w = arith.sitofp %wi : i64 to f64
    %c = arith.cmpi sge, %j, %i2 : i64
    %nx = scf.if %c -> (f64) {
      %p = arith.mulf %acc, %x : f64
      %q = arith.addf %p, %w : f64
      scf.yield %q : f64
    } else {
      %p = arith.mulf %x, %w : f64
      %q = arith.subf %acc, %p : f64
      scf.yield %q : f64
    }
    scf.yield %nx : f64
  }
  return %r : f64
}
