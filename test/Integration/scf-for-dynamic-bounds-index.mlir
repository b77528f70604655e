// scf.for with lower bound, upper bound and step taken from integer arguments
// (index_cast), and the induction variable converted to float inside the body.
// acc = x; for i in lb..ub step st: acc += x*x / (i + acc)
// RUN: rewind-run %s --entry f --args '[1.5, 2, 11, 3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[1.5, 2, 11, 3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.8, 1, 8, 2]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.8, 1, 8, 2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 2.67300638129{{[0-9]*}}, "gradient": [2.26498443024{{[0-9]*}}, null, null, null]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.48709036839{{[0-9]*}}, "gradient": [2.40492017197{{[0-9]*}}, null, null, null]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %lb: i64, %ub: i64, %st: i64) -> f64 {
  %l = arith.index_cast %lb : i64 to index
  %u = arith.index_cast %ub : i64 to index
  %s = arith.index_cast %st : i64 to index
  %r = scf.for %i = %l to %u step %s iter_args(%acc = %x) -> (f64) {
    %ii = arith.index_cast %i : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %d = arith.addf %fi, %acc : f64
    %xx = arith.mulf %x, %x : f64
    %q = arith.divf %xx, %d : f64
    %n = arith.addf %acc, %q : f64
    scf.yield %n : f64
  }
  return %r : f64
}
