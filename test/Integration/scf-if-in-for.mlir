// scf.if with results inside an scf.for: one condition depends on the induction
// variable (i % 2), a nested one on the loop-carried data.
// RUN: rewind-run %s --entry f --args '[0.9, 1.2]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.9, 1.2]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.5, 0.8]' --grad --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.5, 0.8]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD

// RUN1: {"value": 1.85235354714{{[0-9]*}}, "gradient": [0.472919023820{{[0-9]*}}, 0.863745432086{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.52291302567{{[0-9]*}}, "gradient": [1.94887012020{{[0-9]*}}, 1.42770716007{{[0-9]*}}]
// RUN2-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c6 = arith.constant 6 : index
  %two = arith.constant 2.0 : f64
  %r = scf.for %i = %c0 to %c6 step %c1 iter_args(%acc = %x) -> (f64) {
    %rem = arith.remui %i, %c2 : index
    %even = arith.cmpi eq, %rem, %c0 : index
    %n = scf.if %even -> (f64) {
      %m = arith.mulf %acc, %y : f64
      %a = arith.addf %m, %x : f64
      scf.yield %a : f64
    } else {
      %big = arith.cmpf ogt, %acc, %two : f64
      %v = scf.if %big -> (f64) {
        %s = math.sqrt %acc : f64
        scf.yield %s : f64
      } else {
        %ax = arith.mulf %acc, %x : f64
        %s = math.sin %ax : f64
        %a = arith.addf %acc, %s : f64
        scf.yield %a : f64
      }
      scf.yield %v : f64
    }
    scf.yield %n : f64
  }
  return %r : f64
}
