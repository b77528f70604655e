// Tensor adjoints pass in and out of the pullbacks of called functions
// (kAccumulatedInto): a recursion updates one adjoint buffer in place, a
// tensor passed twice to one call gets both contributions, a call in a loop
// accumulates across iterations. Every gradient against central differences.
//
// tree(a, d): the sum over the 2^d paths of a binary tree of depth d of the
// product of a[depth - 1 + bit] along the path (a recursion in a loop, as a
// determinant by minors). For a = [a0, a1, a2, a3] and d = 3 it is
// (a2 + a3)(a1 + a2)(a0 + a1) = 2.75 * 0.75 * -0.75, whose gradient is
// [(a2+a3)(a1+a2), (a2+a3)(a0+a1) + (a2+a3)(a1+a2), ...].
// RUN: rewind-run %s --entry tree --args '[[0.5, -1.25, 2.0, 0.75], 3]' --grad --check --check-tolerance=1e-7 --json --repeat=3 | FileCheck %s --check-prefix=TREE
// TREE: {"value": -1.546875, "gradient": {{\[\[}}2.0625, 0.0, -2.625, -0.5625], null]
// Each pullback call allocates one small block for its loop's tape (the
// stacks share it), which the next call takes back from the arena.
// RUN: rewind-run %s --entry tree --args '[[0.5, -1.25, 2.0, 0.75, 1.5, -0.5, 1.0], 6]' --grad --measure 2>&1 >/dev/null | FileCheck %s --check-prefix=ALLOC
// ALLOC: measure: {{.*}} leaked 0 bytes, {{.*}} reused {{[1-9][0-9]*}} bytes
//
// twice(x) = inner(x, x) + inner(x, 2x) with inner(u, v) = sum(u * v):
// sum x^2 + 2 sum x^2 = 3 sum x^2, gradient 6x.
// RUN: rewind-run %s --entry twice --args '[[1.0, -2.0, 0.5]]' --grad --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=TWICE
// TWICE: {"value": 15.75, "gradient": {{\[\[}}6.0, -12.0, 3.0]]
//
// looped(x, n) = sum over k < n of inner(x, x) = n sum x^2, gradient 2 n x.
// RUN: rewind-run %s --entry looped --args '[[1.0, -2.0, 0.5], 4]' --grad --check --check-tolerance=1e-7 --json | FileCheck %s --check-prefix=LOOP
// LOOP: {"value": 21.0, "gradient": {{\[\[}}8.0, -16.0, 4.0], null]

func.func private @level(%a: tensor<?xf64>, %d: index, %top: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %leaf = arith.cmpi eq, %d, %c0 : index
  %r = scf.if %leaf -> (f64) {
    scf.yield %one : f64
  } else {
    %d1 = arith.subi %d, %c1 : index
    %base = arith.subi %d, %c1 : index
    %s = scf.for %j = %c0 to %c2 step %c1 iter_args(%acc = %zero) -> (f64) {
      %at = arith.addi %base, %j : index
      %v = tensor.extract %a[%at] : tensor<?xf64>
      %rest = func.call @level(%a, %d1, %top) : (tensor<?xf64>, index, index) -> f64
      %p = arith.mulf %v, %rest : f64
      %n = arith.addf %acc, %p : f64
      scf.yield %n : f64
    }
    scf.yield %s : f64
  }
  return %r : f64
}

func.func @tree(%a: tensor<?xf64>, %d: index) -> f64 {
  %r = func.call @level(%a, %d, %d) : (tensor<?xf64>, index, index) -> f64
  return %r : f64
}

#id = affine_map<(i) -> (i)>
#sum = affine_map<(i) -> ()>
func.func private @inner(%u: tensor<?xf64>, %v: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %i = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %d = linalg.generic {indexing_maps = [#id, #id, #sum], iterator_types = ["reduction"]}
      ins(%u, %v : tensor<?xf64>, tensor<?xf64>) outs(%i : tensor<f64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %t = arith.mulf %p, %q : f64
    %r = arith.addf %acc, %t : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %s = tensor.extract %d[] : tensor<f64>
  return %s : f64
}

func.func @twice(%x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %y = linalg.add ins(%x, %x : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %a = func.call @inner(%x, %x) : (tensor<?xf64>, tensor<?xf64>) -> f64
  %b = func.call @inner(%x, %y) : (tensor<?xf64>, tensor<?xf64>) -> f64
  %r = arith.addf %a, %b : f64
  return %r : f64
}

func.func @looped(%x: tensor<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %s = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
    %v = func.call @inner(%x, %x) : (tensor<?xf64>, tensor<?xf64>) -> f64
    %t = arith.addf %acc, %v : f64
    scf.yield %t : f64
  }
  return %s : f64
}
