// ADBench LSTM objective: the loss of an l-layer LSTM character model over a
// sequence of c steps of b features (see /work/shared/adbench/README.md, or
// ADBench's lstm_objective). Every size is dynamic.
//
//   main  : 2l x 4b   row 2i: layer i weights [forget | input | output | change],
//                     row 2i+1: the biases, same order
//   extra : 3 x b     input weight, output weight, output bias
//   state : 2l x b    initial hidden (row 2i) and cell (row 2i+1) of layer i
//   seq   : c x b     the input sequence
//
// Result: -sum_{t<c-1} sum_j seq[t+1,j] (y_j - log(sum_j exp y_j + 2)) / (b (c-1)),
// y the prediction from seq[0..t]. Differentiate with respect to 0 and 1.
//
// Variant of ../../lstm.mlir written with rows: tensor slices at dynamic
// offsets and one linalg.generic over the b features for the cell. Same
// results; its objective is faster, its gradient slower (the tape holds about
// 17 b-vectors per layer and step). Run it with
//   rewind-adbench lstm FILE --mlir-dir benchmarks/adbench/variants/rows

#v = affine_map<(i) -> (i)>
#s = affine_map<(i) -> ()>

module {
  func.func @lstm(%main: tensor<?x?xf64>, %extra: tensor<?x?xf64>,
                  %state0: tensor<?x?xf64>, %seq: tensor<?x?xf64>) -> f64 {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %zero = arith.constant 0.0 : f64
    %one = arith.constant 1.0 : f64
    %two = arith.constant 2.0 : f64
    %b = tensor.dim %extra, %c1 : tensor<?x?xf64>
    %c = tensor.dim %seq, %c0 : tensor<?x?xf64>
    %rows = tensor.dim %main, %c0 : tensor<?x?xf64>
    %l = arith.divui %rows, %c2 : index
    %b2 = arith.muli %b, %c2 : index
    %b3 = arith.muli %b, %c3 : index
    %steps = arith.subi %c, %c1 : index

    %in_w = tensor.extract_slice %extra[0, 0] [1, %b] [1, 1]
        : tensor<?x?xf64> to tensor<?xf64>
    %out_w = tensor.extract_slice %extra[1, 0] [1, %b] [1, 1]
        : tensor<?x?xf64> to tensor<?xf64>
    %out_b = tensor.extract_slice %extra[2, 0] [1, %b] [1, 1]
        : tensor<?x?xf64> to tensor<?xf64>
    %eb = tensor.empty(%b) : tensor<?xf64>
    %e0 = tensor.empty() : tensor<f64>

    %res:2 = scf.for %t = %c0 to %steps step %c1
        iter_args(%state = %state0, %total = %zero) -> (tensor<?x?xf64>, f64) {
      // Input of layer 0: seq[t] * in_w.
      %xin = tensor.extract_slice %seq[%t, 0] [1, %b] [1, 1]
          : tensor<?x?xf64> to tensor<?xf64>
      %x0 = linalg.generic {indexing_maps = [#v, #v, #v], iterator_types = ["parallel"]}
          ins(%xin, %in_w : tensor<?xf64>, tensor<?xf64>) outs(%eb : tensor<?xf64>) {
        ^bb0(%a: f64, %w: f64, %o: f64):
          %r = arith.mulf %a, %w : f64
          linalg.yield %r : f64
      } -> tensor<?xf64>

      %layers:2 = scf.for %i = %c0 to %l step %c1
          iter_args(%s = %state, %x = %x0) -> (tensor<?x?xf64>, tensor<?xf64>) {
        %r0 = arith.muli %i, %c2 : index
        %r1 = arith.addi %r0, %c1 : index
        %wf = tensor.extract_slice %main[%r0, 0] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %wi = tensor.extract_slice %main[%r0, %b] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %wo = tensor.extract_slice %main[%r0, %b2] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %wc = tensor.extract_slice %main[%r0, %b3] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %bf = tensor.extract_slice %main[%r1, 0] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %bi = tensor.extract_slice %main[%r1, %b] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %bo = tensor.extract_slice %main[%r1, %b2] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %bc = tensor.extract_slice %main[%r1, %b3] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %h = tensor.extract_slice %s[%r0, 0] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %cell = tensor.extract_slice %s[%r1, 0] [1, %b] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
        %new:2 = linalg.generic
            {indexing_maps = [#v, #v, #v, #v, #v, #v, #v, #v, #v, #v, #v, #v, #v],
             iterator_types = ["parallel"]}
            ins(%x, %h, %cell, %wf, %wi, %wo, %wc, %bf, %bi, %bo, %bc
                : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
                  tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
                  tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
            outs(%eb, %eb : tensor<?xf64>, tensor<?xf64>) {
          ^bb0(%xv: f64, %hv: f64, %cv: f64, %vwf: f64, %vwi: f64, %vwo: f64,
               %vwc: f64, %vbf: f64, %vbi: f64, %vbo: f64, %vbc: f64,
               %oh: f64, %oc: f64):
            // forget = sigmoid(x wf + bf)
            %f0 = arith.mulf %xv, %vwf : f64
            %f1 = arith.addf %f0, %vbf : f64
            %f2 = arith.negf %f1 : f64
            %f3 = math.exp %f2 : f64
            %f4 = arith.addf %f3, %one : f64
            %f = arith.divf %one, %f4 : f64
            // ingate = sigmoid(h wi + bi)
            %i0 = arith.mulf %hv, %vwi : f64
            %i1 = arith.addf %i0, %vbi : f64
            %i2 = arith.negf %i1 : f64
            %i3 = math.exp %i2 : f64
            %i4 = arith.addf %i3, %one : f64
            %ig = arith.divf %one, %i4 : f64
            // outgate = sigmoid(x wo + bo)
            %o0 = arith.mulf %xv, %vwo : f64
            %o1 = arith.addf %o0, %vbo : f64
            %o2 = arith.negf %o1 : f64
            %o3 = math.exp %o2 : f64
            %o4 = arith.addf %o3, %one : f64
            %og = arith.divf %one, %o4 : f64
            // change = tanh(h wc + bc)
            %g0 = arith.mulf %hv, %vwc : f64
            %g1 = arith.addf %g0, %vbc : f64
            %g = math.tanh %g1 : f64
            // cell = cell f + ingate change; hidden = outgate tanh(cell)
            %n0 = arith.mulf %cv, %f : f64
            %n1 = arith.mulf %ig, %g : f64
            %nc = arith.addf %n0, %n1 : f64
            %tc = math.tanh %nc : f64
            %nh = arith.mulf %og, %tc : f64
            linalg.yield %nh, %nc : f64, f64
        } -> (tensor<?xf64>, tensor<?xf64>)
        %s1 = tensor.insert_slice %new#0 into %s[%r0, 0] [1, %b] [1, 1]
            : tensor<?xf64> into tensor<?x?xf64>
        %s2 = tensor.insert_slice %new#1 into %s1[%r1, 0] [1, %b] [1, 1]
            : tensor<?xf64> into tensor<?x?xf64>
        scf.yield %s2, %new#0 : tensor<?x?xf64>, tensor<?xf64>
      }

      // Prediction y = h * out_w + out_b and its log-normalizer.
      %y = linalg.generic {indexing_maps = [#v, #v, #v, #v], iterator_types = ["parallel"]}
          ins(%layers#1, %out_w, %out_b : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
          outs(%eb : tensor<?xf64>) {
        ^bb0(%hv: f64, %w: f64, %bb: f64, %o: f64):
          %p = arith.mulf %hv, %w : f64
          %r = arith.addf %p, %bb : f64
          linalg.yield %r : f64
      } -> tensor<?xf64>
      %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
      %set = linalg.generic {indexing_maps = [#v, #s], iterator_types = ["reduction"]}
          ins(%y : tensor<?xf64>) outs(%z0 : tensor<f64>) {
        ^bb0(%a: f64, %acc: f64):
          %e = math.exp %a : f64
          %r = arith.addf %acc, %e : f64
          linalg.yield %r : f64
      } -> tensor<f64>
      %se = tensor.extract %set[] : tensor<f64>
      %se2 = arith.addf %se, %two : f64
      %lse = math.log %se2 : f64

      // total += sum_j seq[t+1, j] (y_j - lse).
      %t1 = arith.addi %t, %c1 : index
      %gold = tensor.extract_slice %seq[%t1, 0] [1, %b] [1, 1]
          : tensor<?x?xf64> to tensor<?xf64>
      %stt = linalg.generic {indexing_maps = [#v, #v, #s], iterator_types = ["reduction"]}
          ins(%gold, %y : tensor<?xf64>, tensor<?xf64>) outs(%z0 : tensor<f64>) {
        ^bb0(%gv: f64, %yv: f64, %acc: f64):
          %d = arith.subf %yv, %lse : f64
          %p = arith.mulf %gv, %d : f64
          %r = arith.addf %acc, %p : f64
          linalg.yield %r : f64
      } -> tensor<f64>
      %st = tensor.extract %stt[] : tensor<f64>
      %ntotal = arith.addf %total, %st : f64
      scf.yield %layers#0, %ntotal : tensor<?x?xf64>, f64
    }

    %bi64 = arith.index_cast %b : index to i64
    %si64 = arith.index_cast %steps : index to i64
    %count = arith.muli %bi64, %si64 : i64
    %countf = arith.sitofp %count : i64 to f64
    %q = arith.divf %res#1, %countf : f64
    %loss = arith.negf %q : f64
    return %loss : f64
  }
}
