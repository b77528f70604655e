//===- Peers.cpp - Hand-written C++ objectives and gradients --------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include <algorithm>
#include <cmath>

using namespace rw::bench;

namespace {
/// y = conv(x, w), the output's innermost dimension (f) vectorized.
void convolve(const Conv2D &p, const float *x, const float *w, float *y) {
  int64_t oh = p.oh(), ow = p.ow();
  std::fill(y, y + p.n * oh * ow * p.f, 0.0f);
  for (int64_t n = 0; n < p.n; ++n)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        float *out = y + ((n * oh + i) * ow + j) * p.f;
        for (int64_t a = 0; a < p.kh; ++a)
          for (int64_t b = 0; b < p.kw; ++b)
            for (int64_t c = 0; c < p.c; ++c) {
              float v = x[((n * p.h + i + a) * p.w + j + b) * p.c + c];
              const float *row = w + ((a * p.kw + b) * p.c + c) * p.f;
              for (int64_t f = 0; f < p.f; ++f)
                out[f] += v * row[f];
            }
      }
}
} // namespace

float Conv2D::objective(const float *x, const float *filter) const {
  std::vector<float> y(n * oh() * ow() * f);
  convolve(*this, x, filter, y.data());
  double loss = 0;
  for (float v : y)
    loss += 0.5 * v * v;
  return (float)loss;
}

float Conv2D::gradient(const float *x, const float *filter, float *dx,
                       float *dw) const {
  std::vector<float> y(n * oh() * ow() * f);
  convolve(*this, x, filter, y.data());
  double loss = 0;
  for (float v : y)
    loss += 0.5 * v * v;
  // dy = y.
  std::fill(dx, dx + n * h * w * c, 0.0f);
  std::fill(dw, dw + kh * kw * c * f, 0.0f);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh(); ++i)
      for (int64_t j = 0; j < ow(); ++j) {
        const float *dy = y.data() + ((b * oh() + i) * ow() + j) * f;
        for (int64_t a = 0; a < kh; ++a)
          for (int64_t e = 0; e < kw; ++e)
            for (int64_t k = 0; k < c; ++k) {
              int64_t at = ((b * h + i + a) * w + j + e) * c + k;
              const float *row = filter + ((a * kw + e) * c + k) * f;
              float *drow = dw + ((a * kw + e) * c + k) * f;
              float xv = x[at], sum = 0;
              for (int64_t g = 0; g < f; ++g) {
                drow[g] += xv * dy[g];
                sum += dy[g] * row[g];
              }
              dx[at] += sum;
            }
      }
  return (float)loss;
}

namespace {
/// The cross-entropy of one row of logits with integer label `label`:
/// logsumexp(l) - l[label], with the row's max and sum of exp(l - max).
struct RowLoss {
  float loss, max, sum;
};
RowLoss crossEntropy(const float *l, int64_t classes, int32_t label) {
  float m = *std::max_element(l, l + classes), s = 0;
  for (int64_t c = 0; c < classes; ++c)
    s += std::exp(l[c] - m);
  return {std::log(s) + m - l[label], m, s};
}

/// h = bags of embeddings, logits = h W.
void forward(const EmbeddingXent &p, const float *e, const float *w,
             const int32_t *ids, std::vector<float> &h,
             std::vector<float> &logits) {
  h.assign(p.batch * p.dim, 0.0f);
  logits.assign(p.batch * p.classes, 0.0f);
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t k = 0; k < p.bag; ++k) {
      const float *row = e + ids[b * p.bag + k] * p.dim;
      for (int64_t d = 0; d < p.dim; ++d)
        h[b * p.dim + d] += row[d];
    }
    for (int64_t d = 0; d < p.dim; ++d) {
      float v = h[b * p.dim + d];
      for (int64_t c = 0; c < p.classes; ++c)
        logits[b * p.classes + c] += v * w[d * p.classes + c];
    }
  }
}
} // namespace

float EmbeddingXent::objective(const float *e, const float *w,
                               const int32_t *ids,
                               const int32_t *labels) const {
  std::vector<float> h, logits;
  forward(*this, e, w, ids, h, logits);
  float loss = 0;
  for (int64_t b = 0; b < batch; ++b)
    loss += crossEntropy(logits.data() + b * classes, classes, labels[b]).loss;
  return loss;
}

float EmbeddingXent::gradient(const float *e, const float *w,
                              const int32_t *ids, const int32_t *labels,
                              float *de, float *dw) const {
  std::vector<float> h, logits;
  forward(*this, e, w, ids, h, logits);
  std::fill(de, de + vocabulary * dim, 0.0f);
  std::fill(dw, dw + dim * classes, 0.0f);
  std::vector<float> dlogits(classes), dh(dim);
  float loss = 0;
  for (int64_t b = 0; b < batch; ++b) {
    const float *l = logits.data() + b * classes;
    RowLoss row = crossEntropy(l, classes, labels[b]);
    loss += row.loss;
    // d/dlogits = softmax - onehot(label).
    for (int64_t c = 0; c < classes; ++c)
      dlogits[c] = std::exp(l[c] - row.max) / row.sum -
                   (c == labels[b] ? 1.0f : 0.0f);
    for (int64_t d = 0; d < dim; ++d) {
      float v = h[b * dim + d], sum = 0;
      for (int64_t c = 0; c < classes; ++c) {
        dw[d * classes + c] += v * dlogits[c];
        sum += dlogits[c] * w[d * classes + c];
      }
      dh[d] = sum;
    }
    for (int64_t k = 0; k < bag; ++k) {
      float *row = de + ids[b * bag + k] * dim;
      for (int64_t d = 0; d < dim; ++d)
        row[d] += dh[d];
    }
  }
  return loss;
}

double TanhRegression::objective(const double *w, const double *x,
                                 const double *y) const {
  double loss = 0;
  for (int64_t i = 0; i < examples; ++i) {
    double dot = 0;
    for (int64_t j = 0; j < features; ++j)
      dot += x[i * features + j] * w[j];
    double r = std::tanh(dot) - y[i];
    loss += r * r;
  }
  return loss;
}

double TanhRegression::gradient(const double *w, const double *x,
                                const double *y, double *dw) const {
  std::fill(dw, dw + features, 0.0);
  double loss = 0;
  for (int64_t i = 0; i < examples; ++i) {
    const double *row = x + i * features;
    double dot = 0;
    for (int64_t j = 0; j < features; ++j)
      dot += row[j] * w[j];
    double t = std::tanh(dot), r = t - y[i];
    loss += r * r;
    // d/dw (t - y)^2 = 2 (t - y) (1 - t^2) x_i.
    double g = 2 * r * (1 - t * t);
    for (int64_t j = 0; j < features; ++j)
      dw[j] += g * row[j];
  }
  return loss;
}
