// linalg.matvec, linalg.vecmat, linalg.dot, linalg.batch_matvec and
// linalg.batch_vecmat, f64, static (active inits, including a 0-d one for the
// dot) and dynamic (non-square); linalg.dot on f32 with the same operand twice.
// The vector adjoint of a matvec is a vecmat and vice versa; the matrix
// adjoints come from the generic rule.
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15]], [0.9, -0.4, 1.3], [0.25, -0.6, 0.1], 0.35]' --grad --json | FileCheck %s --check-prefix=F
// RUN: rewind-run %s --entry f --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15]], [0.9, -0.4, 1.3], [0.25, -0.6, 0.1], 0.35]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=F,F-FD
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]], [0.9, -0.4, 1.3], [0.3, -0.2, 0.7, 0.45]]' --grad --json | FileCheck %s --check-prefix=D
// RUN: rewind-run %s --entry dynamic --args '[[[0.5, -1.25, 0.8], [1.1, 0.3, -0.7], [0.2, 0.65, -0.15], [-0.35, 0.4, 0.05]], [0.9, -0.4, 1.3], [0.3, -0.2, 0.7, 0.45]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=D,D-FD
// RUN: rewind-run %s --entry batched --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194], [0.899, 0.287, -0.745]], [[-0.686, 0.378, 0.888], [0.097, -0.836, -0.544], [0.545, 0.836, -0.098]]], [[0.9, -0.4, 1.3], [0.2, 0.6, -0.5]]]' --grad --json | FileCheck %s --check-prefix=B
// RUN: rewind-run %s --entry batched --args '[[[[0.0, 0.867, 0.464], [-0.619, -0.795, 0.194], [0.899, 0.287, -0.745]], [[-0.686, 0.378, 0.888], [0.097, -0.836, -0.544], [0.545, 0.836, -0.098]]], [[0.9, -0.4, 1.3], [0.2, 0.6, -0.5]]]' --grad --json --check --check-tolerance=1e-6 | FileCheck %s --check-prefixes=B,B-FD
// RUN: rewind-run %s --entry dot_f32 --args '[[0.5, -0.3, 0.8, 0.2], [0.9, 0.4, -1.1, 0.6]]' --grad --json | FileCheck %s --check-prefix=F32
// RUN: rewind-run %s --entry dot_f32 --args '[[0.5, -0.3, 0.8, 0.2], [0.9, 0.4, -1.1, 0.6]]' --grad --json --check --check-tolerance=1e-2 | FileCheck %s --check-prefixes=F32,F32-FD

// F: {"value": 5.998114412{{[0-9]*}}, "gradient": [
// F-SAME: {{\[\[}}6.408732480{{[0-9]*}}, -4.162719338{{[0-9]*}}, 4.818269887{{[0-9]*}}], [0.5686245412{{[0-9]*}}, 0.1228190650{{[0-9]*}}, 2.089571742{{[0-9]*}}], [-0.01222984986{{[0-9]*}}, 0.1081225038{{[0-9]*}}, 0.329114984{{[0-9]*}}]],
// F-SAME: [3.859697263{{[0-9]*}}, -5.516923196{{[0-9]*}}, 2.918931892{{[0-9]*}}],
// F-SAME: [2.570395109{{[0-9]*}}, 1.931924690{{[0-9]*}}, 0.3419127433{{[0-9]*}}],
// F-SAME: {{(1\.0(0{9}[0-9]*)?|0\.9{9}[0-9]*)}}
// F-SAME: ]
// F-FD-SAME: "max_rel_error":

// D: {"value": 0.8356796483{{[0-9]*}}, "gradient": [
// D-SAME: {{\[\[}}0.2025224090{{[0-9]*}}, 0.3368332560{{[0-9]*}}, 0.1476785223{{[0-9]*}}], [0.5200452326{{[0-9]*}}, -0.5156933582{{[0-9]*}}, 0.8477456779{{[0-9]*}}], [2.193504699{{[0-9]*}}, 0.02107652543{{[0-9]*}}, 2.830403369{{[0-9]*}}], [1.678687183{{[0-9]*}}, -0.1058183690{{[0-9]*}}, 2.207489606{{[0-9]*}}]],
// D-SAME: [0.6795962655{{[0-9]*}}, 2.000976247{{[0-9]*}}, -0.8260743784{{[0-9]*}}],
// D-SAME: [2.027861778{{[0-9]*}}, 0.6805611094{{[0-9]*}}, 0.4178672934{{[0-9]*}}, -0.3188307645{{[0-9]*}}]
// D-SAME: ]
// D-FD-SAME: "max_rel_error":

// B: {"value": 1.047952326{{[0-9]*}}, "gradient": [
// B-SAME: {{\[\[\[}}1.417156492{{[0-9]*}}, -0.2654364706{{[0-9]*}}, 1.931501269{{[0-9]*}}], [-1.070209090{{[0-9]*}}, 0.4942669804{{[0-9]*}}, -1.551758837{{[0-9]*}}], [0.1384369242{{[0-9]*}}, -0.4512367950{{[0-9]*}}, 0.3234855074{{[0-9]*}}]], {{\[\[}}-0.1765232677{{[0-9]*}}, 0.06461188171{{[0-9]*}}, -0.6407512350{{[0-9]*}}], [-0.4030034492{{[0-9]*}}, -0.8565922038{{[0-9]*}}, 0.3657228250{{[0-9]*}}], [0.7616923743{{[0-9]*}}, 1.179201729{{[0-9]*}}, 0.1096696939{{[0-9]*}}]]],
// B-SAME: {{\[\[}}1.148133610{{[0-9]*}}, 2.211474842{{[0-9]*}}, 0.03501986114{{[0-9]*}}], [0.05417429504{{[0-9]*}}, 2.057494686{{[0-9]*}}, 1.045878294{{[0-9]*}}]]
// B-SAME: ]
// B-FD-SAME: "max_rel_error":

// F32: {"value": 0.42210{{[0-9]*}}, "gradient": [
// F32-SAME: [1.4233{{[0-9]*}}, 0.085980{{[0-9]*}}, -0.26261{{[0-9]*}}, 0.80934{{[0-9]*}}],
// F32-SAME: [{{(0\.5(0{4}[0-9]*)?|0\.49{4}[0-9]*)}}, -{{(0\.3(0{4}[0-9]*)?|0\.29{4}[0-9]*)}}, {{(0\.8(0{4}[0-9]*)?|0\.79{4}[0-9]*)}}, {{(0\.2(0{4}[0-9]*)?|0\.19{4}[0-9]*)}}]
// F32-SAME: ]
// F32-FD-SAME: "max_rel_error":

#id1 = affine_map<(i) -> (i)>
#all1 = affine_map<(i) -> ()>

func.func private @sinsum(%t: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#id1, #all1], iterator_types = ["reduction"]}
      ins(%t : tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%p: f64, %acc: f64):
    %t1 = math.sin %p : f64
    %u = arith.addf %acc, %t1 : f64
    linalg.yield %u : f64
  } -> tensor<f64>
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}

// y = A x + y0 (matvec, active init), z = y A (vecmat), d = z . x (dot into
// an active 0-d init s0). r = sum(sin(y)) + sum(sin(z)) + d
func.func @f(%a: tensor<3x3xf64>, %x: tensor<3xf64>, %y0: tensor<3xf64>, %s0: tensor<f64>) -> f64 {
  %y = linalg.matvec ins(%a, %x : tensor<3x3xf64>, tensor<3xf64>) outs(%y0 : tensor<3xf64>) -> tensor<3xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<3xf64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e : tensor<3xf64>) -> tensor<3xf64>
  %z = linalg.vecmat ins(%y, %a : tensor<3xf64>, tensor<3x3xf64>) outs(%z0 : tensor<3xf64>) -> tensor<3xf64>
  %d = linalg.dot ins(%z, %x : tensor<3xf64>, tensor<3xf64>) outs(%s0 : tensor<f64>) -> tensor<f64>
  %yd = tensor.cast %y : tensor<3xf64> to tensor<?xf64>
  %zd = tensor.cast %z : tensor<3xf64> to tensor<?xf64>
  %sy = func.call @sinsum(%yd) : (tensor<?xf64>) -> f64
  %sz = func.call @sinsum(%zd) : (tensor<?xf64>) -> f64
  %dv = tensor.extract %d[] : tensor<f64>
  %p = arith.addf %sy, %sz : f64
  %r = arith.addf %p, %dv : f64
  return %r : f64
}

// Dynamic, non-square: y = A x (n x k times k), z = w A (n times n x k);
// r = sum(sin(y)) + sum(sin(z)) + dot(x, z)
func.func @dynamic(%a: tensor<?x?xf64>, %x: tensor<?xf64>, %w: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %a, %c0 : tensor<?x?xf64>
  %k = tensor.dim %a, %c1 : tensor<?x?xf64>
  %zero = arith.constant 0.0 : f64
  %en = tensor.empty(%n) : tensor<?xf64>
  %zn = linalg.fill ins(%zero : f64) outs(%en : tensor<?xf64>) -> tensor<?xf64>
  %ek = tensor.empty(%k) : tensor<?xf64>
  %zk = linalg.fill ins(%zero : f64) outs(%ek : tensor<?xf64>) -> tensor<?xf64>
  %y = linalg.matvec ins(%a, %x : tensor<?x?xf64>, tensor<?xf64>) outs(%zn : tensor<?xf64>) -> tensor<?xf64>
  %z = linalg.vecmat ins(%w, %a : tensor<?xf64>, tensor<?x?xf64>) outs(%zk : tensor<?xf64>) -> tensor<?xf64>
  %e0 = tensor.empty() : tensor<f64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %d = linalg.dot ins(%x, %z : tensor<?xf64>, tensor<?xf64>) outs(%z0 : tensor<f64>) -> tensor<f64>
  %sy = func.call @sinsum(%y) : (tensor<?xf64>) -> f64
  %sz = func.call @sinsum(%z) : (tensor<?xf64>) -> f64
  %dv = tensor.extract %d[] : tensor<f64>
  %p = arith.addf %sy, %sz : f64
  %r = arith.addf %p, %dv : f64
  return %r : f64
}

// batch_matvec and batch_vecmat: u(b) = A(b) x(b), v(b) = u(b) A(b);
// r = sum(sin(v)).
func.func @batched(%a: tensor<2x3x3xf64>, %x: tensor<2x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<2x3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2x3xf64>) -> tensor<2x3xf64>
  %u = linalg.batch_matvec ins(%a, %x : tensor<2x3x3xf64>, tensor<2x3xf64>) outs(%z : tensor<2x3xf64>) -> tensor<2x3xf64>
  %v = linalg.batch_vecmat ins(%u, %a : tensor<2x3xf64>, tensor<2x3x3xf64>) outs(%z : tensor<2x3xf64>) -> tensor<2x3xf64>
  %flat = tensor.collapse_shape %v [[0, 1]] : tensor<2x3xf64> into tensor<6xf64>
  %fd = tensor.cast %flat : tensor<6xf64> to tensor<?xf64>
  %r = func.call @sinsum(%fd) : (tensor<?xf64>) -> f64
  return %r : f64
}

// linalg.dot on f32, both operands the same tensor: r = sin(x . x) + x . y
func.func @dot_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %xx = linalg.dot ins(%x, %x : tensor<4xf32>, tensor<4xf32>) outs(%z0 : tensor<f32>) -> tensor<f32>
  %xy = linalg.dot ins(%x, %y : tensor<4xf32>, tensor<4xf32>) outs(%z0 : tensor<f32>) -> tensor<f32>
  %a = tensor.extract %xx[] : tensor<f32>
  %b = tensor.extract %xy[] : tensor<f32>
  %s = math.sin %a : f32
  %r = arith.addf %s, %b : f32
  return %r : f32
}
