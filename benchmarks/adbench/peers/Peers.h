//===- Peers.h - Hand-written C++ objectives and hand-derived gradients ---===//
//
// Part of the Rewind project.
//
// The "Manual" peers of ADBench, written for this project: plain C++ loops,
// compiled with -O3 -march=native. The objectives follow ADBench's C++
// reference objectives; the gradients are derived by hand (reverse mode done
// on paper, with the same loop structure).
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_BENCHMARKS_ADBENCH_PEERS_H
#define REWIND_BENCHMARKS_ADBENCH_PEERS_H

namespace adbench::manual {

/// The GMM objective E. `constant` = gmmConstant() (the terms that depend on
/// no parameter). icf: k rows of d(d+1)/2 (log diagonal, then the strictly
/// lower part column by column).
double gmmObjective(int d, int k, int n, const double *alphas,
                    const double *means, const double *icf, const double *x,
                    double gamma, int m, double constant);

/// E and its gradient [alphas (k) | means (k d) | icf (k d(d+1)/2)].
double gmmGradient(int d, int k, int n, const double *alphas,
                   const double *means, const double *icf, const double *x,
                   double gamma, int m, double constant, double *gradient);

/// The LSTM loss; `state` (2 l b) is copied, not modified.
double lstmObjective(int l, int c, int b, const double *main,
                     const double *extra, const double *state,
                     const double *sequence);

/// The loss and its gradient [main (8 l b) | extra (3 b)].
double lstmGradient(int l, int c, int b, const double *main,
                    const double *extra, const double *state,
                    const double *sequence, double *gradient);

} // namespace adbench::manual

#endif // REWIND_BENCHMARKS_ADBENCH_PEERS_H
