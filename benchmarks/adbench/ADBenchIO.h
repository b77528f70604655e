//===- ADBenchIO.h - Readers for ADBench's GMM and LSTM inputs ------------===//
//
// Part of the Rewind project.
//
// ADBench's input files are whitespace-separated decimal text; line breaks
// carry no meaning. Layouts (row-major throughout):
//
//   GMM:  d k n | k alphas | k x d means | k x d(d+1)/2 icf | n x d points |
//         gamma m
//   LSTM: l c b | 2l x 4b main parameters | 3 x b extra parameters |
//         2l x b state | c x b sequence
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_BENCHMARKS_ADBENCH_ADBENCHIO_H
#define REWIND_BENCHMARKS_ADBENCH_ADBENCHIO_H

#include <string>
#include <vector>

namespace adbench {

struct GMMInput {
  int d = 0, k = 0, n = 0;
  std::vector<double> alphas, means, icf, x;
  double gamma = 1.0;
  int m = 0;
  int icfSize() const { return d * (d + 1) / 2; }
  /// Gradient length: K(D+1)(D+2)/2 = [alphas | means | icf].
  int numParameters() const { return k + k * d + k * icfSize(); }
};

struct LSTMInput {
  int l = 0, c = 0, b = 0;
  std::vector<double> main, extra, state, sequence;
  /// Gradient length: [main (8 l b) | extra (3 b)].
  int numParameters() const { return 8 * l * b + 3 * b; }
};

/// Read a file; on failure return false and set `error`.
bool readGMM(const std::string &path, GMMInput &input, std::string &error);
bool readLSTM(const std::string &path, LSTMInput &input, std::string &error);

/// log Γ_d(a) = d(d-1)/4 log π + Σ_{j=1..d} lgamma(a + (1-j)/2), with ADBench's
/// π = 3.14159265359.
double logMultiGamma(double a, int d);

/// The terms of the GMM objective that depend on no parameter:
/// -(n d / 2) log(2π) - k C, C = n_w d (log γ - ½ log 2) - log Γ_d(n_w / 2),
/// n_w = d + m + 1 (ADBench's π).
double gmmConstant(const GMMInput &input);

} // namespace adbench

#endif // REWIND_BENCHMARKS_ADBENCH_ADBENCHIO_H
