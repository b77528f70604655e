// An embedding bag and cross-entropy with integer labels:
//   h_b = sum_k E[ids[b, k]]   (bag of K ids per example, E: V x D)
//   logits_b = h_b W           (W: D x C)
//   loss = sum_b logsumexp(logits_b) - logits_b[label_b]
#bk = affine_map<(b, k, d) -> (b, k)>
#bd3 = affine_map<(b, k, d) -> (b, d)>
#bc = affine_map<(b, c) -> (b, c)>
#b = affine_map<(b, c) -> (b)>
#b1 = affine_map<(b) -> (b)>
#s1 = affine_map<(b) -> ()>
func.func @loss(%E: tensor<?x?xf32>, %W: tensor<?x?xf32>, %ids: tensor<?x?xi32>, %labels: tensor<?xi32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %nb = tensor.dim %ids, %c0 : tensor<?x?xi32>
  %d = tensor.dim %E, %c1 : tensor<?x?xf32>
  %nc = tensor.dim %W, %c1 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %eh = tensor.empty(%nb, %d) : tensor<?x?xf32>
  %zh = linalg.fill ins(%zero : f32) outs(%eh : tensor<?x?xf32>) -> tensor<?x?xf32>
  %h = linalg.generic {indexing_maps = [#bk, #bd3], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%ids : tensor<?x?xi32>) outs(%zh : tensor<?x?xf32>) {
  ^bb0(%id: i32, %acc: f32):
    %j = linalg.index 2 : index
    %row = arith.index_cast %id : i32 to index
    %v = tensor.extract %E[%row, %j] : tensor<?x?xf32>
    %s = arith.addf %acc, %v : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  %el = tensor.empty(%nb, %nc) : tensor<?x?xf32>
  %zl = linalg.fill ins(%zero : f32) outs(%el : tensor<?x?xf32>) -> tensor<?x?xf32>
  %logits = linalg.matmul ins(%h, %W : tensor<?x?xf32>, tensor<?x?xf32>) outs(%zl : tensor<?x?xf32>) -> tensor<?x?xf32>
  // logsumexp per row, stabilized by the row max (max is a cut of the
  // derivative: the result does not depend on it).
  %ninf = arith.constant 0xFF800000 : f32
  %em = tensor.empty(%nb) : tensor<?xf32>
  %zm = linalg.fill ins(%ninf : f32) outs(%em : tensor<?xf32>) -> tensor<?xf32>
  %m = linalg.generic {indexing_maps = [#bc, #b], iterator_types = ["parallel", "reduction"]}
      ins(%logits : tensor<?x?xf32>) outs(%zm : tensor<?xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.maximumf %acc, %v : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %ms = tape.stop_gradient %m : tensor<?xf32>
  %zs = linalg.fill ins(%zero : f32) outs(%em : tensor<?xf32>) -> tensor<?xf32>
  %se = linalg.generic {indexing_maps = [#bc, #b, #b], iterator_types = ["parallel", "reduction"]}
      ins(%logits, %ms : tensor<?x?xf32>, tensor<?xf32>) outs(%zs : tensor<?xf32>) {
  ^bb0(%v: f32, %mx: f32, %acc: f32):
    %t = arith.subf %v, %mx : f32
    %ex = math.exp %t : f32
    %r = arith.addf %acc, %ex : f32
    linalg.yield %r : f32
  } -> tensor<?xf32>
  %e0 = tensor.empty() : tensor<f32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %loss = linalg.generic {indexing_maps = [#b1, #b1, #b1, #s1], iterator_types = ["reduction"]}
      ins(%se, %ms, %labels : tensor<?xf32>, tensor<?xf32>, tensor<?xi32>) outs(%i0 : tensor<f32>) {
  ^bb0(%s: f32, %mx: f32, %l: i32, %acc: f32):
    %i = linalg.index 0 : index
    %li = arith.index_cast %l : i32 to index
    %picked = tensor.extract %logits[%i, %li] : tensor<?x?xf32>
    %lse0 = math.log %s : f32
    %lse = arith.addf %lse0, %mx : f32
    %t = arith.subf %lse, %picked : f32
    %r = arith.addf %acc, %t : f32
    linalg.yield %r : f32
  } -> tensor<f32>
  %v = tensor.extract %loss[] : tensor<f32>
  return %v : f32
}
