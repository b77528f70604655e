// ADBench GMM objective: log-likelihood of N points under a K-component
// Gaussian mixture in D dimensions, with a Wishart prior on the inverse
// covariance factors (see /work/shared/adbench/README.md, or ADBench's
// gmm_objective). Every size is dynamic: one program serves every input.
//
//   alphas : K             mixture weights (logits)
//   means  : K x D         component means
//   icf    : K x D(D+1)/2  per component: log of the diagonal of Q_k, then
//                          the strictly lower entries of Q_k column by column
//   x      : N x D         data points (not differentiated)
//   gamma, m               Wishart parameters (not differentiated)
//   constant               -(N D / 2) log(2 pi) - K C, computed on the host
//                          (it needs lgamma); not differentiated
//
// Result: the scalar E of the README (@gmm), or GradBench's corrected
// log-posterior (@gmm_posterior, used by rewind-gradbench). Differentiate
// with respect to arguments 0, 1, 2.
//
// The work is N K D^2 multiply-adds in one contraction,
//   Qx[k, n, i] = sum_j x[n, j] Q_k[i, j] - (Q_k mu_k)[i],
// a linalg.generic over (k, n, j, i): component-major, so that Q_k stays in
// cache while the points stream by, and i innermost, contiguous in Qx and in
// the Q^T tensor, so that the contraction and its adjoint (for Q only: x is
// not differentiated, mu enters through the small Q_k mu_k) are axpy-like
// loops. Q_k is stored dense (its zero upper triangle included).
//
// Workarounds (see benchmarks/adbench/README.md): the maxima use
// arith.maxnumf, and exp arguments are clamped at -700, because the
// vectorized lowering gets masked maximumf reductions and exp below about
// -1100 wrong.

#map_kd      = affine_map<(k, d) -> (k, d)>
#map_k_of_kd = affine_map<(k, d) -> (k)>
#map_k       = affine_map<(k) -> (k)>
#map_scalar1 = affine_map<(k) -> ()>

// Q^T layout: QT[k, j, i] = Q_k[i, j].
#map_kji       = affine_map<(k, j, i) -> (k, j, i)>
#map_ki_of_kji = affine_map<(k, j, i) -> (k, i)>
#map_scalar3   = affine_map<(k, j, i) -> ()>

// The contraction over (k, n, j, i).
#c_x   = affine_map<(k, n, j, i) -> (n, j)>
#c_qt  = affine_map<(k, n, j, i) -> (k, j, i)>
#c_out = affine_map<(k, n, j, i) -> (k, n, i)>

// Q_k mu_k over (k, j, i).
#m_mu  = affine_map<(k, j, i) -> (k, j)>
#m_qt  = affine_map<(k, j, i) -> (k, j, i)>
#m_out = affine_map<(k, j, i) -> (k, i)>

// Components x points x coordinates.
#map_kni       = affine_map<(k, n, i) -> (k, n, i)>
#map_ki_of_kni = affine_map<(k, n, i) -> (k, i)>
#map_kn_of_kni = affine_map<(k, n, i) -> (k, n)>

// Components x points, the component (reduced) dimension first.
#map_kn      = affine_map<(k, n) -> (k, n)>
#map_n_of_kn = affine_map<(k, n) -> (n)>
#map_k_of_kn = affine_map<(k, n) -> (k)>
#map_n       = affine_map<(n) -> (n)>
#map_scalarn = affine_map<(n) -> ()>

module {
  // log(sum_k exp(v[k])), stably (max subtracted).
  func.func private @logsumexp1(%v: tensor<?xf64>) -> f64 {
    %ninf = arith.constant 0xFFF0000000000000 : f64
    %zero = arith.constant 0.0 : f64
    %lowest = arith.constant -700.0 : f64
    %e0 = tensor.empty() : tensor<f64>
    %mx0 = linalg.fill ins(%ninf : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
    %mxt = linalg.generic {indexing_maps = [#map_k, #map_scalar1],
                           iterator_types = ["reduction"]}
        ins(%v : tensor<?xf64>) outs(%mx0 : tensor<f64>) {
      ^bb0(%a: f64, %acc: f64):
        %r = arith.maxnumf %acc, %a : f64
        linalg.yield %r : f64
    } -> tensor<f64>
    %mx = tensor.extract %mxt[] : tensor<f64>
    %s0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
    %st = linalg.generic {indexing_maps = [#map_k, #map_scalar1],
                          iterator_types = ["reduction"]}
        ins(%v : tensor<?xf64>) outs(%s0 : tensor<f64>) {
      ^bb0(%a: f64, %acc: f64):
        %d0 = arith.subf %a, %mx : f64
        %d = arith.maxnumf %d0, %lowest : f64
        %e = math.exp %d : f64
        %r = arith.addf %acc, %e : f64
        linalg.yield %r : f64
    } -> tensor<f64>
    %s = tensor.extract %st[] : tensor<f64>
    %l = math.log %s : f64
    %r = arith.addf %l, %mx : f64
    return %r : f64
  }

  // The log-likelihood with the constant, and the Wishart prior's terms.
  func.func private @gmm_terms(%alphas: tensor<?xf64>, %means: tensor<?x?xf64>,
                               %icf: tensor<?x?xf64>, %x: tensor<?x?xf64>,
                               %gamma: f64, %m: f64, %constant: f64) -> (f64, f64) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %zero = arith.constant 0.0 : f64
    %half = arith.constant 0.5 : f64
    %mhalf = arith.constant -0.5 : f64
    %ninf = arith.constant 0xFFF0000000000000 : f64
    %lowest = arith.constant -700.0 : f64
    %K = tensor.dim %means, %c0 : tensor<?x?xf64>
    %D = tensor.dim %means, %c1 : tensor<?x?xf64>
    %N = tensor.dim %x, %c0 : tensor<?x?xf64>

    // q[k, j] = icf[k, j] (logs of the diagonal); sumq[k] = sum_j q[k, j].
    %q = tensor.extract_slice %icf[0, 0] [%K, %D] [1, 1]
        : tensor<?x?xf64> to tensor<?x?xf64>
    %ek = tensor.empty(%K) : tensor<?xf64>
    %zk = linalg.fill ins(%zero : f64) outs(%ek : tensor<?xf64>) -> tensor<?xf64>
    %sumq = linalg.generic {indexing_maps = [#map_kd, #map_k_of_kd],
                            iterator_types = ["parallel", "reduction"]}
        ins(%q : tensor<?x?xf64>) outs(%zk : tensor<?xf64>) {
      ^bb0(%a: f64, %acc: f64):
        %r = arith.addf %acc, %a : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>

    // L^T: LT[k, j, i] = Q_k[i, j] for i > j, zero elsewhere. Column j of
    // L_k is the D-1-j numbers of icf[k] from D + j(2D-j-1)/2 on.
    %ekdd = tensor.empty(%K, %D, %D) : tensor<?x?x?xf64>
    %zkdd = linalg.fill ins(%zero : f64) outs(%ekdd : tensor<?x?x?xf64>)
        -> tensor<?x?x?xf64>
    %twoD = arith.muli %D, %c2 : index
    %LT = scf.for %j = %c0 to %D step %c1 iter_args(%acc = %zkdd)
        -> (tensor<?x?x?xf64>) {
      %j1 = arith.addi %j, %c1 : index
      %len = arith.subi %D, %j1 : index
      %t0 = arith.subi %twoD, %j1 : index
      %t1 = arith.muli %j, %t0 : index
      %t2 = arith.divui %t1, %c2 : index
      %off = arith.addi %D, %t2 : index
      %col = tensor.extract_slice %icf[0, %off] [%K, %len] [1, 1]
          : tensor<?x?xf64> to tensor<?x?xf64>
      %next = tensor.insert_slice %col into %acc[0, %j, %j1] [%K, 1, %len] [1, 1, 1]
          : tensor<?x?xf64> into tensor<?x?x?xf64>
      scf.yield %next : tensor<?x?x?xf64>
    }
    // QT = LT + diag(exp q).
    %ekd = tensor.empty(%K, %D) : tensor<?x?xf64>
    %qexp = linalg.generic {indexing_maps = [#map_kd, #map_kd],
                            iterator_types = ["parallel", "parallel"]}
        ins(%q : tensor<?x?xf64>) outs(%ekd : tensor<?x?xf64>) {
      ^bb0(%a: f64, %out: f64):
        %e = math.exp %a : f64
        linalg.yield %e : f64
    } -> tensor<?x?xf64>
    %QT = linalg.generic {indexing_maps = [#map_kji, #map_ki_of_kji, #map_kji],
                          iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%LT, %qexp : tensor<?x?x?xf64>, tensor<?x?xf64>)
        outs(%ekdd : tensor<?x?x?xf64>) {
      ^bb0(%l: f64, %e: f64, %out: f64):
        %jj = linalg.index 1 : index
        %ii = linalg.index 2 : index
        %diag = arith.cmpi eq, %ii, %jj : index
        %r = arith.select %diag, %e, %l : f64
        linalg.yield %r : f64
    } -> tensor<?x?x?xf64>

    // Qx[k, n, i] = sum_j (x[n, j] - means[k, j]) Q_k[i, j], computed as
    // Q_k x_n - Q_k mu_k: the N K D^2 contraction then reads only x, which is
    // not differentiated, and the reverse sweep has one such contraction
    // (for Q) instead of two (for Q and mu).
    %ekni = tensor.empty(%K, %N, %D) : tensor<?x?x?xf64>
    %Qmu0 = linalg.fill ins(%zero : f64) outs(%ekd : tensor<?x?xf64>) -> tensor<?x?xf64>
    %Qmu = linalg.generic {indexing_maps = [#m_mu, #m_qt, #m_out],
                           iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%means, %QT : tensor<?x?xf64>, tensor<?x?x?xf64>)
        outs(%Qmu0 : tensor<?x?xf64>) {
      ^bb0(%mu: f64, %qv: f64, %acc: f64):
        %p = arith.mulf %mu, %qv : f64
        %r = arith.addf %acc, %p : f64
        linalg.yield %r : f64
    } -> tensor<?x?xf64>
    %Qx0 = linalg.generic {indexing_maps = [#map_ki_of_kni, #map_kni],
                           iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%Qmu : tensor<?x?xf64>) outs(%ekni : tensor<?x?x?xf64>) {
      ^bb0(%a: f64, %out: f64):
        %r = arith.negf %a : f64
        linalg.yield %r : f64
    } -> tensor<?x?x?xf64>
    %Qx = linalg.generic {indexing_maps = [#c_x, #c_qt, #c_out],
                          iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
        ins(%x, %QT : tensor<?x?xf64>, tensor<?x?x?xf64>)
        outs(%Qx0 : tensor<?x?x?xf64>) {
      ^bb0(%xv: f64, %qv: f64, %acc: f64):
        %p = arith.mulf %xv, %qv : f64
        %r = arith.addf %acc, %p : f64
        linalg.yield %r : f64
    } -> tensor<?x?x?xf64>

    // main[k, n] = alphas[k] + sumq[k] - 1/2 |Qx[k, n, :]|^2.
    %base = linalg.generic {indexing_maps = [#map_k, #map_k, #map_k],
                            iterator_types = ["parallel"]}
        ins(%alphas, %sumq : tensor<?xf64>, tensor<?xf64>)
        outs(%ek : tensor<?xf64>) {
      ^bb0(%a: f64, %b: f64, %out: f64):
        %r = arith.addf %a, %b : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    %ekn = tensor.empty(%K, %N) : tensor<?x?xf64>
    %main0 = linalg.broadcast ins(%base : tensor<?xf64>)
        outs(%ekn : tensor<?x?xf64>) dimensions = [1]
    %main = linalg.generic {indexing_maps = [#map_kni, #map_kn_of_kni],
                            iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%Qx : tensor<?x?x?xf64>) outs(%main0 : tensor<?x?xf64>) {
      ^bb0(%a: f64, %acc: f64):
        %sq = arith.mulf %a, %a : f64
        %t = arith.mulf %sq, %mhalf : f64
        %r = arith.addf %acc, %t : f64
        linalg.yield %r : f64
    } -> tensor<?x?xf64>

    // lse[n] = logsumexp_k main[k, n]; slse = sum_n lse[n].
    %en = tensor.empty(%N) : tensor<?xf64>
    %mx0 = linalg.fill ins(%ninf : f64) outs(%en : tensor<?xf64>) -> tensor<?xf64>
    %mx = linalg.generic {indexing_maps = [#map_kn, #map_n_of_kn],
                          iterator_types = ["reduction", "parallel"]}
        ins(%main : tensor<?x?xf64>) outs(%mx0 : tensor<?xf64>) {
      ^bb0(%a: f64, %acc: f64):
        %r = arith.maxnumf %acc, %a : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    %se0 = linalg.fill ins(%zero : f64) outs(%en : tensor<?xf64>) -> tensor<?xf64>
    %se = linalg.generic {indexing_maps = [#map_kn, #map_n_of_kn, #map_n_of_kn],
                          iterator_types = ["reduction", "parallel"]}
        ins(%main, %mx : tensor<?x?xf64>, tensor<?xf64>) outs(%se0 : tensor<?xf64>) {
      ^bb0(%a: f64, %b: f64, %acc: f64):
        %d0 = arith.subf %a, %b : f64
        %d = arith.maxnumf %d0, %lowest : f64
        %e = math.exp %d : f64
        %r = arith.addf %acc, %e : f64
        linalg.yield %r : f64
    } -> tensor<?xf64>
    %e0 = tensor.empty() : tensor<f64>
    %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
    %slset = linalg.generic {indexing_maps = [#map_n, #map_n, #map_scalarn],
                             iterator_types = ["reduction"]}
        ins(%se, %mx : tensor<?xf64>, tensor<?xf64>) outs(%z0 : tensor<f64>) {
      ^bb0(%s: f64, %b: f64, %acc: f64):
        %l = math.log %s : f64
        %t = arith.addf %l, %b : f64
        %r = arith.addf %acc, %t : f64
        linalg.yield %r : f64
    } -> tensor<f64>
    %slse = tensor.extract %slset[] : tensor<f64>

    // N logsumexp(alphas).
    %lsea = func.call @logsumexp1(%alphas) : (tensor<?xf64>) -> f64
    %Ni = arith.index_cast %N : index to i64
    %Nf = arith.sitofp %Ni : i64 to f64
    %nlsea = arith.mulf %Nf, %lsea : f64

    // Wishart prior: sum_k 1/2 gamma^2 |Q_k|_F^2 - m sum_k sumq[k]; the
    // Frobenius norms of exp(q) and L are together that of QT.
    %frobt = linalg.generic {indexing_maps = [#map_kji, #map_scalar3],
                             iterator_types = ["reduction", "reduction", "reduction"]}
        ins(%QT : tensor<?x?x?xf64>) outs(%z0 : tensor<f64>) {
      ^bb0(%a: f64, %acc: f64):
        %sq = arith.mulf %a, %a : f64
        %r = arith.addf %acc, %sq : f64
        linalg.yield %r : f64
    } -> tensor<f64>
    %frob = tensor.extract %frobt[] : tensor<f64>
    %sumqt = linalg.generic {indexing_maps = [#map_k, #map_scalar1],
                             iterator_types = ["reduction"]}
        ins(%sumq : tensor<?xf64>) outs(%z0 : tensor<f64>) {
      ^bb0(%a: f64, %acc: f64):
        %r = arith.addf %acc, %a : f64
        linalg.yield %r : f64
    } -> tensor<f64>
    %sumqs = tensor.extract %sumqt[] : tensor<f64>
    %g2 = arith.mulf %gamma, %gamma : f64
    %hg2 = arith.mulf %g2, %half : f64
    %p1 = arith.mulf %hg2, %frob : f64
    %p2 = arith.mulf %m, %sumqs : f64
    %prior = arith.subf %p1, %p2 : f64

    %e1 = arith.addf %constant, %slse : f64
    %e2 = arith.subf %e1, %nlsea : f64
    return %e2, %prior : f64, f64
  }

  // ADBench's objective: the likelihood plus the prior's terms.
  func.func @gmm(%alphas: tensor<?xf64>, %means: tensor<?x?xf64>,
                 %icf: tensor<?x?xf64>, %x: tensor<?x?xf64>,
                 %gamma: f64, %m: f64, %constant: f64) -> f64 {
    %t:2 = func.call @gmm_terms(%alphas, %means, %icf, %x, %gamma, %m, %constant)
        : (tensor<?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, f64, f64, f64) -> (f64, f64)
    %e = arith.addf %t#0, %t#1 : f64
    return %e : f64
  }

  // GradBench's corrected objective, the log-posterior: the prior's terms
  // enter with the opposite sign (and %constant = -(N D / 2) log(2 pi) + K C).
  func.func @gmm_posterior(%alphas: tensor<?xf64>, %means: tensor<?x?xf64>,
                           %icf: tensor<?x?xf64>, %x: tensor<?x?xf64>,
                           %gamma: f64, %m: f64, %constant: f64) -> f64 {
    %t:2 = func.call @gmm_terms(%alphas, %means, %icf, %x, %gamma, %m, %constant)
        : (tensor<?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, f64, f64, f64) -> (f64, f64)
    %e = arith.subf %t#0, %t#1 : f64
    return %e : f64
  }
}
