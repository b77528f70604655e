// --wrt restricts differentiation to a subset of the arguments (in any order);
// the others print null (JSON) or "not differentiated" (text), and the
// differentiated entries must equal the full gradient.
// f(x, y, z) = sin(x*y) * exp(z) + y*z
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --json | FileCheck %s --check-prefix=RUN1
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN1,RUN1-FD
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --wrt 0 --json | FileCheck %s --check-prefix=RUN2
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --wrt 0 --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN2,RUN2-FD
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --wrt 2,1 --json | FileCheck %s --check-prefix=RUN3
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --wrt 2,1 --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=RUN3,RUN3-FD
// RUN: rewind-run %s --entry f --args '[0.8, 1.1, 0.3]' --grad --wrt 1 | FileCheck %s --check-prefix=TEXT
// TEXT: value: f64 = 1.37038866402{{[0-9]*}}
// TEXT-NEXT: gradient #0: not differentiated
// TEXT-NEXT: gradient #1: f64 = 0.988051267002{{[0-9]*}}
// TEXT-NEXT: gradient #2: not differentiated

// RUN1: {"value": 1.37038866402{{[0-9]*}}, "gradient": [0.946070492128{{[0-9]*}}, 0.988051267002{{[0-9]*}}, 2.14038866402{{[0-9]*}}]
// RUN1-FD-SAME: "max_rel_error":
// RUN2: {"value": 1.37038866402{{[0-9]*}}, "gradient": [0.946070492128{{[0-9]*}}, null, null]
// RUN2-FD-SAME: "max_rel_error":
// RUN3: {"value": 1.37038866402{{[0-9]*}}, "gradient": [null, 0.988051267002{{[0-9]*}}, 2.14038866402{{[0-9]*}}]
// RUN3-FD-SAME: "max_rel_error":

func.func @f(%x: f64, %y: f64, %z: f64) -> f64 {
  %xy = arith.mulf %x, %y : f64
  %s = math.sin %xy : f64
  %e = math.exp %z : f64
  %a = arith.mulf %s, %e : f64
  %yz = arith.mulf %y, %z : f64
  %r = arith.addf %a, %yz : f64
  return %r : f64
}
