//===- main.cpp - CNN and embedding layers: Rewind against C++ -------------===//
//
// Part of the Rewind project.
//
//   rewind-bench-nn conv|embedding [--repeats N] [--threads N]
//
// conv: 0.5 * sum(conv2d(x, w)^2) with x 8x32x32x64 (NHWC), w 3x3x64x64.
// embedding: an embedding bag (512 examples of 16 ids into a 50000 x 128
// table) and cross-entropy with integer labels over 10 classes.
// Compiles benchmarks/nn/<name>.mlir and its gradient with Rewind (f32),
// checks the gradient against the hand-derived one, and prints the median
// times of both (after a warm-up) and their ratios. --threads N: Rewind's
// OpenMP threads (default: one per hardware thread; 1: serial code).
//
//===----------------------------------------------------------------------===//

#include "Timing.h"
#include "peers/Peers.h"

#include "rewind/JIT/Compiler.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <random>
#include <string>

using namespace rw::jit;
using rw::bench::medianSeconds;

namespace {
struct Result {
  /// What was run, with its element type.
  std::string name;
  double rewindObjective, rewindGradient, peerObjective, peerGradient,
      compileSeconds, gradientDifference;
};

std::vector<float> random(int64_t count, std::mt19937 &rng, float scale) {
  std::uniform_real_distribution<float> uniform(-scale, scale);
  std::vector<float> values(count);
  for (float &v : values)
    v = uniform(rng);
  return values;
}

ArrayView view(const void *data, ElementKind kind,
               std::vector<int64_t> shape) {
  return {kind, data, std::move(shape), {}, true};
}

/// The largest |a - b| / max(1, |b|) over two arrays.
template <typename T>
double largestDifference(const HostValue &a, const std::vector<T> &b) {
  double worst = 0;
  for (size_t i = 0; i < b.size(); ++i)
    worst = std::max(worst, std::fabs(a.get(i) - b[i]) /
                                std::max(1.0, std::fabs((double)b[i])));
  return worst;
}

/// Rewind's thread count (--threads; 0: one per hardware thread).
unsigned threads = 0;

std::shared_ptr<const CompiledEntry>
compile(const std::string &file, double &seconds,
        std::vector<unsigned> wrt = {0, 1}) {
  auto text = llvm::MemoryBuffer::getFile(file);
  if (!text) {
    llvm::errs() << "rewind-bench-nn: cannot read " << file << "\n";
    std::exit(1);
  }
  EntryRequest request;
  request.entry = "loss";
  request.gradient = true;
  request.wrt = std::move(wrt);
  request.threads = threads;
  auto start = std::chrono::steady_clock::now();
  auto compiled =
      Session::global().compile((*text)->getBuffer(), request, file);
  seconds = rw::bench::secondsSince(start);
  if (!compiled) {
    llvm::errs() << "rewind-bench-nn: " << llvm::toString(compiled.takeError())
                 << "\n";
    std::exit(1);
  }
  return *compiled;
}

template <typename T> T check(llvm::Expected<T> value) {
  if (!value) {
    llvm::errs() << "rewind-bench-nn: " << llvm::toString(value.takeError())
                 << "\n";
    std::exit(1);
  }
  return std::move(*value);
}

Result conv(int repeats) {
  rw::bench::Conv2D p{8, 32, 32, 64, 3, 3, 64};
  std::mt19937 rng(1);
  std::vector<float> x = random(p.n * p.h * p.w * p.c, rng, 1.0f);
  std::vector<float> w = random(p.kh * p.kw * p.c * p.f, rng, 0.1f);
  Result r{"conv2d 8x32x32x64, 3x3x64x64 (f32)", 0, 0, 0, 0, 0, 0};
  auto entry = compile(REWIND_NN_MLIR_DIR "/conv2d.mlir", r.compileSeconds);
  std::vector<ArrayView> args = {
      view(x.data(), ElementKind::F32, {p.n, p.h, p.w, p.c}),
      view(w.data(), ElementKind::F32, {p.kh, p.kw, p.c, p.f})};
  r.rewindObjective = medianSeconds([&] { check(entry->evaluate(args)); },
                                    repeats);
  ValueAndGradient vg;
  r.rewindGradient = medianSeconds(
      [&] { vg = check(entry->valueAndGradient(args)); }, repeats);
  std::vector<float> dx(x.size()), dw(w.size());
  r.peerObjective =
      medianSeconds([&] { p.objective(x.data(), w.data()); }, repeats);
  r.peerGradient = medianSeconds(
      [&] { p.gradient(x.data(), w.data(), dx.data(), dw.data()); }, repeats);
  r.gradientDifference = std::max(largestDifference(*vg.gradients[0], dx),
                                  largestDifference(*vg.gradients[1], dw));
  return r;
}

Result embedding(int repeats) {
  rw::bench::EmbeddingXent p{50000, 128, 10, 512, 16};
  std::mt19937 rng(2);
  std::vector<float> e = random(p.vocabulary * p.dim, rng, 0.1f);
  std::vector<float> w = random(p.dim * p.classes, rng, 0.1f);
  std::vector<int32_t> ids(p.batch * p.bag), labels(p.batch);
  std::uniform_int_distribution<int32_t> id(0, p.vocabulary - 1),
      label(0, p.classes - 1);
  for (int32_t &v : ids)
    v = id(rng);
  for (int32_t &v : labels)
    v = label(rng);
  Result r{"embedding bag 512x16 of 50000x128, 10 classes (f32)", 0, 0, 0, 0, 0, 0};
  auto entry = compile(REWIND_NN_MLIR_DIR "/embedding.mlir", r.compileSeconds);
  std::vector<ArrayView> args = {
      view(e.data(), ElementKind::F32, {p.vocabulary, p.dim}),
      view(w.data(), ElementKind::F32, {p.dim, p.classes}),
      view(ids.data(), ElementKind::I32, {p.batch, p.bag}),
      view(labels.data(), ElementKind::I32, {p.batch})};
  r.rewindObjective = medianSeconds([&] { check(entry->evaluate(args)); },
                                    repeats);
  ValueAndGradient vg;
  r.rewindGradient = medianSeconds(
      [&] { vg = check(entry->valueAndGradient(args)); }, repeats);
  std::vector<float> de(e.size()), dw(w.size());
  r.peerObjective = medianSeconds(
      [&] { p.objective(e.data(), w.data(), ids.data(), labels.data()); },
      repeats);
  r.peerGradient = medianSeconds(
      [&] {
        p.gradient(e.data(), w.data(), ids.data(), labels.data(), de.data(),
                   dw.data());
      },
      repeats);
  r.gradientDifference = std::max(largestDifference(*vg.gradients[0], de),
                                  largestDifference(*vg.gradients[1], dw));
  return r;
}
/// Few parameters, many examples: the adjoint of w and the loss reduce over
/// the examples (split into private copies per thread).
Result regression(int repeats) {
  rw::bench::TanhRegression p{1000000, 4};
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> w(p.features), x(p.examples * p.features),
      y(p.examples);
  for (std::vector<double> *values : {&w, &x, &y})
    for (double &v : *values)
      v = uniform(rng);
  Result r{"tanh regression, 1000000 examples x 4 features (f64)", 0, 0, 0,
           0, 0, 0};
  auto entry = compile(REWIND_EXAMPLES_DIR "/distributed/loss.mlir",
                       r.compileSeconds, {0});
  std::vector<ArrayView> args = {
      view(w.data(), ElementKind::F64, {p.features}),
      view(x.data(), ElementKind::F64, {p.examples, p.features}),
      view(y.data(), ElementKind::F64, {p.examples})};
  r.rewindObjective = medianSeconds([&] { check(entry->evaluate(args)); },
                                    repeats);
  ValueAndGradient vg;
  r.rewindGradient = medianSeconds(
      [&] { vg = check(entry->valueAndGradient(args)); }, repeats);
  std::vector<double> dw(p.features);
  r.peerObjective = medianSeconds(
      [&] { p.objective(w.data(), x.data(), y.data()); }, repeats);
  r.peerGradient = medianSeconds(
      [&] { p.gradient(w.data(), x.data(), y.data(), dw.data()); }, repeats);
  r.gradientDifference = largestDifference(*vg.gradients[0], dw);
  return r;
}
} // namespace

int main(int argc, char **argv) {
  std::string which = argc > 1 ? argv[1] : "";
  int repeats = 11;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--repeats")
      repeats = std::atoi(argv[i + 1]);
    else if (std::string(argv[i]) == "--threads")
      threads = std::atoi(argv[i + 1]);
  if (which != "conv" && which != "embedding" && which != "regression") {
    llvm::errs() << "usage: rewind-bench-nn conv|embedding|regression "
                    "[--repeats N] [--threads N]\n";
    return 2;
  }
  Result r = which == "conv"        ? conv(repeats)
             : which == "embedding" ? embedding(repeats)
                                    : regression(repeats);
  llvm::outs() << llvm::formatv(
      "{0}: gradient differs from the hand-derived one by {1:e2} at "
      "most\n"
      "                           objective ms    gradient ms   grad/obj\n"
      "  Rewind                   {2,12:f3}   {3,12:f3}   {4,8:f2}\n"
      "  C++ / hand-derived       {5,12:f3}   {6,12:f3}   {7,8:f2}\n"
      "  Rewind / C++             {8,12:f2}   {9,12:f2}\n"
      "  JIT compile (objective + gradient): {10:f0} ms; medians of {11} "
      "runs after a warm-up\n",
      r.name, r.gradientDifference, r.rewindObjective * 1e3,
      r.rewindGradient * 1e3, r.rewindGradient / r.rewindObjective,
      r.peerObjective * 1e3, r.peerGradient * 1e3,
      r.peerGradient / r.peerObjective, r.rewindObjective / r.peerObjective,
      r.rewindGradient / r.peerGradient, r.compileSeconds * 1e3, repeats);
  return r.gradientDifference < 1e-3 ? 0 : 1;
}
