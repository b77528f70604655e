// GradBench det (cmpad's det_by_minor): the determinant of an l x l matrix
// (row-major, flat) by expansion of minors along their first row, the
// columns still in the minor in increasing order with alternating signs.
// The columns taken out are the bits of `used`; the minor of size m starts
// at row l - m, and its m columns are the bits not in `used` (visited
// lowest first, as cmpad's linked list of columns does).
//   primal(A, l) -> det A; the gradient is Rewind's.

func.func private @minor(%a: tensor<?xf64>, %l: index, %m: index, %used: i64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one64 = arith.constant 1 : i64
  %zero64 = arith.constant 0 : i64
  %all = arith.constant -1 : i64
  %zero = arith.constant 0.0 : f64
  %row = arith.subi %l, %m : index
  %base = arith.muli %row, %l : index
  %last = arith.cmpi eq, %m, %c1 : index
  %r = scf.if %last -> (f64) {
    // The one column left: the lowest bit not in `used`.
    %notused = arith.xori %used, %all : i64
    %col64 = math.cttz %notused : i64
    %col = arith.index_cast %col64 : i64 to index
    %at = arith.addi %base, %col : index
    %v = tensor.extract %a[%at] : tensor<?xf64>
    scf.yield %v : f64
  } else {
    %m1 = arith.subi %m, %c1 : index
    // The minor's columns in increasing order: the bits of `free`, lowest
    // first, one per iteration.
    %free = arith.xori %used, %all : i64
    %sum:3 = scf.for %k = %c0 to %m step %c1 iter_args(%acc = %zero, %rest = %free, %positive = %one64) -> (f64, i64, i64) {
      %j64 = math.cttz %rest : i64
      %bit = arith.shli %one64, %j64 : i64
      %lower = arith.subi %rest, %one64 : i64
      %next = arith.andi %rest, %lower : i64
      %j = arith.index_cast %j64 : i64 to index
      %at = arith.addi %base, %j : index
      %aij = tensor.extract %a[%at] : tensor<?xf64>
      %mask = arith.ori %used, %bit : i64
      %d = func.call @minor(%a, %l, %m1, %mask) : (tensor<?xf64>, index, index, i64) -> f64
      %p = arith.mulf %aij, %d : f64
      %pos = arith.cmpi ne, %positive, %zero64 : i64
      %plus = arith.addf %acc, %p : f64
      %minus = arith.subf %acc, %p : f64
      %s = arith.select %pos, %plus, %minus : f64
      %flip = arith.xori %positive, %one64 : i64
      scf.yield %s, %next, %flip : f64, i64, i64
    }
    scf.yield %sum#0 : f64
  }
  return %r : f64
}

func.func @primal(%a: tensor<?xf64>, %l: index) -> f64 {
  %none = arith.constant 0 : i64
  %d = func.call @minor(%a, %l, %l, %none) : (tensor<?xf64>, index, index, i64) -> f64
  return %d : f64
}
