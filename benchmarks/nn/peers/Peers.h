//===- Peers.h - Hand-written C++ objectives and gradients ------*- C++ -*-===//
//
// Part of the Rewind project.
//
// What an engineer writes by hand: the objective as loop nests and its
// gradient derived by hand, compiled with -O3 -march=native.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_BENCHMARKS_NN_PEERS_H
#define REWIND_BENCHMARKS_NN_PEERS_H

#include <cstdint>
#include <vector>

namespace rw::bench {

/// 0.5 * sum(conv2d_nhwc_hwcf(x, w)^2), stride 1, no padding.
struct Conv2D {
  int64_t n, h, w, c, kh, kw, f;
  int64_t oh() const { return h - kh + 1; }
  int64_t ow() const { return w - kw + 1; }
  float objective(const float *x, const float *filter) const;
  /// The objective, and its gradient into dx (n*h*w*c) and dw (kh*kw*c*f).
  float gradient(const float *x, const float *filter, float *dx,
                 float *dw) const;
};

/// sum_b logsumexp(h_b W) - (h_b W)[label_b], h_b = sum_k E[ids[b, k]].
struct EmbeddingXent {
  int64_t vocabulary, dim, classes, batch, bag;
  float objective(const float *e, const float *w, const int32_t *ids,
                  const int32_t *labels) const;
  /// The objective, and its gradient into de (vocabulary*dim) and dw
  /// (dim*classes).
  float gradient(const float *e, const float *w, const int32_t *ids,
                 const int32_t *labels, float *de, float *dw) const;
};

/// sum_i (tanh(x_i . w) - y_i)^2 over `examples` rows x_i of `features`
/// (examples/distributed/loss.mlir).
struct TanhRegression {
  int64_t examples, features;
  double objective(const double *w, const double *x, const double *y) const;
  /// The objective, and its gradient into dw (features).
  double gradient(const double *w, const double *x, const double *y,
                  double *dw) const;
};

} // namespace rw::bench

#endif // REWIND_BENCHMARKS_NN_PEERS_H
