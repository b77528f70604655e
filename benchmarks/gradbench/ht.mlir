// GradBench ht (ADBench's hand tracking): the residuals between observed
// points and a skinned hand model posed by 26 parameters theta (global
// rotation as an angle-axis, global translation, then 4 angles per finger).
//   simple:      err_i = point_i - vertex(corr_i)
//   complicated: err_i = point_i - (u_i0 v_a + u_i1 v_b + (1 - u_i0 - u_i1) v_c),
//                with (a, b, c) the vertices of triangle corr_i
// Bone b is posed by Euler angles read from theta through @pose (slot 26 of
// the padded theta is a zero); its absolute transform is its parent's times
// its posed relative transform; each vertex is the weighted sum over bones of
// (absolute x inverse base absolute) x its base position. The Jacobian with
// respect to theta (and us) is taken in forward mode by rewind-gradbench:
// one tangent per parameter, and two compressed tangents for us (residual i
// depends on us_i only, so all u_i0 seeded at once give every residual's
// derivative with respect to its own u_i0).
//   simple(theta 26, parents, base_relatives, inverse_base_absolutes,
//          base_positions nv x 4, weights nv x nb, mirror, corr, points c x 3)
//   complicated(theta, us c x 2, parents, ..., mirror, triangles, corr, points)
//     -> c x 3

#row = affine_map<(i, j) -> (i, j)>
#skin_m = affine_map<(v, i, k) -> (v, i, k)>
#skin_p = affine_map<(v, i, k) -> (v, k)>
#skin_out = affine_map<(v, i, k) -> (v, i)>

// The theta slot of each bone's three Euler angles (x, z, y); 26 is zero.
// Bones 0 and 1 and the last of each finger do not move; the first posed
// bone of a finger has two angles, the next two one each.
func.func private @pose() -> tensor<22x3xindex> {
  %p = arith.constant dense<[[26, 26, 26], [26, 26, 26],
      [6, 7, 26], [8, 26, 26], [9, 26, 26], [26, 26, 26],
      [10, 11, 26], [12, 26, 26], [13, 26, 26], [26, 26, 26],
      [14, 15, 26], [16, 26, 26], [17, 26, 26], [26, 26, 26],
      [18, 19, 26], [20, 26, 26], [21, 26, 26], [26, 26, 26],
      [22, 23, 26], [24, 26, 26], [25, 26, 26], [26, 26, 26]]> : tensor<22x3xindex>
  return %p : tensor<22x3xindex>
}

func.func private @matmul4(%a: tensor<4x4xf64>, %b: tensor<4x4xf64>) -> tensor<4x4xf64> {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<4x4xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<4x4xf64>) -> tensor<4x4xf64>
  %c = linalg.matmul ins(%a, %b : tensor<4x4xf64>, tensor<4x4xf64>) outs(%z : tensor<4x4xf64>) -> tensor<4x4xf64>
  return %c : tensor<4x4xf64>
}

// Rows 0-2 of every bone's skinning transform, absolute x inverse base
// absolute, as a nb x 12 matrix (row b: the 3 x 4 block, row-major).
func.func private @bone_transforms(%theta: tensor<26xf64>, %parents: tensor<?xindex>,
                                   %relatives: tensor<?x4x4xf64>,
                                   %inverse_absolutes: tensor<?x4x4xf64>) -> tensor<?x12xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %nb = tensor.dim %parents, %c0 : tensor<?xindex>
  %pose = func.call @pose() : () -> tensor<22x3xindex>
  %z27 = arith.constant dense<0.0> : tensor<27xf64>
  %padded = tensor.insert_slice %theta into %z27[0] [26] [1] : tensor<26xf64> into tensor<27xf64>
  %ea = tensor.empty(%nb) : tensor<?x4x4xf64>
  %et = tensor.empty(%nb) : tensor<?x3x4xf64>
  %abs, %tr = scf.for %b = %c0 to %nb step %c1
      iter_args(%absolutes = %ea, %transforms = %et) -> (tensor<?x4x4xf64>, tensor<?x3x4xf64>) {
    %sx = tensor.extract %pose[%b, %c0] : tensor<22x3xindex>
    %sz = tensor.extract %pose[%b, %c1] : tensor<22x3xindex>
    %sy = tensor.extract %pose[%b, %c2] : tensor<22x3xindex>
    %tx = tensor.extract %padded[%sx] : tensor<27xf64>
    %tz = tensor.extract %padded[%sz] : tensor<27xf64>
    %ty = tensor.extract %padded[%sy] : tensor<27xf64>
    %cx = math.cos %tx : f64
    %snx = math.sin %tx : f64
    %cy = math.cos %ty : f64
    %sny = math.sin %ty : f64
    %cz = math.cos %tz : f64
    %snz = math.sin %tz : f64
    // Rz Ry Rx.
    %r00 = arith.mulf %cz, %cy : f64
    %szsy = arith.mulf %snz, %sny : f64
    %czsy = arith.mulf %cz, %sny : f64
    %a01 = arith.mulf %czsy, %snx : f64
    %b01 = arith.mulf %snz, %cx : f64
    %r01 = arith.subf %a01, %b01 : f64
    %a02 = arith.mulf %czsy, %cx : f64
    %b02 = arith.mulf %snz, %snx : f64
    %r02 = arith.addf %a02, %b02 : f64
    %r10 = arith.mulf %snz, %cy : f64
    %a11 = arith.mulf %cz, %cx : f64
    %b11 = arith.mulf %szsy, %snx : f64
    %r11 = arith.addf %a11, %b11 : f64
    %a12 = arith.mulf %szsy, %cx : f64
    %b12 = arith.mulf %cz, %snx : f64
    %r12 = arith.subf %a12, %b12 : f64
    %r20 = arith.negf %sny : f64
    %r21 = arith.mulf %cy, %snx : f64
    %r22 = arith.mulf %cy, %cx : f64
    %posed = tensor.from_elements %r00, %r01, %r02, %zero,
                                  %r10, %r11, %r12, %zero,
                                  %r20, %r21, %r22, %zero,
                                  %zero, %zero, %zero, %one : tensor<4x4xf64>
    %base = tensor.extract_slice %relatives[%b, 0, 0] [1, 4, 4] [1, 1, 1]
        : tensor<?x4x4xf64> to tensor<4x4xf64>
    %relative = func.call @matmul4(%base, %posed) : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>
    %parent = tensor.extract %parents[%b] : tensor<?xindex>
    %root = arith.cmpi slt, %parent, %c0 : index
    %absolute = scf.if %root -> tensor<4x4xf64> {
      scf.yield %relative : tensor<4x4xf64>
    } else {
      %up = tensor.extract_slice %absolutes[%parent, 0, 0] [1, 4, 4] [1, 1, 1]
          : tensor<?x4x4xf64> to tensor<4x4xf64>
      %m = func.call @matmul4(%up, %relative) : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>
      scf.yield %m : tensor<4x4xf64>
    }
    %next_abs = tensor.insert_slice %absolute into %absolutes[%b, 0, 0] [1, 4, 4] [1, 1, 1]
        : tensor<4x4xf64> into tensor<?x4x4xf64>
    %inverse = tensor.extract_slice %inverse_absolutes[%b, 0, 0] [1, 4, 4] [1, 1, 1]
        : tensor<?x4x4xf64> to tensor<4x4xf64>
    %transform = func.call @matmul4(%absolute, %inverse) : (tensor<4x4xf64>, tensor<4x4xf64>) -> tensor<4x4xf64>
    %rows = tensor.extract_slice %transform[0, 0] [3, 4] [1, 1] : tensor<4x4xf64> to tensor<3x4xf64>
    %next_tr = tensor.insert_slice %rows into %transforms[%b, 0, 0] [1, 3, 4] [1, 1, 1]
        : tensor<3x4xf64> into tensor<?x3x4xf64>
    scf.yield %next_abs, %next_tr : tensor<?x4x4xf64>, tensor<?x3x4xf64>
  }
  %flat = tensor.collapse_shape %tr [[0], [1, 2]] : tensor<?x3x4xf64> into tensor<?x12xf64>
  return %flat : tensor<?x12xf64>
}

// Every vertex's position (nv x 3) before the global transform: the weighted
// sum over bones of each bone's transform applied to the base position.
func.func private @skin(%transforms: tensor<?x12xf64>, %base_positions: tensor<?x4xf64>,
                        %weights: tensor<?x?xf64>) -> tensor<?x3xf64> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %nv = tensor.dim %base_positions, %c0 : tensor<?x4xf64>
  %em = tensor.empty(%nv) : tensor<?x12xf64>
  %zm = linalg.fill ins(%zero : f64) outs(%em : tensor<?x12xf64>) -> tensor<?x12xf64>
  %m = linalg.matmul ins(%weights, %transforms : tensor<?x?xf64>, tensor<?x12xf64>)
                     outs(%zm : tensor<?x12xf64>) -> tensor<?x12xf64>
  %m3 = tensor.expand_shape %m [[0], [1, 2]] output_shape [%nv, 3, 4]
      : tensor<?x12xf64> into tensor<?x3x4xf64>
  %ep = tensor.empty(%nv) : tensor<?x3xf64>
  %zp = linalg.fill ins(%zero : f64) outs(%ep : tensor<?x3xf64>) -> tensor<?x3xf64>
  %pos = linalg.generic {indexing_maps = [#skin_m, #skin_p, #skin_out],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%m3, %base_positions : tensor<?x3x4xf64>, tensor<?x4xf64>) outs(%zp : tensor<?x3xf64>) {
    ^bb0(%a: f64, %p: f64, %acc: f64):
      %t = arith.mulf %a, %p : f64
      %r = arith.addf %acc, %t : f64
      linalg.yield %r : f64
  } -> tensor<?x3xf64>
  return %pos : tensor<?x3xf64>
}

// The residuals of hand points (c x 3, before the global transform): the
// global rotation (angle-axis theta[0:3], identity below norm 1e-4) of the
// mirrored points plus the translation theta[3:6], subtracted from the
// observed points.
func.func private @residuals(%theta: tensor<26xf64>, %mirror: f64, %hand: tensor<?x3xf64>,
                             %points: tensor<?x3xf64>) -> tensor<?x3xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %one = arith.constant 1.0 : f64
  %small = arith.constant 1.0e-4 : f64
  %a0 = tensor.extract %theta[%c0] : tensor<26xf64>
  %a1 = tensor.extract %theta[%c1] : tensor<26xf64>
  %a2 = tensor.extract %theta[%c2] : tensor<26xf64>
  %t0 = tensor.extract %theta[%c3] : tensor<26xf64>
  %t1 = tensor.extract %theta[%c4] : tensor<26xf64>
  %t2 = tensor.extract %theta[%c5] : tensor<26xf64>
  %q0 = arith.mulf %a0, %a0 : f64
  %q1 = arith.mulf %a1, %a1 : f64
  %q2 = arith.mulf %a2, %a2 : f64
  %q01 = arith.addf %q0, %q1 : f64
  %sq = arith.addf %q01, %q2 : f64
  %norm = math.sqrt %sq : f64
  %tiny = arith.cmpf olt, %norm, %small : f64
  %zero = arith.constant 0.0 : f64
  %g:9 = scf.if %tiny -> (f64, f64, f64, f64, f64, f64, f64, f64, f64) {
    scf.yield %one, %zero, %zero, %zero, %one, %zero, %zero, %zero, %one
        : f64, f64, f64, f64, f64, f64, f64, f64, f64
  } else {
    %x = arith.divf %a0, %norm : f64
    %y = arith.divf %a1, %norm : f64
    %z = arith.divf %a2, %norm : f64
    %s = math.sin %norm : f64
    %c = math.cos %norm : f64
    %omc = arith.subf %one, %c : f64
    %xx = arith.mulf %x, %x : f64
    %yy = arith.mulf %y, %y : f64
    %zz = arith.mulf %z, %z : f64
    %xy = arith.mulf %x, %y : f64
    %xz = arith.mulf %x, %z : f64
    %yz = arith.mulf %y, %z : f64
    %xs = arith.mulf %x, %s : f64
    %ys = arith.mulf %y, %s : f64
    %zs = arith.mulf %z, %s : f64
    %xyc = arith.mulf %xy, %omc : f64
    %xzc = arith.mulf %xz, %omc : f64
    %yzc = arith.mulf %yz, %omc : f64
    %oxx = arith.subf %one, %xx : f64
    %oyy = arith.subf %one, %yy : f64
    %ozz = arith.subf %one, %zz : f64
    %cxx = arith.mulf %oxx, %c : f64
    %cyy = arith.mulf %oyy, %c : f64
    %czz = arith.mulf %ozz, %c : f64
    %g00 = arith.addf %xx, %cxx : f64
    %g01 = arith.subf %xyc, %zs : f64
    %g02 = arith.addf %xzc, %ys : f64
    %g10 = arith.addf %xyc, %zs : f64
    %g11 = arith.addf %yy, %cyy : f64
    %g12 = arith.subf %yzc, %xs : f64
    %g20 = arith.subf %xzc, %ys : f64
    %g21 = arith.addf %yzc, %xs : f64
    %g22 = arith.addf %zz, %czz : f64
    scf.yield %g00, %g01, %g02, %g10, %g11, %g12, %g20, %g21, %g22
        : f64, f64, f64, f64, f64, f64, f64, f64, f64
  }
  // Mirroring negates the points' x coordinate: the rotation's column 0.
  %m00 = arith.mulf %g#0, %mirror : f64
  %m10 = arith.mulf %g#3, %mirror : f64
  %m20 = arith.mulf %g#6, %mirror : f64
  %rotation = tensor.from_elements %m00, %g#1, %g#2, %m10, %g#4, %g#5, %m20, %g#7, %g#8
      : tensor<3x3xf64>
  %translation = tensor.from_elements %t0, %t1, %t2 : tensor<3xf64>
  %n = tensor.dim %points, %c0 : tensor<?x3xf64>
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %start = linalg.generic {indexing_maps = [#row, affine_map<(i, j) -> (j)>, #row],
                           iterator_types = ["parallel", "parallel"]}
      ins(%points, %translation : tensor<?x3xf64>, tensor<3xf64>) outs(%e : tensor<?x3xf64>) {
    ^bb0(%p: f64, %t: f64, %out: f64):
      %d = arith.subf %p, %t : f64
      linalg.yield %d : f64
  } -> tensor<?x3xf64>
  %err = linalg.generic {indexing_maps = [affine_map<(i, j, l) -> (i, l)>,
                                          affine_map<(i, j, l) -> (j, l)>,
                                          affine_map<(i, j, l) -> (i, j)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%hand, %rotation : tensor<?x3xf64>, tensor<3x3xf64>) outs(%start : tensor<?x3xf64>) {
    ^bb0(%h: f64, %r: f64, %acc: f64):
      %t = arith.mulf %h, %r : f64
      %d = arith.subf %acc, %t : f64
      linalg.yield %d : f64
  } -> tensor<?x3xf64>
  return %err : tensor<?x3xf64>
}

func.func @simple(%theta: tensor<26xf64>, %parents: tensor<?xindex>,
                  %relatives: tensor<?x4x4xf64>, %inverse_absolutes: tensor<?x4x4xf64>,
                  %base_positions: tensor<?x4xf64>, %weights: tensor<?x?xf64>, %mirror: f64,
                  %corr: tensor<?xindex>, %points: tensor<?x3xf64>) -> tensor<?x3xf64> {
  %c0 = arith.constant 0 : index
  %transforms = func.call @bone_transforms(%theta, %parents, %relatives, %inverse_absolutes)
      : (tensor<26xf64>, tensor<?xindex>, tensor<?x4x4xf64>, tensor<?x4x4xf64>) -> tensor<?x12xf64>
  %pos = func.call @skin(%transforms, %base_positions, %weights)
      : (tensor<?x12xf64>, tensor<?x4xf64>, tensor<?x?xf64>) -> tensor<?x3xf64>
  %n = tensor.dim %corr, %c0 : tensor<?xindex>
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %hand = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x3xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %v = tensor.extract %corr[%i] : tensor<?xindex>
      %p = tensor.extract %pos[%v, %j] : tensor<?x3xf64>
      linalg.yield %p : f64
  } -> tensor<?x3xf64>
  %err = func.call @residuals(%theta, %mirror, %hand, %points)
      : (tensor<26xf64>, f64, tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  return %err : tensor<?x3xf64>
}

func.func @complicated(%theta: tensor<26xf64>, %us: tensor<?x2xf64>, %parents: tensor<?xindex>,
                       %relatives: tensor<?x4x4xf64>, %inverse_absolutes: tensor<?x4x4xf64>,
                       %base_positions: tensor<?x4xf64>, %weights: tensor<?x?xf64>, %mirror: f64,
                       %triangles: tensor<?x3xindex>, %corr: tensor<?xindex>,
                       %points: tensor<?x3xf64>) -> tensor<?x3xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %one = arith.constant 1.0 : f64
  %transforms = func.call @bone_transforms(%theta, %parents, %relatives, %inverse_absolutes)
      : (tensor<26xf64>, tensor<?xindex>, tensor<?x4x4xf64>, tensor<?x4x4xf64>) -> tensor<?x12xf64>
  %pos = func.call @skin(%transforms, %base_positions, %weights)
      : (tensor<?x12xf64>, tensor<?x4xf64>, tensor<?x?xf64>) -> tensor<?x3xf64>
  %n = tensor.dim %corr, %c0 : tensor<?xindex>
  %e = tensor.empty(%n) : tensor<?x3xf64>
  %hand = linalg.generic {indexing_maps = [#row], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x3xf64>) {
    ^bb0(%out: f64):
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %t = tensor.extract %corr[%i] : tensor<?xindex>
      %va = tensor.extract %triangles[%t, %c0] : tensor<?x3xindex>
      %vb = tensor.extract %triangles[%t, %c1] : tensor<?x3xindex>
      %vc = tensor.extract %triangles[%t, %c2] : tensor<?x3xindex>
      %u0 = tensor.extract %us[%i, %c0] : tensor<?x2xf64>
      %u1 = tensor.extract %us[%i, %c1] : tensor<?x2xf64>
      %pa = tensor.extract %pos[%va, %j] : tensor<?x3xf64>
      %pb = tensor.extract %pos[%vb, %j] : tensor<?x3xf64>
      %pc = tensor.extract %pos[%vc, %j] : tensor<?x3xf64>
      %wa = arith.mulf %u0, %pa : f64
      %wb = arith.mulf %u1, %pb : f64
      %s = arith.addf %u0, %u1 : f64
      %u2 = arith.subf %one, %s : f64
      %wc = arith.mulf %u2, %pc : f64
      %ab = arith.addf %wa, %wb : f64
      %p = arith.addf %ab, %wc : f64
      linalg.yield %p : f64
  } -> tensor<?x3xf64>
  %err = func.call @residuals(%theta, %mirror, %hand, %points)
      : (tensor<26xf64>, f64, tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  return %err : tensor<?x3xf64>
}
