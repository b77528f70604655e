//===- ADBenchIO.cpp - Readers for ADBench's GMM and LSTM inputs ----------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "ADBenchIO.h"

#include <cmath>
#include <fstream>

namespace adbench {

static const double kADBenchPi = 3.14159265359;

namespace {
/// Reads numbers in order, remembering the first failure.
class Reader {
public:
  explicit Reader(const std::string &path) : in(path), path(path) {
    if (!in)
      error = "cannot open '" + path + "'";
  }
  double next(const char *what) {
    double v = 0;
    if (!error.empty())
      return 0;
    if (!(in >> v))
      error = "'" + path + "': expected a number (" + what + ")";
    return v;
  }
  void fill(std::vector<double> &out, long count, const char *what) {
    out.resize(count);
    for (long i = 0; i < count && error.empty(); ++i)
      out[i] = next(what);
  }
  std::string error;

private:
  std::ifstream in;
  std::string path;
};
} // namespace

bool readGMM(const std::string &path, GMMInput &g, std::string &error) {
  Reader r(path);
  g.d = (int)r.next("d");
  g.k = (int)r.next("K");
  g.n = (int)r.next("N");
  if (r.error.empty() && (g.d <= 0 || g.k <= 0 || g.n <= 0))
    r.error = "'" + path + "': bad sizes";
  r.fill(g.alphas, g.k, "alphas");
  r.fill(g.means, (long)g.k * g.d, "means");
  r.fill(g.icf, (long)g.k * g.icfSize(), "icf");
  r.fill(g.x, (long)g.n * g.d, "points");
  g.gamma = r.next("gamma");
  g.m = (int)r.next("m");
  error = r.error;
  return error.empty();
}

bool readLSTM(const std::string &path, LSTMInput &s, std::string &error) {
  Reader r(path);
  s.l = (int)r.next("l");
  s.c = (int)r.next("c");
  s.b = (int)r.next("b");
  if (r.error.empty() && (s.l <= 0 || s.c < 2 || s.b <= 0))
    r.error = "'" + path + "': bad sizes";
  r.fill(s.main, 8L * s.l * s.b, "main parameters");
  r.fill(s.extra, 3L * s.b, "extra parameters");
  r.fill(s.state, 2L * s.l * s.b, "state");
  r.fill(s.sequence, (long)s.c * s.b, "sequence");
  error = r.error;
  return error.empty();
}

double logMultiGamma(double a, int d) {
  double r = 0.25 * d * (d - 1) * std::log(kADBenchPi);
  for (int j = 1; j <= d; ++j)
    r += std::lgamma(a + 0.5 * (1 - j));
  return r;
}

double gmmConstant(const GMMInput &g) {
  int nw = g.d + g.m + 1;
  double C = nw * g.d * (std::log(g.gamma) - 0.5 * std::log(2.0)) -
             logMultiGamma(0.5 * nw, g.d);
  return -0.5 * g.n * g.d * std::log(2 * kADBenchPi) - g.k * C;
}

} // namespace adbench
