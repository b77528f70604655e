//===- GMM.cpp - Hand-written GMM objective and hand-derived gradient -----===//
//
// Part of the Rewind project.
//
// E = constant + Σ_i lse_k(main_ik) - n lse_k(α_k)
//     + Σ_k [½γ²(‖exp q_k‖² + ‖L_k‖²) - m Σ_j q_kj],
// main_ik = α_k + Σ_j q_kj - ½‖y_ik‖², y_ik = Q_k (x_i - μ_k),
// Q_k = diag(exp q_k) + L_k.
//
// Gradient, with w_ik = exp(main_ik - lse_i) and v = -w_ik y_ik:
//   dα_k = Σ_i w_ik - n softmax(α)_k
//   dμ_k = -Σ_i Q_k^T v
//   dq_kj = Σ_i w_ik + Σ_i v_j xc_j exp(q_kj) + γ² exp(2 q_kj) - m
//   dL_k(r, c) = Σ_i v_r xc_c + γ² L_k(r, c)
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace adbench::manual {

static double logsumexp(int n, const double *v) {
  double mx = v[0];
  for (int i = 1; i < n; ++i)
    mx = std::max(mx, v[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += std::exp(v[i] - mx);
  return std::log(s) + mx;
}

/// out = Q xc with Q = diag(qdiag) + L (L strictly lower, column-major packed).
static inline void qTimesX(int d, const double *qdiag, const double *lower,
                           const double *xc, double *out) {
  for (int j = 0; j < d; ++j)
    out[j] = qdiag[j] * xc[j];
  int idx = 0;
  for (int c = 0; c < d; ++c)
    for (int r = c + 1; r < d; ++r)
      out[r] += lower[idx++] * xc[c];
}

double gmmObjective(int d, int k, int n, const double *alphas,
                    const double *means, const double *icf, const double *x,
                    double gamma, int m, double constant) {
  int icfSize = d * (d + 1) / 2;
  std::vector<double> qdiag(k * d), sumq(k), xc(d), qxc(d), mainTerm(k);
  for (int ik = 0; ik < k; ++ik) {
    sumq[ik] = 0;
    for (int j = 0; j < d; ++j) {
      sumq[ik] += icf[ik * icfSize + j];
      qdiag[ik * d + j] = std::exp(icf[ik * icfSize + j]);
    }
  }
  double slse = 0;
  for (int i = 0; i < n; ++i) {
    for (int ik = 0; ik < k; ++ik) {
      for (int j = 0; j < d; ++j)
        xc[j] = x[i * d + j] - means[ik * d + j];
      qTimesX(d, &qdiag[ik * d], &icf[ik * icfSize + d], xc.data(), qxc.data());
      double sq = 0;
      for (int j = 0; j < d; ++j)
        sq += qxc[j] * qxc[j];
      mainTerm[ik] = alphas[ik] + sumq[ik] - 0.5 * sq;
    }
    slse += logsumexp(k, mainTerm.data());
  }
  double prior = 0;
  for (int ik = 0; ik < k; ++ik) {
    double frob = 0;
    for (int j = 0; j < d; ++j)
      frob += qdiag[ik * d + j] * qdiag[ik * d + j];
    for (int p = d; p < icfSize; ++p)
      frob += icf[ik * icfSize + p] * icf[ik * icfSize + p];
    prior += 0.5 * gamma * gamma * frob - m * sumq[ik];
  }
  return constant + slse - n * logsumexp(k, alphas) + prior;
}

double gmmGradient(int d, int k, int n, const double *alphas,
                   const double *means, const double *icf, const double *x,
                   double gamma, int m, double constant, double *gradient) {
  int icfSize = d * (d + 1) / 2;
  double *dAlphas = gradient, *dMeans = gradient + k,
         *dIcf = gradient + k + k * d;
  std::fill(gradient, gradient + k + k * d + k * icfSize, 0.0);
  std::vector<double> qdiag(k * d), sumq(k), xc(k * d), qxc(k * d),
      mainTerm(k), wsum(k, 0.0), tmp(d);
  for (int ik = 0; ik < k; ++ik) {
    sumq[ik] = 0;
    for (int j = 0; j < d; ++j) {
      sumq[ik] += icf[ik * icfSize + j];
      qdiag[ik * d + j] = std::exp(icf[ik * icfSize + j]);
    }
  }
  double slse = 0;
  for (int i = 0; i < n; ++i) {
    // Forward for point i, keeping xc and Q xc of every component.
    for (int ik = 0; ik < k; ++ik) {
      double *xck = &xc[ik * d], *yk = &qxc[ik * d];
      for (int j = 0; j < d; ++j)
        xck[j] = x[i * d + j] - means[ik * d + j];
      qTimesX(d, &qdiag[ik * d], &icf[ik * icfSize + d], xck, yk);
      double sq = 0;
      for (int j = 0; j < d; ++j)
        sq += yk[j] * yk[j];
      mainTerm[ik] = alphas[ik] + sumq[ik] - 0.5 * sq;
    }
    double lse = logsumexp(k, mainTerm.data());
    slse += lse;
    // Reverse: d lse / d main_ik = w_ik.
    for (int ik = 0; ik < k; ++ik) {
      double w = std::exp(mainTerm[ik] - lse);
      wsum[ik] += w;
      const double *xck = &xc[ik * d], *yk = &qxc[ik * d];
      const double *lower = &icf[ik * icfSize + d];
      double *dq = &dIcf[ik * icfSize], *dL = dq + d;
      // v = -w y; dQ = v xc^T; d xc = Q^T v; dμ = -d xc.
      for (int j = 0; j < d; ++j) {
        double v = -w * yk[j];
        dq[j] += v * xck[j] * qdiag[ik * d + j];
        tmp[j] = qdiag[ik * d + j] * v;
      }
      int idx = 0;
      for (int c = 0; c < d; ++c) {
        double acc = 0;
        for (int r = c + 1; r < d; ++r, ++idx) {
          double v = -w * yk[r];
          dL[idx] += v * xck[c];
          acc += lower[idx] * v;
        }
        tmp[c] += acc;
      }
      for (int j = 0; j < d; ++j)
        dMeans[ik * d + j] -= tmp[j];
    }
  }
  double lseAlpha = logsumexp(k, alphas);
  double prior = 0, g2 = gamma * gamma;
  for (int ik = 0; ik < k; ++ik) {
    dAlphas[ik] = wsum[ik] - n * std::exp(alphas[ik] - lseAlpha);
    double frob = 0;
    for (int j = 0; j < d; ++j) {
      double e = qdiag[ik * d + j];
      frob += e * e;
      dIcf[ik * icfSize + j] += wsum[ik] + g2 * e * e - m;
    }
    for (int p = d; p < icfSize; ++p) {
      double v = icf[ik * icfSize + p];
      frob += v * v;
      dIcf[ik * icfSize + p] += g2 * v;
    }
    prior += 0.5 * g2 * frob - m * sumq[ik];
  }
  return constant + slse - n * lseAlpha + prior;
}

} // namespace adbench::manual
