//===- main.cpp - ADBench GMM and LSTM: Rewind against hand-written C++ ---===//
//
// Part of the Rewind project.
//
//   rewind-adbench gmm|lstm FILE... [--repeats N] [--check] [--fd-limit N]
//                  [--expect-objective V] [--mlir-dir DIR] [--no-vectorize]
//                  [--no-runtime-checks] [--target-cpu NAME] [--vector-bits N]
//                  [--threads N]
//
// Reads an ADBench input, compiles benchmarks/adbench/{gmm,lstm}.mlir and its
// gradient with Rewind, and compares objective and gradient with the peers in
// peers/ (a hand-written C++ objective and a hand-derived C++ gradient,
// compiled with -O3 -march=native).
//
// Default: times each of the four after a warm-up (medians of N runs) and
// prints them side by side with the ratios, the JIT compile time and the
// largest differences between Rewind's and the peers' results.
//
// Several FILEs: each is run in turn with the same compiled code.
// --no-vectorize: compile without Rewind's tiling and vectorization.
// --no-runtime-checks: compile without the checks of run-time indices and
// sizes (rewind-check-accesses), to measure what they cost.
// --target-cpu NAME / --vector-bits N: generate code for another CPU (one
// whose features the host has, e.g. znver3 for AVX2 on an AVX-512 host) or
// another vector width, as rewind-run's options.
// --threads N: OpenMP threads (default: one per hardware thread; 1: serial).
//
// --check: no timing. Fails (exit 1) unless Rewind's objective and gradient
// agree with the peers', Rewind's gradient agrees with central finite
// differences of Rewind's objective (rw::jit::checkGradient, error
// |g - fd| / max(1, |g|, |fd|) <= 1e-6 + 1e-9 |E|; skipped above --fd-limit
// parameters) and the hand-derived gradient agrees likewise with finite
// differences of the C++ objective. --expect-objective V also requires both
// objectives to equal V to 1e-10 (relative).
//
//===----------------------------------------------------------------------===//

#include "ADBenchIO.h"
#include "peers/Peers.h"

#include "rewind/InitRewind.h"
#include "rewind/JIT/Compiler.h"
#include "Timing.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#ifndef REWIND_ADBENCH_MLIR_DIR
#define REWIND_ADBENCH_MLIR_DIR "."
#endif

using namespace rw::jit;

namespace {

struct Options {
  std::string objective, mlirDir = REWIND_ADBENCH_MLIR_DIR;
  std::vector<std::string> files;
  int repeats = 10;
  bool check = false, vectorize = true, runtimeChecks = true;
  std::string targetCPU;
  unsigned vectorBits = 0;
  unsigned threads = 0;
  long fdLimit = 2000;
  bool expectObjective = false;
  double expected = 0;
};

using rw::bench::medianSeconds;

HostValue tensor(std::vector<int64_t> shape, const std::vector<double> &data) {
  HostValue v(ElementKind::F64, std::move(shape), /*isTensor=*/true);
  std::memcpy(v.data(), data.data(), data.size() * sizeof(double));
  return v;
}

HostValue scalar(double x) {
  HostValue v(ElementKind::F64, {}, /*isTensor=*/false);
  v.set(0, x);
  return v;
}

/// Largest |a_i - b_i| / max(|a_i|, |b_i|, floor), floor = 1e-6 max_i |b_i|
/// (elements many orders below the largest are compared absolutely).
double maxRelDiff(const std::vector<double> &a, const std::vector<double> &b) {
  double scale = 0;
  for (double v : b)
    scale = std::max(scale, std::fabs(v));
  double floor = std::max(1e-6 * scale, 1e-300), worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    double d = std::fabs(a[i] - b[i]) /
               std::max({std::fabs(a[i]), std::fabs(b[i]), floor});
    if (std::isnan(d))
      d = INFINITY;
    worst = std::max(worst, d);
  }
  return worst;
}

double relDiff(double a, double b) {
  return std::fabs(a - b) / std::max({std::fabs(a), std::fabs(b), 1e-300});
}

/// Central finite differences of `f` at `p`, compared with `g` like
/// rw::jit::checkGradient: largest |g - fd| / max(1, |g|, |fd|).
double checkManualGradient(const std::function<double(const double *)> &f,
                           std::vector<double> p, const std::vector<double> &g) {
  double worst = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    double x0 = p[i], h = 1e-6 * std::max(1.0, std::fabs(x0));
    p[i] = x0 + h;
    double up = f(p.data());
    p[i] = x0 - h;
    double down = f(p.data());
    p[i] = x0;
    double fd = (up - down) / (2 * h);
    double e = std::fabs(g[i] - fd) / std::max({1.0, std::fabs(g[i]), std::fabs(fd)});
    worst = std::max(worst, std::isnan(e) ? INFINITY : e);
  }
  return worst;
}

/// One benchmark: Rewind's compiled entry, its arguments, and the peers.
struct Problem {
  std::string title;
  std::vector<unsigned> wrt;
  std::vector<HostValue> args;
  long numParameters = 0;
  std::function<double()> manualObjective;
  std::function<double(std::vector<double> &)> manualGradient;
  /// The C++ objective as a function of the flat parameter vector.
  std::function<double(const double *)> manualObjectiveAt;
  std::vector<double> flatParameters;
};

Problem makeGMM(const adbench::GMMInput &in) {
  Problem p;
  p.title = llvm::formatv("GMM d={0} K={1} N={2}", in.d, in.k, in.n).str();
  p.wrt = {0, 1, 2};
  double constant = adbench::gmmConstant(in);
  p.args = {tensor({in.k}, in.alphas),
            tensor({in.k, in.d}, in.means),
            tensor({in.k, in.icfSize()}, in.icf),
            tensor({in.n, in.d}, in.x),
            scalar(in.gamma),
            scalar((double)in.m),
            scalar(constant)};
  p.numParameters = in.numParameters();
  auto shared = std::make_shared<adbench::GMMInput>(in);
  p.manualObjective = [shared, constant] {
    const adbench::GMMInput &g = *shared;
    return adbench::manual::gmmObjective(g.d, g.k, g.n, g.alphas.data(),
                                         g.means.data(), g.icf.data(),
                                         g.x.data(), g.gamma, g.m, constant);
  };
  p.manualGradient = [shared, constant](std::vector<double> &grad) {
    const adbench::GMMInput &g = *shared;
    grad.resize(g.numParameters());
    return adbench::manual::gmmGradient(
        g.d, g.k, g.n, g.alphas.data(), g.means.data(), g.icf.data(),
        g.x.data(), g.gamma, g.m, constant, grad.data());
  };
  p.manualObjectiveAt = [shared, constant](const double *params) {
    const adbench::GMMInput &g = *shared;
    return adbench::manual::gmmObjective(g.d, g.k, g.n, params, params + g.k,
                                         params + g.k + g.k * g.d, g.x.data(),
                                         g.gamma, g.m, constant);
  };
  p.flatParameters = in.alphas;
  p.flatParameters.insert(p.flatParameters.end(), in.means.begin(), in.means.end());
  p.flatParameters.insert(p.flatParameters.end(), in.icf.begin(), in.icf.end());
  return p;
}

Problem makeLSTM(const adbench::LSTMInput &in) {
  Problem p;
  p.title = llvm::formatv("LSTM l={0} c={1} b={2}", in.l, in.c, in.b).str();
  p.wrt = {0, 1};
  p.args = {tensor({2 * in.l, 4 * in.b}, in.main),
            tensor({3, in.b}, in.extra),
            tensor({2 * in.l, in.b}, in.state),
            tensor({in.c, in.b}, in.sequence)};
  p.numParameters = in.numParameters();
  auto shared = std::make_shared<adbench::LSTMInput>(in);
  p.manualObjective = [shared] {
    const adbench::LSTMInput &s = *shared;
    return adbench::manual::lstmObjective(s.l, s.c, s.b, s.main.data(),
                                          s.extra.data(), s.state.data(),
                                          s.sequence.data());
  };
  p.manualGradient = [shared](std::vector<double> &grad) {
    const adbench::LSTMInput &s = *shared;
    grad.resize(s.numParameters());
    return adbench::manual::lstmGradient(s.l, s.c, s.b, s.main.data(),
                                         s.extra.data(), s.state.data(),
                                         s.sequence.data(), grad.data());
  };
  p.manualObjectiveAt = [shared](const double *params) {
    const adbench::LSTMInput &s = *shared;
    return adbench::manual::lstmObjective(s.l, s.c, s.b, params,
                                          params + 8 * s.l * s.b,
                                          s.state.data(), s.sequence.data());
  };
  p.flatParameters = in.main;
  p.flatParameters.insert(p.flatParameters.end(), in.extra.begin(), in.extra.end());
  return p;
}

std::vector<double> flatten(const ValueAndGradient &vg,
                            llvm::ArrayRef<unsigned> wrt) {
  std::vector<double> out;
  for (unsigned i : wrt) {
    const HostValue &g = *vg.gradients[i];
    for (int64_t e = 0; e < g.numElements(); ++e)
      out.push_back(g.get(e));
  }
  return out;
}

int usage() {
  llvm::errs() << "usage: rewind-adbench gmm|lstm FILE... [--repeats N] [--check]"
                  " [--fd-limit N] [--expect-objective V] [--mlir-dir DIR]"
                  " [--no-vectorize] [--no-runtime-checks] [--target-cpu NAME]"
                  " [--vector-bits N] [--threads N]\n";
  return 2;
}

} // namespace

static int run(Problem &p, const std::string &file,
               const CompiledEntry &compiled, double compileSeconds,
               const Options &opt);

int main(int argc, char **argv) {
  Options opt;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc) {
        llvm::errs() << "rewind-adbench: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--repeats")
      opt.repeats = std::atoi(value());
    else if (a == "--check")
      opt.check = true;
    else if (a == "--fd-limit")
      opt.fdLimit = std::atol(value());
    else if (a == "--expect-objective") {
      opt.expectObjective = true;
      opt.expected = std::strtod(value(), nullptr);
    } else if (a == "--mlir-dir")
      opt.mlirDir = value();
    else if (a == "--no-vectorize")
      opt.vectorize = false;
    else if (a == "--no-runtime-checks")
      opt.runtimeChecks = false;
    else if (a == "--target-cpu")
      opt.targetCPU = value();
    else if (a == "--vector-bits")
      opt.vectorBits = std::atoi(value());
    else if (a == "--threads")
      opt.threads = std::atoi(value());
    else if (a.size() > 1 && a[0] == '-')
      return usage();
    else
      positional.push_back(a);
  }
  if (positional.size() < 2 ||
      (positional[0] != "gmm" && positional[0] != "lstm"))
    return usage();
  opt.objective = positional[0];
  opt.files.assign(positional.begin() + 1, positional.end());

  mlir::DialectRegistry registry;
  rw::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  std::string mlirFile = opt.mlirDir + "/" + opt.objective + ".mlir";
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(mlirFile, &context);
  if (!module) {
    llvm::errs() << "rewind-adbench: cannot parse '" << mlirFile << "'\n";
    return 1;
  }
  EntryRequest request;
  request.entry = opt.objective;
  request.gradient = true;
  request.wrt = opt.objective == "gmm" ? std::vector<unsigned>{0, 1, 2}
                                       : std::vector<unsigned>{0, 1};
  request.vectorize = opt.vectorize;
  request.runtimeChecks = opt.runtimeChecks;
  request.targetCPU = opt.targetCPU;
  request.vectorBits = opt.vectorBits;
  request.threads = opt.threads;
  auto start = std::chrono::steady_clock::now();
  auto compiledOr = CompiledEntry::compile(std::move(module), request);
  double compileSeconds = rw::bench::secondsSince(start);
  if (!compiledOr) {
    llvm::errs() << "rewind-adbench: " << llvm::toString(compiledOr.takeError())
                 << "\n";
    return 1;
  }
  const CompiledEntry &compiled = **compiledOr;

  int status = 0;
  for (const std::string &file : opt.files) {
    Problem p;
    std::string error;
    if (opt.objective == "gmm") {
      adbench::GMMInput in;
      if (!adbench::readGMM(file, in, error)) {
        llvm::errs() << "rewind-adbench: " << error << "\n";
        return 1;
      }
      p = makeGMM(in);
    } else {
      adbench::LSTMInput in;
      if (!adbench::readLSTM(file, in, error)) {
        llvm::errs() << "rewind-adbench: " << error << "\n";
        return 1;
      }
      p = makeLSTM(in);
    }
    status |= run(p, file, compiled, compileSeconds, opt);
  }
  return status;
}

/// Checks or times one input; returns the exit status.
static int run(Problem &p, const std::string &file,
               const CompiledEntry &compiled, double compileSeconds,
               const Options &opt) {
  auto runObjective = [&]() -> double {
    auto r = compiled.evaluate(p.args);
    if (!r) {
      llvm::errs() << "rewind-adbench: " << llvm::toString(r.takeError()) << "\n";
      std::exit(1);
    }
    return (*r)[0].get(0);
  };
  auto runGradient = [&]() -> ValueAndGradient {
    auto r = compiled.valueAndGradient(p.args);
    if (!r) {
      llvm::errs() << "rewind-adbench: " << llvm::toString(r.takeError()) << "\n";
      std::exit(1);
    }
    return std::move(*r);
  };

  // Results and their agreement.
  double rewindObjective = runObjective();
  ValueAndGradient vg = runGradient();
  std::vector<double> rewindGradient = flatten(vg, p.wrt);
  double manualObjective = p.manualObjective();
  std::vector<double> manualGradient;
  double manualValue = p.manualGradient(manualGradient);
  double objectiveDiff = std::max(relDiff(rewindObjective, manualObjective),
                                  relDiff(vg.value.get(0), manualValue));
  double gradientDiff = maxRelDiff(rewindGradient, manualGradient);

  llvm::outs() << p.title << " (" << file << "): " << p.numParameters
               << " parameters\n";
  llvm::outs() << llvm::formatv("  objective: Rewind {0:e15}, C++ {1:e15}\n",
                                rewindObjective, manualObjective);
  llvm::outs() << llvm::formatv(
      "  max relative difference Rewind vs C++: objective {0:e2}, gradient {1:e2}\n",
      objectiveDiff, gradientDiff);

  if (opt.check) {
    bool ok = true;
    auto verdict = [&](bool pass) {
      ok &= pass;
      return pass ? "ok" : "FAIL";
    };
    llvm::outs() << llvm::formatv("  check objective Rewind vs C++ <= 1e-10: {0}\n",
                                  verdict(objectiveDiff <= 1e-10));
    llvm::outs() << llvm::formatv("  check gradient Rewind vs hand-derived <= 1e-8: {0}\n",
                                  verdict(gradientDiff <= 1e-8));
    if (opt.expectObjective) {
      double e = std::max(relDiff(rewindObjective, opt.expected),
                          relDiff(manualObjective, opt.expected));
      llvm::outs() << llvm::formatv(
          "  check objective == {0:e15} (rel {1:e2}) <= 1e-10: {2}\n",
          opt.expected, e, verdict(e <= 1e-10));
    }
    if (p.numParameters <= opt.fdLimit) {
      auto fd = checkGradient(compiled, p.args, vg.gradients);
      if (!fd) {
        llvm::errs() << "rewind-adbench: " << llvm::toString(fd.takeError()) << "\n";
        std::exit(1);
      }
      // Central differences with h = 1e-6 max(1, |x|): rounding costs about
      // 1e-10 |E| in each difference quotient.
      double tol = 1e-6 + 1e-9 * std::fabs(manualObjective);
      llvm::outs() << llvm::formatv(
          "  check Rewind gradient vs finite differences {0:e2} <= {1:e1}: {2}\n",
          fd->maxRelativeError, tol, verdict(fd->maxRelativeError <= tol));
      double mfd = checkManualGradient(p.manualObjectiveAt, p.flatParameters,
                                       manualGradient);
      llvm::outs() << llvm::formatv(
          "  check hand-derived gradient vs finite differences {0:e2} <= {1:e1}: {2}\n",
          mfd, tol, verdict(mfd <= tol));
    } else {
      llvm::outs() << "  finite differences skipped (more than --fd-limit "
                   << opt.fdLimit << " parameters)\n";
    }
    llvm::outs() << (ok ? "PASS\n" : "FAIL\n");
    return ok ? 0 : 1;
  }

  double tObjective = medianSeconds([&] { runObjective(); }, opt.repeats);
  double tGradient = medianSeconds([&] { runGradient(); }, opt.repeats);
  double tManualObjective =
      medianSeconds([&] { p.manualObjective(); }, opt.repeats);
  double tManualGradient =
      medianSeconds([&] { p.manualGradient(manualGradient); }, opt.repeats);

  llvm::outs() << llvm::formatv("  {0,-22} {1,14} {2,14} {3,10}\n", "",
                                "objective ms", "gradient ms", "grad/obj");
  llvm::outs() << llvm::formatv("  {0,-22} {1,14:f3} {2,14:f3} {3,10:f2}\n",
                                "Rewind", tObjective * 1e3, tGradient * 1e3,
                                tGradient / tObjective);
  llvm::outs() << llvm::formatv("  {0,-22} {1,14:f3} {2,14:f3} {3,10:f2}\n",
                                "C++ / hand-derived", tManualObjective * 1e3,
                                tManualGradient * 1e3,
                                tManualGradient / tManualObjective);
  llvm::outs() << llvm::formatv("  {0,-22} {1,14:f2} {2,14:f2}\n",
                                "Rewind / C++", tObjective / tManualObjective,
                                tGradient / tManualGradient);
  llvm::outs() << llvm::formatv(
      "  JIT compile (objective + gradient{2}): {0:f0} ms (differentiate "
      "{3:f0}, lower {4:f0}, llvm {5:f0}); medians of {1} runs after a "
      "warm-up\n",
      compileSeconds * 1e3, opt.repeats, opt.vectorize ? "" : ", not vectorized",
      compiled.compileTimes().differentiate, compiled.compileTimes().lower,
      compiled.compileTimes().llvm);
  return 0;
}
