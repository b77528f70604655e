// Loops reading slices and elements of tensors at the induction variable, f64,
// dynamic shapes: a sliding-window extract_slice (offset = IV) with linalg.dot;
// rank-reducing row slices of a matrix written into a carried tensor with
// insert_slice (offset n-1-IV) inside a linalg.generic that reads a scalar
// extracted in the loop; and tensor.extract / tensor.insert of single elements
// of a carried tensor (a scan).
// RUN: rewind-run %s --entry window --args '[[0.4, -0.7, 1.2, 0.25, -0.5, 0.9], [0.5, -1.5, 0.75]]' --grad --json | FileCheck %s --check-prefix=WIN
// RUN: rewind-run %s --entry window --args '[[0.4, -0.7, 1.2, 0.25, -0.5, 0.9], [0.5, -1.5, 0.75]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=WIN,WIN-FD
// RUN: rewind-run %s --entry rows --args '[[[0.3, -0.8, 0.45], [0.9, 0.15, -0.2], [-0.5, 0.6, 0.1], [0.2, -0.35, 0.7]], [1.1, -0.6, 0.35, 0.8]]' --grad --json | FileCheck %s --check-prefix=ROWS
// RUN: rewind-run %s --entry rows --args '[[[0.3, -0.8, 0.45], [0.9, 0.15, -0.2], [-0.5, 0.6, 0.1], [0.2, -0.35, 0.7]], [1.1, -0.6, 0.35, 0.8]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=ROWS,ROWS-FD
// RUN: rewind-run %s --entry scan --args '[[0.4, -0.7, 1.2, 0.25, -0.5, 0.9]]' --grad --json | FileCheck %s --check-prefix=SCAN
// RUN: rewind-run %s --entry scan --args '[[0.4, -0.7, 1.2, 0.25, -0.5, 0.9]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=SCAN,SCAN-FD

// WIN: {"value": 10.8989062{{[0-9]*}}, "gradient": [
// WIN-SAME: [{{(2\.15(0{7}[0-9]*)?|2\.149{7}[0-9]*)}}, -{{(8\.4125(0{5}[0-9]*)?|8\.41249{5}[0-9]*)}}, {{(8\.9625(0{5}[0-9]*)?|8\.96249{5}[0-9]*)}}, -{{(0\.94375(0{5}[0-9]*)?|0\.943749{5}[0-9]*)}}, -{{(4\.875(0{6}[0-9]*)?|4\.8749{6}[0-9]*)}}, {{(2\.325(0{6}[0-9]*)?|2\.3249{6}[0-9]*)}}],
// WIN-SAME: [{{(4\.8825(0{5}[0-9]*)?|4\.88249{5}[0-9]*)}}, -{{(9\.345(0{6}[0-9]*)?|9\.3449{6}[0-9]*)}}, {{(7\.11875(0{4}[0-9]*)?|7\.118749{4}[0-9]*)}}]
// WIN-SAME: ]
// WIN-FD-SAME: "max_rel_error":

// ROWS: {"value": 27.37442081{{[0-9]*}}, "gradient": [
// ROWS-SAME: {{\[\[}}5.939378753{{[0-9]*}}, 2.965571163{{[0-9]*}}, 13.80114723{{[0-9]*}}], [-4.427285600{{[0-9]*}}, -3.485502728{{[0-9]*}}, -3.438669162{{[0-9]*}}], [0.4245714617{{[0-9]*}}, 2.550966320{{[0-9]*}}, 2.320858927{{[0-9]*}}], [0.9771222065{{[0-9]*}}, 1.691251415{{[0-9]*}}, 8.055010829{{[0-9]*}}]],
// ROWS-SAME: [20.64190649{{[0-9]*}}, 18.91909581{{[0-9]*}}, 15.13256202{{[0-9]*}}, 13.40423056{{[0-9]*}}]
// ROWS-SAME: ]
// ROWS-FD-SAME: "max_rel_error":

// SCAN: {"value": {{(0\.3348(0{6}[0-9]*)?|0\.33479{6}[0-9]*)}}, "gradient": [
// SCAN-SAME: [{{(0\.0945(0{7}[0-9]*)?|0\.09449{7}[0-9]*)}}, -{{(0\.189(0{7}[0-9]*)?|0\.1889{7}[0-9]*)}}, -{{(0\.00225(0{7}[0-9]*)?|0\.002249{7}[0-9]*)}}, -{{(0\.4608(0{6}[0-9]*)?|0\.46079{6}[0-9]*)}}, {{(1\.1304(0{5}[0-9]*)?|1\.13039{5}[0-9]*)}}, {{(0\.372(0{7}[0-9]*)?|0\.3719{7}[0-9]*)}}]
// SCAN-SAME: ]
// SCAN-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

// A sliding window: acc += (x[i:i+3] . w)^2 for i in 0 .. len-3, the slice
// offset being the induction variable.
func.func @window(%x: tensor<?xf64>, %w: tensor<3xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %len = tensor.dim %x, %c0 : tensor<?xf64>
  %n = arith.subi %len, %c3 : index
  %n1 = arith.addi %n, %c1 : index
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %n1 step %c1 iter_args(%acc = %zero) -> (f64) {
    %s = tensor.extract_slice %x[%i] [3] [1] : tensor<?xf64> to tensor<3xf64>
    %e0 = tensor.empty() : tensor<f64>
    %init = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
    %d = linalg.dot ins(%s, %w : tensor<3xf64>, tensor<3xf64>) outs(%init : tensor<f64>) -> tensor<f64>
    %dv = tensor.extract %d[] : tensor<f64>
    %sq = arith.mulf %dv, %dv : f64
    %a = arith.addf %acc, %sq : f64
    scf.yield %a : f64
  }
  return %r : f64
}

// Rows of a matrix read with the IV (rank-reducing slice) and written into a
// carried tensor with insert_slice at row n-1-i (a reversal): out[n-1-i] =
// exp(x[i]) * y[i]; r = sum(out * c) for fixed weights c(i, j) = i + 2j + 1.
func.func @rows(%x: tensor<?x?xf64>, %y: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %m = tensor.dim %x, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty(%n, %m) : tensor<?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  %out = scf.for %i = %c0 to %n step %c1 iter_args(%o = %z) -> (tensor<?x?xf64>) {
    %row = tensor.extract_slice %x[%i, 0] [1, %m] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
    %yi = tensor.extract %y[%i] : tensor<?xf64>
    %er = tensor.empty(%m) : tensor<?xf64>
    %t = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%row : tensor<?xf64>) outs(%er : tensor<?xf64>) {
    ^bb0(%p: f64, %q: f64):
      %ex = math.exp %p : f64
      %v = arith.mulf %ex, %yi : f64
      linalg.yield %v : f64
    } -> tensor<?xf64>
    %last = arith.subi %n, %c1 : index
    %j = arith.subi %last, %i : index
    %o2 = tensor.insert_slice %t into %o[%j, 0] [1, %m] [1, 1] : tensor<?xf64> into tensor<?x?xf64>
    scf.yield %o2 : tensor<?x?xf64>
  }
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<?x?xf64>) -> tensor<?x?xf64>
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> ()>], iterator_types = ["reduction", "reduction"]}
      ins(%out : tensor<?x?xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %j2 = arith.addi %j, %j : index
    %k = arith.addi %i, %j2 : index
    %k1 = arith.addi %k, %c1 : index
    %ki = arith.index_cast %k1 : index to i64
    %kf = arith.sitofp %ki : i64 to f64
    %v = arith.mulf %p, %kf : f64
    %u = arith.addf %acc, %v : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// Elements read and written one at a time in a loop carrying the tensor:
// t[i] <- t[i-1] * x[i] + t[i] (a running product-sum), then r = t[len-1].
func.func @scan(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %len = tensor.dim %x, %c0 : tensor<?xf64>
  %t = scf.for %i = %c1 to %len step %c1 iter_args(%t = %x) -> (tensor<?xf64>) {
    %im1 = arith.subi %i, %c1 : index
    %prev = tensor.extract %t[%im1] : tensor<?xf64>
    %xi = tensor.extract %x[%i] : tensor<?xf64>
    %ti = tensor.extract %t[%i] : tensor<?xf64>
    %p = arith.mulf %prev, %xi : f64
    %s = arith.addf %p, %ti : f64
    %t2 = tensor.insert %s into %t[%i] : tensor<?xf64>
    scf.yield %t2 : tensor<?xf64>
  }
  %last = arith.subi %len, %c1 : index
  %r = tensor.extract %t[%last] : tensor<?xf64>
  return %r : f64
}
