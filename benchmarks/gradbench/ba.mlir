// GradBench ba (ADBench's bundle adjustment): the reprojection error of
// each of p observations, w_i (proj(cam_i, X_i) - feat_i), and the weight
// error 1 - w_i^2, camera and point of observation i read at obs[i].
// Each residual depends on one camera, one point and one weight, so the
// Jacobian is taken over per-observation copies of them (@gather, whose
// observations are i -> (i, i)): the rows of observation i are then the
// gradients of its residuals with respect to row i of the copies, and
// three vector-Jacobian products (seeds: every observation's first
// reprojection coordinate, its second, its weight error) give the whole
// sparse Jacobian (rewind-gradbench assembles it). The objective reads
// the cameras and points in place.
//   gather(cams n x 11, X m x 3, obs p x 2) -> (p x 11, p x 3, p x 2)
//   residuals(cams, X, w p, obs p x 2, feat p x 2) -> (p x 2, p)

#id = affine_map<(i) -> (i)>
#row = affine_map<(i, j) -> (i, j)>

func.func @gather(%cams: tensor<?x11xf64>, %x: tensor<?x3xf64>, %obs: tensor<?x2xindex>)
    -> (tensor<?x11xf64>, tensor<?x3xf64>, tensor<?x2xindex>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %p = tensor.dim %obs, %c0 : tensor<?x2xindex>
  %ec = tensor.empty(%p) : tensor<?x11xf64>
  %gc = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%ec : tensor<?x11xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %cam = tensor.extract %obs[%i, %c0] : tensor<?x2xindex>
      %v = tensor.extract %cams[%cam, %j] : tensor<?x11xf64>
      linalg.yield %v : f64
  } -> tensor<?x11xf64>
  %ex = tensor.empty(%p) : tensor<?x3xf64>
  %gx = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%ex : tensor<?x3xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %pt = tensor.extract %obs[%i, %c1] : tensor<?x2xindex>
      %v = tensor.extract %x[%pt, %j] : tensor<?x3xf64>
      linalg.yield %v : f64
  } -> tensor<?x3xf64>
  %eo = tensor.empty(%p) : tensor<?x2xindex>
  %io = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%eo : tensor<?x2xindex>) {
    ^bb0(%out: index):
      %i = linalg.index 0 : index
      linalg.yield %i : index
  } -> tensor<?x2xindex>
  return %gc, %gx, %io : tensor<?x11xf64>, tensor<?x3xf64>, tensor<?x2xindex>
}

func.func @residuals(%cams: tensor<?x11xf64>, %x: tensor<?x3xf64>, %w: tensor<?xf64>,
                     %obs: tensor<?x2xindex>, %feat: tensor<?x2xf64>)
    -> (tensor<?x2xf64>, tensor<?xf64>) {
  %zi = arith.constant 0 : index
  %p = tensor.dim %w, %zi : tensor<?xf64>
  %ocam = tensor.extract_slice %obs[0, 0] [%p, 1] [1, 1] : tensor<?x2xindex> to tensor<?xindex>
  %opt = tensor.extract_slice %obs[0, 1] [%p, 1] [1, 1] : tensor<?x2xindex> to tensor<?xindex>
  %feat0 = tensor.extract_slice %feat[0, 0] [%p, 1] [1, 1] : tensor<?x2xf64> to tensor<?xf64>
  %feat1 = tensor.extract_slice %feat[0, 1] [%p, 1] [1, 1] : tensor<?x2xf64> to tensor<?xf64>
  %j0 = arith.constant 0 : index
  %j1 = arith.constant 1 : index
  %j2 = arith.constant 2 : index
  %j3 = arith.constant 3 : index
  %j4 = arith.constant 4 : index
  %j5 = arith.constant 5 : index
  %j6 = arith.constant 6 : index
  %j7 = arith.constant 7 : index
  %j8 = arith.constant 8 : index
  %j9 = arith.constant 9 : index
  %j10 = arith.constant 10 : index
  %e = tensor.empty(%p) : tensor<?xf64>
  %r:3 = linalg.generic {indexing_maps = [#id, #id, #id, #id, #id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%ocam, %opt, %w, %feat0, %feat1 : tensor<?xindex>, tensor<?xindex>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) outs(%e, %e, %e : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
    ^bb0(%cam: index, %pt: index, %aw: f64, %afeat0: f64, %afeat1: f64, %o0: f64, %o1: f64, %o2: f64):
      %ar0 = tensor.extract %cams[%cam, %j0] : tensor<?x11xf64>
      %ar1 = tensor.extract %cams[%cam, %j1] : tensor<?x11xf64>
      %ar2 = tensor.extract %cams[%cam, %j2] : tensor<?x11xf64>
      %ac0 = tensor.extract %cams[%cam, %j3] : tensor<?x11xf64>
      %ac1 = tensor.extract %cams[%cam, %j4] : tensor<?x11xf64>
      %ac2 = tensor.extract %cams[%cam, %j5] : tensor<?x11xf64>
      %af = tensor.extract %cams[%cam, %j6] : tensor<?x11xf64>
      %au0 = tensor.extract %cams[%cam, %j7] : tensor<?x11xf64>
      %av0 = tensor.extract %cams[%cam, %j8] : tensor<?x11xf64>
      %ak1 = tensor.extract %cams[%cam, %j9] : tensor<?x11xf64>
      %ak2 = tensor.extract %cams[%cam, %j10] : tensor<?x11xf64>
      %aX0 = tensor.extract %x[%pt, %j0] : tensor<?x3xf64>
      %aX1 = tensor.extract %x[%pt, %j1] : tensor<?x3xf64>
      %aX2 = tensor.extract %x[%pt, %j2] : tensor<?x3xf64>
      %zero = arith.constant 0.0 : f64
      %one = arith.constant 1.0 : f64
      %xo0 = arith.subf %aX0, %ac0 : f64
      %xo1 = arith.subf %aX1, %ac1 : f64
      %xo2 = arith.subf %aX2, %ac2 : f64
      // Rodrigues' rotation by (r0, r1, r2); about zero, x + r x X.
      %s0 = arith.mulf %ar0, %ar0 : f64
      %s1 = arith.mulf %ar1, %ar1 : f64
      %s2 = arith.mulf %ar2, %ar2 : f64
      %s01 = arith.addf %s0, %s1 : f64
      %sq = arith.addf %s01, %s2 : f64
      %nz = arith.cmpf one, %sq, %zero : f64
      %sqsafe = arith.select %nz, %sq, %one : f64
      %theta = math.sqrt %sqsafe : f64
      %cos = math.cos %theta : f64
      %sin = math.sin %theta : f64
      %inv = arith.divf %one, %theta : f64
      %w0 = arith.mulf %ar0, %inv : f64
      %w1 = arith.mulf %ar1, %inv : f64
      %w2 = arith.mulf %ar2, %inv : f64
      %t0a = arith.mulf %w1, %xo2 : f64
      %t0b = arith.mulf %w2, %xo1 : f64
      %wx0 = arith.subf %t0a, %t0b : f64
      %t1a = arith.mulf %w2, %xo0 : f64
      %t1b = arith.mulf %w0, %xo2 : f64
      %wx1 = arith.subf %t1a, %t1b : f64
      %t2a = arith.mulf %w0, %xo1 : f64
      %t2b = arith.mulf %w1, %xo0 : f64
      %wx2 = arith.subf %t2a, %t2b : f64
      %d0 = arith.mulf %w0, %xo0 : f64
      %d1 = arith.mulf %w1, %xo1 : f64
      %d2 = arith.mulf %w2, %xo2 : f64
      %d01 = arith.addf %d0, %d1 : f64
      %dot = arith.addf %d01, %d2 : f64
      %omc = arith.subf %one, %cos : f64
      %tmp = arith.mulf %dot, %omc : f64
      %ra0a = arith.mulf %xo0, %cos : f64
      %ra0b = arith.mulf %wx0, %sin : f64
      %ra0c = arith.mulf %w0, %tmp : f64
      %ra0ab = arith.addf %ra0a, %ra0b : f64
      %ra0 = arith.addf %ra0ab, %ra0c : f64
      %ra1a = arith.mulf %xo1, %cos : f64
      %ra1b = arith.mulf %wx1, %sin : f64
      %ra1c = arith.mulf %w1, %tmp : f64
      %ra1ab = arith.addf %ra1a, %ra1b : f64
      %ra1 = arith.addf %ra1ab, %ra1c : f64
      %ra2a = arith.mulf %xo2, %cos : f64
      %ra2b = arith.mulf %wx2, %sin : f64
      %ra2c = arith.mulf %w2, %tmp : f64
      %ra2ab = arith.addf %ra2a, %ra2b : f64
      %ra2 = arith.addf %ra2ab, %ra2c : f64
      %u0a = arith.mulf %ar1, %xo2 : f64
      %u0b = arith.mulf %ar2, %xo1 : f64
      %rx0 = arith.subf %u0a, %u0b : f64
      %u1a = arith.mulf %ar2, %xo0 : f64
      %u1b = arith.mulf %ar0, %xo2 : f64
      %rx1 = arith.subf %u1a, %u1b : f64
      %u2a = arith.mulf %ar0, %xo1 : f64
      %u2b = arith.mulf %ar1, %xo0 : f64
      %rx2 = arith.subf %u2a, %u2b : f64
      %rb0 = arith.addf %xo0, %rx0 : f64
      %xc0 = arith.select %nz, %ra0, %rb0 : f64
      %rb1 = arith.addf %xo1, %rx1 : f64
      %xc1 = arith.select %nz, %ra1, %rb1 : f64
      %rb2 = arith.addf %xo2, %rx2 : f64
      %xc2 = arith.select %nz, %ra2, %rb2 : f64
      // Projection, radial distortion, focal length and principal point.
      %p0 = arith.divf %xc0, %xc2 : f64
      %p1 = arith.divf %xc1, %xc2 : f64
      %q0 = arith.mulf %p0, %p0 : f64
      %q1 = arith.mulf %p1, %p1 : f64
      %rsq = arith.addf %q0, %q1 : f64
      %l1 = arith.mulf %ak1, %rsq : f64
      %rsq2 = arith.mulf %rsq, %rsq : f64
      %l2 = arith.mulf %ak2, %rsq2 : f64
      %l12 = arith.addf %l1, %l2 : f64
      %l = arith.addf %one, %l12 : f64
      %dp0 = arith.mulf %p0, %l : f64
      %dp1 = arith.mulf %p1, %l : f64
      %fp0 = arith.mulf %dp0, %af : f64
      %fp1 = arith.mulf %dp1, %af : f64
      %proj0 = arith.addf %fp0, %au0 : f64
      %proj1 = arith.addf %fp1, %av0 : f64
      %e0 = arith.subf %proj0, %afeat0 : f64
      %e1 = arith.subf %proj1, %afeat1 : f64
      %err0 = arith.mulf %aw, %e0 : f64
      %err1 = arith.mulf %aw, %e1 : f64
      %ww = arith.mulf %aw, %aw : f64
      %werr = arith.subf %one, %ww : f64
      linalg.yield %err0, %err1, %werr : f64, f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
  %e2 = tensor.empty(%p) : tensor<?x2xf64>
  %i0 = tensor.insert_slice %r#0 into %e2[0, 0] [%p, 1] [1, 1] : tensor<?xf64> into tensor<?x2xf64>
  %err = tensor.insert_slice %r#1 into %i0[0, 1] [%p, 1] [1, 1] : tensor<?xf64> into tensor<?x2xf64>
  return %err, %r#2 : tensor<?x2xf64>, tensor<?xf64>
}
