// GradBench ode (cmpad's an_ode): s steps of the classical Runge-Kutta
// method from y = 0 to t = 2 for y' = f(x, y), f_0 = x_0,
// f_i = x_i y_{i-1} (i > 0).
//   primal(x, s) -> y(2); last(x, s) -> y(2)[n - 1], whose gradient is the
//   gradient function (Rewind's).

#id = affine_map<(i) -> (i)>

// f(x, y) = x * (1, y_0, ..., y_{n-2}).
func.func private @f(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %n1 = arith.subi %n, %c1 : index
  %e = tensor.empty(%n) : tensor<?xf64>
  %ones = linalg.fill ins(%one : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %head = tensor.extract_slice %y[0] [%n1] [1] : tensor<?xf64> to tensor<?xf64>
  %shifted = tensor.insert_slice %head into %ones[1] [%n1] [1] : tensor<?xf64> into tensor<?xf64>
  %z = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %shifted : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64, %out: f64):
      %r = arith.mulf %a, %b : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  return %z : tensor<?xf64>
}

// y + c k
func.func private @axpy(%y: tensor<?xf64>, %c: f64, %k: tensor<?xf64>) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %y, %c0 : tensor<?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%y, %k : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64, %out: f64):
      %p = arith.mulf %c, %b : f64
      %s = arith.addf %a, %p : f64
      linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

func.func @primal(%x: tensor<?xf64>, %s: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %two = arith.constant 2.0 : f64
  %six = arith.constant 6.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %si = arith.index_cast %s : index to i64
  %sf = arith.sitofp %si : i64 to f64
  %h = arith.divf %two, %sf : f64
  %h2 = arith.divf %h, %two : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %y0 = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %y = scf.for %i = %c0 to %s step %c1 iter_args(%y = %y0) -> (tensor<?xf64>) {
    %k1 = func.call @f(%x, %y) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    %t1 = func.call @axpy(%y, %h2, %k1) : (tensor<?xf64>, f64, tensor<?xf64>) -> tensor<?xf64>
    %k2 = func.call @f(%x, %t1) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    %t2 = func.call @axpy(%y, %h2, %k2) : (tensor<?xf64>, f64, tensor<?xf64>) -> tensor<?xf64>
    %k3 = func.call @f(%x, %t2) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    %t3 = func.call @axpy(%y, %h, %k3) : (tensor<?xf64>, f64, tensor<?xf64>) -> tensor<?xf64>
    %k4 = func.call @f(%x, %t3) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    // y + h (k1 + 2 k2 + 2 k3 + k4) / 6
    %next = linalg.generic {indexing_maps = [#id, #id, #id, #id, #id, #id], iterator_types = ["parallel"]}
        ins(%y, %k1, %k2, %k3, %k4 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
        outs(%e : tensor<?xf64>) {
      ^bb0(%a: f64, %b1: f64, %b2: f64, %b3: f64, %b4: f64, %out: f64):
        %m2 = arith.mulf %two, %b2 : f64
        %m3 = arith.mulf %two, %b3 : f64
        %s1 = arith.addf %b1, %m2 : f64
        %s2 = arith.addf %s1, %m3 : f64
        %s3 = arith.addf %s2, %b4 : f64
        %p = arith.mulf %h, %s3 : f64
        %q = arith.divf %p, %six : f64
        %r = arith.addf %a, %q : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    scf.yield %next : tensor<?xf64>
  }
  return %y : tensor<?xf64>
}

func.func @last(%x: tensor<?xf64>, %s: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %y = func.call @primal(%x, %s) : (tensor<?xf64>, index) -> tensor<?xf64>
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %l = arith.subi %n, %c1 : index
  %r = tensor.extract %y[%l] : tensor<?xf64>
  return %r : f64
}
