//===- LSTM.cpp - Hand-written LSTM loss and hand-derived gradient --------===//
//
// Part of the Rewind project.
//
// Per step t and layer i (element-wise over b features):
//   f = σ(x wf + bf), g_i = σ(h wi + bi), o = σ(x wo + bo), g = tanh(h wc + bc)
//   c' = c f + g_i g,  h' = o tanh(c');  the next layer's x is h'.
// y = h'_last wout + bout, loss = -Σ_t Σ_j seq[t+1]_j (y_j - log(Σ e^y + 2)) / (b (c-1)).
//
// The gradient runs the forward once, storing every layer's x, h, c and gates
// per step, then backpropagates through time.
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace adbench::manual {

static inline double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double lstmObjective(int l, int c, int b, const double *main,
                     const double *extra, const double *state0,
                     const double *sequence) {
  std::vector<double> state(state0, state0 + 2 * l * b), x(b), y(b);
  const double *inW = extra, *outW = extra + b, *outB = extra + 2 * b;
  double total = 0;
  for (int t = 0; t < c - 1; ++t) {
    for (int j = 0; j < b; ++j)
      x[j] = sequence[t * b + j] * inW[j];
    const double *in = x.data();
    for (int i = 0; i < l; ++i) {
      const double *w = main + 2 * i * 4 * b, *bias = w + 4 * b;
      double *h = &state[2 * i * b], *cell = h + b;
      for (int j = 0; j < b; ++j) {
        double f = sigmoid(in[j] * w[j] + bias[j]);
        double ig = sigmoid(h[j] * w[b + j] + bias[b + j]);
        double o = sigmoid(in[j] * w[2 * b + j] + bias[2 * b + j]);
        double g = std::tanh(h[j] * w[3 * b + j] + bias[3 * b + j]);
        cell[j] = cell[j] * f + ig * g;
        h[j] = o * std::tanh(cell[j]);
      }
      in = h;
    }
    double se = 0;
    for (int j = 0; j < b; ++j) {
      y[j] = in[j] * outW[j] + outB[j];
      se += std::exp(y[j]);
    }
    double lse = std::log(se + 2);
    const double *gold = sequence + (t + 1) * b;
    for (int j = 0; j < b; ++j)
      total += gold[j] * (y[j] - lse);
  }
  return -total / (double(b) * (c - 1));
}

double lstmGradient(int l, int c, int b, const double *main,
                    const double *extra, const double *state0,
                    const double *sequence, double *gradient) {
  const int steps = c - 1;
  const double *inW = extra, *outW = extra + b, *outB = extra + 2 * b;
  double *dMain = gradient, *dExtra = gradient + 8 * l * b;
  double *dInW = dExtra, *dOutW = dExtra + b, *dOutB = dExtra + 2 * b;
  std::fill(gradient, gradient + 8 * l * b + 3 * b, 0.0);

  // Saved per (t, i): x, h (before), c (before), f, ig, o, g, tanh(c').
  const int kSaved = 8;
  auto slot = [&](int t, int i, int k) {
    return ((size_t(t) * l + i) * kSaved + k) * b;
  };
  std::vector<double> tape(size_t(steps) * l * kSaved * b);
  std::vector<double> state(state0, state0 + 2 * l * b), x0(b), y(b),
      softmax(size_t(steps) * b), hLast(size_t(steps) * b);

  // Forward.
  double total = 0;
  for (int t = 0; t < steps; ++t) {
    for (int j = 0; j < b; ++j)
      x0[j] = sequence[t * b + j] * inW[j];
    const double *in = x0.data();
    for (int i = 0; i < l; ++i) {
      const double *w = main + 2 * i * 4 * b, *bias = w + 4 * b;
      double *h = &state[2 * i * b], *cell = h + b;
      double *sx = &tape[slot(t, i, 0)], *sh = &tape[slot(t, i, 1)],
             *sc = &tape[slot(t, i, 2)], *sf = &tape[slot(t, i, 3)],
             *si = &tape[slot(t, i, 4)], *so = &tape[slot(t, i, 5)],
             *sg = &tape[slot(t, i, 6)], *stc = &tape[slot(t, i, 7)];
      for (int j = 0; j < b; ++j) {
        double xv = in[j], hv = h[j], cv = cell[j];
        double f = sigmoid(xv * w[j] + bias[j]);
        double ig = sigmoid(hv * w[b + j] + bias[b + j]);
        double o = sigmoid(xv * w[2 * b + j] + bias[2 * b + j]);
        double g = std::tanh(hv * w[3 * b + j] + bias[3 * b + j]);
        double nc = cv * f + ig * g;
        double tc = std::tanh(nc);
        sx[j] = xv, sh[j] = hv, sc[j] = cv, sf[j] = f, si[j] = ig, so[j] = o,
        sg[j] = g, stc[j] = tc;
        cell[j] = nc;
        h[j] = o * tc;
      }
      in = h;
    }
    double se = 0;
    for (int j = 0; j < b; ++j) {
      hLast[t * b + j] = in[j];
      y[j] = in[j] * outW[j] + outB[j];
      se += std::exp(y[j]);
    }
    double lse = std::log(se + 2);
    const double *gold = sequence + (t + 1) * b;
    for (int j = 0; j < b; ++j) {
      total += gold[j] * (y[j] - lse);
      softmax[t * b + j] = std::exp(y[j]) / (se + 2);
    }
  }
  double loss = -total / (double(b) * steps);

  // Reverse. dh[i], dc[i]: adjoints of layer i's state after step t.
  const double seed = -1.0 / (double(b) * steps);
  std::vector<double> dh(l * b, 0.0), dc(l * b, 0.0), dIn(b);
  for (int t = steps - 1; t >= 0; --t) {
    const double *gold = sequence + (t + 1) * b;
    double goldSum = 0;
    for (int j = 0; j < b; ++j)
      goldSum += gold[j];
    // d total / d y_j = gold_j - goldSum softmax_j.
    for (int j = 0; j < b; ++j) {
      double dy = seed * (gold[j] - goldSum * softmax[t * b + j]);
      dOutW[j] += dy * hLast[t * b + j];
      dOutB[j] += dy;
      dIn[j] = dy * outW[j]; // adjoint of the last layer's new hidden
    }
    for (int i = l - 1; i >= 0; --i) {
      const double *w = main + 2 * i * 4 * b;
      double *dw = dMain + 2 * i * 4 * b, *db = dw + 4 * b;
      const double *sx = &tape[slot(t, i, 0)], *sh = &tape[slot(t, i, 1)],
                   *sc = &tape[slot(t, i, 2)], *sf = &tape[slot(t, i, 3)],
                   *si = &tape[slot(t, i, 4)], *so = &tape[slot(t, i, 5)],
                   *sg = &tape[slot(t, i, 6)], *stc = &tape[slot(t, i, 7)];
      double *dhi = &dh[i * b], *dci = &dc[i * b];
      for (int j = 0; j < b; ++j) {
        double dnh = dhi[j] + dIn[j];
        double tc = stc[j], o = so[j], f = sf[j], ig = si[j], g = sg[j];
        double dnc = dci[j] + dnh * o * (1 - tc * tc);
        double dzo = dnh * tc * o * (1 - o);
        double dzf = dnc * sc[j] * f * (1 - f);
        double dzi = dnc * g * ig * (1 - ig);
        double dzg = dnc * ig * (1 - g * g);
        dw[j] += dzf * sx[j];
        db[j] += dzf;
        dw[b + j] += dzi * sh[j];
        db[b + j] += dzi;
        dw[2 * b + j] += dzo * sx[j];
        db[2 * b + j] += dzo;
        dw[3 * b + j] += dzg * sh[j];
        db[3 * b + j] += dzg;
        dci[j] = dnc * f;                          // to the previous step's cell
        dhi[j] = dzi * w[b + j] + dzg * w[3 * b + j]; // previous step's hidden
        dIn[j] = dzf * w[j] + dzo * w[2 * b + j];     // the layer below
      }
    }
    for (int j = 0; j < b; ++j)
      dInW[j] += dIn[j] * sequence[t * b + j];
  }
  return loss;
}

} // namespace adbench::manual
