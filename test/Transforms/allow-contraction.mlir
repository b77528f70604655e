// rewind-allow-contraction lets every arith and math op contract (a * b + c
// becomes one FMA in LLVM), keeping the flags an op already has.
// RUN: rewind-opt %s --rewind-allow-contraction | FileCheck %s
// CHECK-LABEL: func.func @f
// CHECK: arith.mulf %{{.*}} fastmath<contract> : f64
// CHECK: arith.addf %{{.*}} fastmath<contract> : f64
// CHECK: arith.mulf %{{.*}} fastmath<nnan,contract> : vector<4xf64>
// CHECK: math.sqrt %{{.*}} fastmath<contract> : f64
func.func @f(%a: f64, %b: f64, %v: vector<4xf64>) -> (f64, vector<4xf64>) {
  %m = arith.mulf %a, %b : f64
  %s = arith.addf %m, %a : f64
  %w = arith.mulf %v, %v fastmath<nnan> : vector<4xf64>
  %r = math.sqrt %s : f64
  return %r, %w : f64, vector<4xf64>
}
