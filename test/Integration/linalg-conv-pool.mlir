// Convolutions and pooling, every gradient checked by finite differences:
// the data adjoint of an operand indexed by s * oh + d * kh is a loop over
// the kernel offsets around a structured op that adds into a strided slice
// (no zero-stuffed tensor), the filter adjoint one linalg.generic. Strides,
// dilations, static and dynamic shapes, NHWC and NCHW, depthwise, 1-d and
// 3-d, max/min/sum pooling (max ties share the adjoint, as max reductions).
// RUN: %python %S/Inputs/random_args.py 7 3 > %t.conv1d.json
// RUN: rewind-run %s --entry conv1d --args-file %t.conv1d.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x7x7x2 3x3x2x3 > %t.nhwc.json
// RUN: rewind-run %s --entry nhwc_strided --args-file %t.nhwc.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: rewind-run %s --entry nhwc_strided --args-file %t.nhwc.json --grad --check --check-tolerance=1e-7 --vectorize=false | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 2x8x9x3 3x3x3x2 > %t.dilated.json
// RUN: rewind-run %s --entry nhwc_dilated_dynamic --args-file %t.dilated.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x2x6x6 3x2x3x3 > %t.nchw.json
// RUN: rewind-run %s --entry nchw --args-file %t.nchw.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x6x6x3 3x3x3 > %t.depthwise.json
// RUN: rewind-run %s --entry depthwise --args-file %t.depthwise.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x4x5x5x2 2x2x2x2x2 > %t.conv3d.json
// RUN: rewind-run %s --entry conv3d --args-file %t.conv3d.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x6x6x2 > %t.pool.json
// RUN: rewind-run %s --entry maxpool --args-file %t.pool.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: rewind-run %s --entry minpool --args-file %t.pool.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: rewind-run %s --entry sumpool --args-file %t.pool.json --grad --check --check-tolerance=1e-7 | FileCheck %s
// RUN: %python %S/Inputs/random_args.py 1x7x7x2 3x3x2x3 > %t.f32.json
// RUN: rewind-run %s --entry nhwc_f32 --args-file %t.f32.json --grad --check --check-tolerance=1e-3 | FileCheck %s
// CHECK: check: max relative error
//
// Max pooling over equal values: the tied inputs share the adjoint evenly
// (the window of channel 0 holds four 1s, that of channel 1 two 2s).
// RUN: rewind-run %s --entry maxpool --args '[[[[[1, 1], [1, 2], [0, 0], [0, 0], [0, 0], [0, 0]], [[1, 1], [1, 2], [0, 0], [0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]]]]]' --grad --json | FileCheck %s --check-prefix=TIES
// TIES: "gradient": {{\[\[\[\[\[}}0.5, 0.0], [0.5, 2.0], [0.0, 0.0]
//
// The structure of a strided conv's data adjoint: loops over the kernel
// offsets around a linalg.generic that adds into a strided slice.
// RUN: rewind-opt %s --rewind-differentiate | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @grad_nhwc_strided
// IR: scf.for %[[KH:.*]] = %{{.*}} to %{{.*}} step
// IR: scf.for %[[KW:.*]] = %{{.*}} to %{{.*}} step
// IR: %[[SLICE:.*]] = tensor.extract_slice %{{.*}}[0, %[[KH]], %[[KW]], 0] [1, 3, 3, 2] [1, 2, 2, 1] : tensor<1x7x7x2xf64> to tensor<1x3x3x2xf64>
// IR: linalg.generic {{.*}} outs(%[[SLICE]] : tensor<1x3x3x2xf64>)
// IR: tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[KH]], %[[KW]], 0] [1, 3, 3, 2] [1, 2, 2, 1]
// IR: return

#all4 = affine_map<(a, b, c, d) -> ()>
#all5 = affine_map<(a, b, c, d, e) -> ()>

func.func @conv1d(%x: tensor<7xf64>, %w: tensor<3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<5xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<5xf64>) -> tensor<5xf64>
  %c = linalg.conv_1d ins(%x, %w : tensor<7xf64>, tensor<3xf64>) outs(%z : tensor<5xf64>) -> tensor<5xf64>
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%c : tensor<5xf64>) outs(%i0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %q = math.sin %in : f64
      %r = arith.addf %acc, %q : f64
      linalg.yield %r : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

// sum(tanh(conv)) over a 4-d result.
func.func @loss4(%c: tensor<?x?x?x?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%c : tensor<?x?x?x?xf64>) outs(%i0 : tensor<f64>) dimensions = [0, 1, 2, 3]
    (%in: f64, %acc: f64) {
      %q = math.tanh %in : f64
      %r = arith.addf %acc, %q : f64
      linalg.yield %r : f64
    }
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

func.func @nhwc_strided(%x: tensor<1x7x7x2xf64>, %w: tensor<3x3x2x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<1x3x3x3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<1x3x3x3xf64>) -> tensor<1x3x3x3xf64>
  %c = linalg.conv_2d_nhwc_hwcf {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x7x2xf64>, tensor<3x3x2x3xf64>) outs(%z : tensor<1x3x3x3xf64>) -> tensor<1x3x3x3xf64>
  %d = tensor.cast %c : tensor<1x3x3x3xf64> to tensor<?x?x?x?xf64>
  %v = func.call @loss4(%d) : (tensor<?x?x?x?xf64>) -> f64
  return %v : f64
}

// Dilation 2 and stride 1 on dynamic shapes.
func.func @nhwc_dilated_dynamic(%x: tensor<?x?x?x?xf64>, %w: tensor<?x?x?x?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %x, %c0 : tensor<?x?x?x?xf64>
  %h = tensor.dim %x, %c1 : tensor<?x?x?x?xf64>
  %wd = tensor.dim %x, %c2 : tensor<?x?x?x?xf64>
  %kh = tensor.dim %w, %c0 : tensor<?x?x?x?xf64>
  %kw = tensor.dim %w, %c1 : tensor<?x?x?x?xf64>
  %f = tensor.dim %w, %c3 : tensor<?x?x?x?xf64>
  // oh = h - 2 (kh - 1)
  %kh1 = arith.subi %kh, %c1 : index
  %kw1 = arith.subi %kw, %c1 : index
  %sh = arith.muli %kh1, %c2 : index
  %sw = arith.muli %kw1, %c2 : index
  %oh = arith.subi %h, %sh : index
  %ow = arith.subi %wd, %sw : index
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty(%n, %oh, %ow, %f) : tensor<?x?x?x?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64>
  %c = linalg.conv_2d_nhwc_hwcf {strides = dense<1> : tensor<2xi64>, dilations = dense<2> : tensor<2xi64>}
     ins(%x, %w : tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>) outs(%z : tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64>
  %v = func.call @loss4(%c) : (tensor<?x?x?x?xf64>) -> f64
  return %v : f64
}

func.func @nchw(%x: tensor<1x2x6x6xf64>, %w: tensor<3x2x3x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<1x3x4x4xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<1x3x4x4xf64>) -> tensor<1x3x4x4xf64>
  %c = linalg.conv_2d_nchw_fchw {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x2x6x6xf64>, tensor<3x2x3x3xf64>) outs(%z : tensor<1x3x4x4xf64>) -> tensor<1x3x4x4xf64>
  %d = tensor.cast %c : tensor<1x3x4x4xf64> to tensor<?x?x?x?xf64>
  %v = func.call @loss4(%d) : (tensor<?x?x?x?xf64>) -> f64
  return %v : f64
}

func.func @depthwise(%x: tensor<1x6x6x3xf64>, %w: tensor<3x3x3xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<1x2x2x3xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<1x2x2x3xf64>) -> tensor<1x2x2x3xf64>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x6x6x3xf64>, tensor<3x3x3xf64>) outs(%z : tensor<1x2x2x3xf64>) -> tensor<1x2x2x3xf64>
  %d = tensor.cast %c : tensor<1x2x2x3xf64> to tensor<?x?x?x?xf64>
  %v = func.call @loss4(%d) : (tensor<?x?x?x?xf64>) -> f64
  return %v : f64
}

func.func @conv3d(%x: tensor<1x4x5x5x2xf64>, %w: tensor<2x2x2x2x2xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<1x3x4x4x2xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<1x3x4x4x2xf64>) -> tensor<1x3x4x4x2xf64>
  %c = linalg.conv_3d_ndhwc_dhwcf {strides = dense<1> : tensor<3xi64>, dilations = dense<1> : tensor<3xi64>}
     ins(%x, %w : tensor<1x4x5x5x2xf64>, tensor<2x2x2x2x2xf64>) outs(%z : tensor<1x3x4x4x2xf64>) -> tensor<1x3x4x4x2xf64>
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [affine_map<(a, b, c, d, e) -> (a, b, c, d, e)>, #all5], iterator_types = ["reduction", "reduction", "reduction", "reduction", "reduction"]}
      ins(%c : tensor<1x3x4x4x2xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %q = math.tanh %in : f64
    %r = arith.addf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

// sum(pool(x)^2) with 2x2 windows, stride 2.
func.func @maxpool(%x: tensor<1x6x6x2xf64>) -> f64 {
  %init = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty() : tensor<1x3x3x2xf64>
  %z = linalg.fill ins(%init : f64) outs(%e : tensor<1x3x3x2xf64>) -> tensor<1x3x3x2xf64>
  %k = tensor.empty() : tensor<2x2xf64>
  %c = linalg.pooling_nhwc_max {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %k : tensor<1x6x6x2xf64>, tensor<2x2xf64>) outs(%z : tensor<1x3x3x2xf64>) -> tensor<1x3x3x2xf64>
  %v = func.call @squares(%c) : (tensor<1x3x3x2xf64>) -> f64
  return %v : f64
}
func.func @minpool(%x: tensor<1x6x6x2xf64>) -> f64 {
  %init = arith.constant 0x7FF0000000000000 : f64
  %e = tensor.empty() : tensor<1x4x4x2xf64>
  %z = linalg.fill ins(%init : f64) outs(%e : tensor<1x4x4x2xf64>) -> tensor<1x4x4x2xf64>
  %k = tensor.empty() : tensor<2x2xf64>
  %c = linalg.pooling_nhwc_min {strides = dense<1> : tensor<2xi64>, dilations = dense<2> : tensor<2xi64>}
     ins(%x, %k : tensor<1x6x6x2xf64>, tensor<2x2xf64>) outs(%z : tensor<1x4x4x2xf64>) -> tensor<1x4x4x2xf64>
  %d = tensor.cast %c : tensor<1x4x4x2xf64> to tensor<?x?x?x?xf64>
  %v = func.call @loss4(%d) : (tensor<?x?x?x?xf64>) -> f64
  return %v : f64
}
func.func @sumpool(%x: tensor<1x6x6x2xf64>) -> f64 {
  %init = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<1x3x3x2xf64>
  %z = linalg.fill ins(%init : f64) outs(%e : tensor<1x3x3x2xf64>) -> tensor<1x3x3x2xf64>
  %k = tensor.empty() : tensor<2x2xf64>
  %c = linalg.pooling_nhwc_sum {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %k : tensor<1x6x6x2xf64>, tensor<2x2xf64>) outs(%z : tensor<1x3x3x2xf64>) -> tensor<1x3x3x2xf64>
  %v = func.call @squares(%c) : (tensor<1x3x3x2xf64>) -> f64
  return %v : f64
}
func.func @squares(%c: tensor<1x3x3x2xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %i0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, #all4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]}
      ins(%c : tensor<1x3x3x2xf64>) outs(%i0 : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %q = arith.mulf %in, %in : f64
    %r = arith.addf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}

func.func @nhwc_f32(%x: tensor<1x7x7x2xf32>, %w: tensor<3x3x2x3xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x5x5x3xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  %c = linalg.conv_2d_nhwc_hwcf {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>) outs(%z : tensor<1x5x5x3xf32>) -> tensor<1x5x5x3xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, #all4], iterator_types = ["reduction", "reduction", "reduction", "reduction"]}
      ins(%c : tensor<1x5x5x3xf32>) outs(%i0 : tensor<f32>) {
  ^bb0(%in: f32, %acc: f32):
    %q = math.tanh %in : f32
    %r = arith.addf %acc, %q : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  %v = tensor.extract %s[] : tensor<f32>
  return %v : f32
}

func.func @grad_nhwc_strided(%x: tensor<1x7x7x2xf64>, %w: tensor<3x3x2x3xf64>) -> (tensor<1x7x7x2xf64>, tensor<3x3x2x3xf64>) {
  %g:2 = tape.grad @nhwc_strided(%x, %w) : (tensor<1x7x7x2xf64>, tensor<3x3x2x3xf64>) -> (tensor<1x7x7x2xf64>, tensor<3x3x2x3xf64>)
  return %g#0, %g#1 : tensor<1x7x7x2xf64>, tensor<3x3x2x3xf64>
}
