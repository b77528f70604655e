// Buffers of 64 KiB and more that a call frees (tensors, the tape) are kept
// for the entry's next call instead of being returned to the system and
// faulted in again. --repeat calls the compiled code several times and fails
// unless every call gives bit-identical results, so a kept buffer whose old
// contents leaked into a result would be caught; nothing leaks.
//
// A 160 KB tensor, filled and reduced: the value and gradient of
// sum_i sin(x * i) for i < 20000 at x = 1e-5, against the analytic values
// (numpy: 1993.242881193829 and sum_i i cos(x * i) = 197994639.33178806).
// RUN: rewind-run %s --entry tensor --args '[0.00001]' --grad --repeat=4 --measure 2>&1 | FileCheck %s --check-prefix=TENSOR
// TENSOR: measure: {{.*}} leaked 0 bytes, {{.*}} reused {{[1-9][0-9]+}} bytes
// TENSOR: value: f64 = 1993.242881193{{[0-9]*}}
// TENSOR: gradient #0: f64 = 197994639.331{{[0-9]*}}
//
// A tape that grows to 20000 f64 (160 KB), reused by the next calls.
// RUN: rewind-run %s --entry loop --args '[0.5, 20000]' --grad --check --check-tolerance=1e-6 --repeat=3 --measure 2>&1 | FileCheck %s --check-prefix=TAPE
// TAPE: measure: {{.*}} leaked 0 bytes, peak tape {{[0-9]+}} bytes, reused {{[1-9][0-9]+}} bytes
// TAPE: check: max relative error
//
// One call keeps nothing for later: nothing is reused.
// RUN: rewind-run %s --entry tensor --args '[0.00001]' --grad --measure 2>&1 | FileCheck %s --check-prefix=ONCE
// ONCE: measure: {{.*}} leaked 0 bytes, {{.*}} reused 0 bytes

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>

func.func @tensor(%x: f64) -> f64 {
  %e = tensor.empty() : tensor<20000xf64>
  %s = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<20000xf64>) {
  ^bb0(%o: f64):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %fi = arith.sitofp %ii : i64 to f64
    %v = arith.mulf %x, %fi : f64
    %r = math.sin %v : f64
    linalg.yield %r : f64
  } -> tensor<20000xf64>
  %zero = arith.constant 0.0 : f64
  %z = tensor.empty() : tensor<f64>
  %acc = linalg.fill ins(%zero : f64) outs(%z : tensor<f64>) -> tensor<f64>
  %t = linalg.generic {indexing_maps = [#id, #sum], iterator_types = ["reduction"]}
      ins(%s : tensor<20000xf64>) outs(%acc : tensor<f64>) {
  ^bb0(%a: f64, %b: f64):
    %c = arith.addf %a, %b : f64
    linalg.yield %c : f64
  } -> tensor<f64>
  %r = tensor.extract %t[] : tensor<f64>
  return %r : f64
}

// x_{k+1} = x_k + 0.0001 sin(x_k), n times (n at run time).
func.func @loop(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %k = arith.constant 0.0001 : f64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %x) -> f64 {
    %s = math.sin %v : f64
    %h = arith.mulf %k, %s : f64
    %w = arith.addf %v, %h : f64
    scf.yield %w : f64
  }
  return %r : f64
}
