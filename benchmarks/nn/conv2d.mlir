// A CNN layer's loss: 0.5 * sum(conv2d_nhwc_hwcf(x, w)^2), 3x3 filters,
// stride 1, no padding; the shapes come from the arguments.
#all = affine_map<(n, h, w, f) -> ()>
#id = affine_map<(n, h, w, f) -> (n, h, w, f)>
func.func @loss(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %x, %c0 : tensor<?x?x?x?xf32>
  %h = tensor.dim %x, %c1 : tensor<?x?x?x?xf32>
  %wd = tensor.dim %x, %c2 : tensor<?x?x?x?xf32>
  %kh = tensor.dim %w, %c0 : tensor<?x?x?x?xf32>
  %kw = tensor.dim %w, %c1 : tensor<?x?x?x?xf32>
  %f = tensor.dim %w, %c3 : tensor<?x?x?x?xf32>
  %oh0 = arith.subi %h, %kh : index
  %oh = arith.addi %oh0, %c1 : index
  %ow0 = arith.subi %wd, %kw : index
  %ow = arith.addi %ow0, %c1 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty(%n, %oh, %ow, %f) : tensor<?x?x?x?xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %y = linalg.conv_2d_nhwc_hwcf {strides = dense<1> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
     ins(%x, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%z : tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction", "reduction", "reduction", "reduction"]}
      ins(%y : tensor<?x?x?x?xf32>) outs(%i0 : tensor<f32>) {
  ^bb0(%v: f32, %acc: f32):
    %half = arith.constant 0.5 : f32
    %sq = arith.mulf %v, %v : f32
    %t = arith.mulf %sq, %half : f32
    %r = arith.addf %acc, %t : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  %v = tensor.extract %s[] : tensor<f32>
  return %v : f32
}
