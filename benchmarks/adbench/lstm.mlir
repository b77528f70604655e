// ADBench LSTM objective: the loss of an l-layer LSTM character model over a
// sequence of c steps of b features (see /work/shared/adbench/README.md, or
// ADBench's lstm_objective). Every size is dynamic.
//
//   main  : 2l x 4b   row 2i: layer i weights [forget | input | output | change],
//                     row 2i+1: the biases, same order
//   extra : 3 x b     input weight, output weight, output bias
//   state : 2l x b    initial hidden (row 2i) and cell (row 2i+1) of layer i
//   seq   : c x b     the input sequence (not differentiated)
//
// Result: -sum_{t<c-1} sum_j seq[t+1,j] (y_j - log(sum_j exp y_j + 2)) / (b (c-1)),
// y the prediction from seq[0..t]. Differentiate with respect to 0 and 1.
//
// Loops over time steps, layers and the b features, reading elements with
// tensor.extract and updating the state in place with tensor.insert, so the
// tape holds scalars and the reverse sweep updates the adjoints in place.
// (The same model written with row slices and a linalg.generic cell over the
// b features runs its objective faster but its gradient 4x slower: the tape
// then holds ~17 b-vectors per layer and step, each pushed as a tensor; see
// benchmarks/adbench/README.md.)

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
    %last = arith.subi %rows, %c2 : index

    %res:2 = scf.for %t = %c0 to %steps step %c1
        iter_args(%S = %state0, %total = %zero) -> (tensor<?x?xf64>, f64) {
      %Sn = scf.for %i = %c0 to %l step %c1 iter_args(%Si = %S) -> (tensor<?x?xf64>) {
        %r0 = arith.muli %i, %c2 : index
        %r1 = arith.addi %r0, %c1 : index
        %first = arith.cmpi eq, %i, %c0 : index
        // The hidden row of the layer below (any valid row for layer 0).
        %rbelow = arith.subi %r0, %c2 : index
        %rb = arith.select %first, %c0, %rbelow : index
        %Sj = scf.for %j = %c0 to %b step %c1 iter_args(%Sc = %Si) -> (tensor<?x?xf64>) {
          // Input: seq[t] * in_w for layer 0, else the hidden of the layer below.
          %xs = tensor.extract %seq[%t, %j] : tensor<?x?xf64>
          %iw = tensor.extract %extra[%c0, %j] : tensor<?x?xf64>
          %x0 = arith.mulf %xs, %iw : f64
          %xb = tensor.extract %Sc[%rb, %j] : tensor<?x?xf64>
          %xv = arith.select %first, %x0, %xb : f64
          %hv = tensor.extract %Sc[%r0, %j] : tensor<?x?xf64>
          %cv = tensor.extract %Sc[%r1, %j] : tensor<?x?xf64>
          %p1 = arith.addi %j, %b : index
          %p2 = arith.addi %j, %b2 : index
          %p3 = arith.addi %j, %b3 : index
          %wf = tensor.extract %main[%r0, %j] : tensor<?x?xf64>
          %wi = tensor.extract %main[%r0, %p1] : tensor<?x?xf64>
          %wo = tensor.extract %main[%r0, %p2] : tensor<?x?xf64>
          %wc = tensor.extract %main[%r0, %p3] : tensor<?x?xf64>
          %bf = tensor.extract %main[%r1, %j] : tensor<?x?xf64>
          %bi = tensor.extract %main[%r1, %p1] : tensor<?x?xf64>
          %bo = tensor.extract %main[%r1, %p2] : tensor<?x?xf64>
          %bc = tensor.extract %main[%r1, %p3] : tensor<?x?xf64>
          // forget = sigmoid(x wf + bf)
          %f0 = arith.mulf %xv, %wf : f64
          %f1 = arith.addf %f0, %bf : f64
          %f2 = arith.negf %f1 : f64
          %f3 = math.exp %f2 : f64
          %f4 = arith.addf %f3, %one : f64
          %f = arith.divf %one, %f4 : f64
          // ingate = sigmoid(h wi + bi)
          %i0 = arith.mulf %hv, %wi : f64
          %i1 = arith.addf %i0, %bi : f64
          %i2 = arith.negf %i1 : f64
          %i3 = math.exp %i2 : f64
          %i4 = arith.addf %i3, %one : f64
          %ig = arith.divf %one, %i4 : f64
          // outgate = sigmoid(x wo + bo)
          %o0 = arith.mulf %xv, %wo : f64
          %o1 = arith.addf %o0, %bo : f64
          %o2 = arith.negf %o1 : f64
          %o3 = math.exp %o2 : f64
          %o4 = arith.addf %o3, %one : f64
          %og = arith.divf %one, %o4 : f64
          // change = tanh(h wc + bc)
          %g0 = arith.mulf %hv, %wc : f64
          %g1 = arith.addf %g0, %bc : f64
          %g = math.tanh %g1 : f64
          // cell = cell f + ingate change; hidden = outgate tanh(cell)
          %n0 = arith.mulf %cv, %f : f64
          %n1 = arith.mulf %ig, %g : f64
          %nc = arith.addf %n0, %n1 : f64
          %tc = math.tanh %nc : f64
          %nh = arith.mulf %og, %tc : f64
          %S1 = tensor.insert %nh into %Sc[%r0, %j] : tensor<?x?xf64>
          %S2 = tensor.insert %nc into %S1[%r1, %j] : tensor<?x?xf64>
          scf.yield %S2 : tensor<?x?xf64>
        }
        scf.yield %Sj : tensor<?x?xf64>
      }

      // y = h_last * out_w + out_b; lse = log(sum_j exp(y_j) + 2).
      %se = scf.for %j = %c0 to %b step %c1 iter_args(%acc = %zero) -> (f64) {
        %hv = tensor.extract %Sn[%last, %j] : tensor<?x?xf64>
        %ow = tensor.extract %extra[%c1, %j] : tensor<?x?xf64>
        %ob = tensor.extract %extra[%c2, %j] : tensor<?x?xf64>
        %p = arith.mulf %hv, %ow : f64
        %y = arith.addf %p, %ob : f64
        %e = math.exp %y : f64
        %n = arith.addf %acc, %e : f64
        scf.yield %n : f64
      }
      %se2 = arith.addf %se, %two : f64
      %lse = math.log %se2 : f64
      // total += sum_j seq[t+1, j] (y_j - lse).
      %t1 = arith.addi %t, %c1 : index
      %st = scf.for %j = %c0 to %b step %c1 iter_args(%acc = %zero) -> (f64) {
        %hv = tensor.extract %Sn[%last, %j] : tensor<?x?xf64>
        %ow = tensor.extract %extra[%c1, %j] : tensor<?x?xf64>
        %ob = tensor.extract %extra[%c2, %j] : tensor<?x?xf64>
        %p = arith.mulf %hv, %ow : f64
        %y = arith.addf %p, %ob : f64
        %gv = tensor.extract %seq[%t1, %j] : tensor<?x?xf64>
        %d = arith.subf %y, %lse : f64
        %m = arith.mulf %gv, %d : f64
        %n = arith.addf %acc, %m : f64
        scf.yield %n : f64
      }
      %ntotal = arith.addf %total, %st : f64
      scf.yield %Sn, %ntotal : tensor<?x?xf64>, f64
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
