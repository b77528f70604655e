// A value the reverse sweep asked for but did not read costs no tape: the
// adjoint of acc * t + x_j with respect to acc reads t, not acc, so the
// loop's n-vectors (Horner's rule on n points) are not saved, and the
// adjoint's shape comes from the size saved with them (the stack of the
// vectors goes, that of their sizes stays: 8 bytes per iteration). Before:
// 64 iterations x 1000 points x 8 bytes = 512,000 bytes of tape.
// RUN: rewind-run %s --entry horner --args-file %S/Inputs/horner-args.json --grad --check --check-tolerance=1e-7 --measure 2>%t.measure | FileCheck %s
// RUN: FileCheck %s --check-prefix=TAPE < %t.measure
// CHECK: check: max relative error vs finite differences =
// TAPE: peak tape {{[0-9][0-9]?[0-9]?}} bytes

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>

// sum_i p(t_i)^2, p the polynomial with coefficients x, t_i = i / n.
func.func @horner(%x: tensor<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %m = tensor.dim %x, %c0 : tensor<?xf64>
  %ni = arith.index_cast %n : index to i64
  %nf = arith.sitofp %ni : i64 to f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %t = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %ii = arith.index_cast %i : index to i64
      %if = arith.sitofp %ii : i64 to f64
      %r = arith.divf %if, %nf : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  %p0 = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %p = scf.for %k = %c0 to %m step %c1 iter_args(%acc = %p0) -> (tensor<?xf64>) {
    %km = arith.subi %m, %k : index
    %j = arith.subi %km, %c1 : index
    %xj = tensor.extract %x[%j] : tensor<?xf64>
    %next = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%acc, %t : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
      ^bb0(%a: f64, %ti: f64, %out: f64):
        %q = arith.mulf %a, %ti : f64
        %r = arith.addf %q, %xj : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    scf.yield %next : tensor<?xf64>
  }
  %s0 = tensor.empty() : tensor<f64>
  %z = linalg.fill ins(%zero : f64) outs(%s0 : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [#id, #sum], iterator_types = ["reduction"]}
      ins(%p : tensor<?xf64>) outs(%z : tensor<f64>) {
    ^bb0(%pi: f64, %acc: f64):
      %sq = arith.mulf %pi, %pi : f64
      %r = arith.addf %acc, %sq : f64
      linalg.yield %r : f64
  } -> tensor<f64>
  %y = tensor.extract %sum[] : tensor<f64>
  return %y : f64
}
