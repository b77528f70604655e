//===- train.cpp - Data-parallel training over MPI, from C++ --------------===//
//
// Part of the Rewind project.
//
// The C++ twin of train.py: gradient descent on
//   loss(w) = sum_i (tanh(x_i . w) - y_i)^2        (loss.mlir)
// over a data set sharded by example across MPI ranks with
// rw::distributed. Every rank compiles the same program, computes the
// gradient on its shard, and the gradients are summed with an allreduce; the
// parameters stay identical on every rank.
//
//   mpirun -np 2 rewind-distributed-train --steps 50 --out w.txt
//   rewind-distributed-train --steps 50 --out w.txt      (one process)
//
// --check: compares the first step's summed value and gradient with the
// analytic ones over the whole data set. --bad-rank R: rank R passes data
// of the wrong shape (every rank exits with the same error, naming rank R).
// --stall-rank R: rank R never reaches the first step (the others exit
// after --timeout seconds).
//
//===----------------------------------------------------------------------===//

#include "rewind/Distributed/Distributed.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

using namespace rw;
namespace cl = llvm::cl;

static cl::opt<int> steps("steps", cl::init(50));
static cl::opt<int> examples("examples", cl::init(4000));
static cl::opt<int> features("features", cl::init(32));
static cl::opt<double> rate("rate", cl::init(0.5));
static cl::opt<std::string> out("out", cl::desc("Write the parameters here"));
static cl::opt<int> badRank("bad-rank", cl::init(-1));
static cl::opt<int> stallRank("stall-rank", cl::init(-1));
static cl::opt<double> timeout("timeout", cl::init(300.0));
// (Not --threads as in train.py: libLLVM has an option of that name.)
static cl::opt<unsigned>
    threads("threads-per-rank", cl::init(0),
            cl::desc("OpenMP threads per rank (default: this machine's "
                     "cores shared among the ranks)"));
static cl::opt<bool> check("check", cl::desc("Check the first gradient"));

/// Uniform numbers in [-1, 1) from a seed (splitmix64): the same data set on
/// every rank and machine.
struct Uniform {
  uint64_t state;
  double operator()() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (z >> 11) * 0x1.0p-52 - 1.0;
  }
};

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  cl::ParseCommandLineOptions(argc, argv, "Rewind data-parallel training\n");
  distributed::Options options;
  options.timeoutSeconds = timeout;
  int rank = 0, ranks = 1;
  MPI_Comm_rank(options.comm, &rank);
  MPI_Comm_size(options.comm, &ranks);
  auto fail = [&](llvm::Error error) {
    bool late = error.isA<distributed::TimeoutError>();
    // One write, so that the ranks' lines do not interleave.
    llvm::errs() << llvm::formatv("train (rank {0}): error: {1}\n", rank,
                                  llvm::toString(std::move(error)))
                        .str();
    if (late)
      MPI_Abort(options.comm, 1); // the stalled rank cannot finish with us
    MPI_Finalize();
    return 1;
  };

  int64_t n = examples, d = features;
  Uniform uniform{7};
  std::vector<double> x(n * d), y(n), truth(d);
  for (double &v : x)
    v = uniform();
  for (double &v : truth)
    v = uniform();
  for (int64_t i = 0; i < n; ++i) {
    double dot = 0;
    for (int64_t j = 0; j < d; ++j)
      dot += x[i * d + j] * truth[j];
    y[i] = std::tanh(dot);
  }

  // The cores of this machine, shared among the ranks that run on it.
  jit::EntryRequest request;
  request.entry = "loss";
  request.gradient = true;
  request.wrt = {0};
  request.threads =
      threads ? threads
              : std::max(1u, std::thread::hardware_concurrency() / ranks);
  auto source = llvm::MemoryBuffer::getFile(REWIND_DISTRIBUTED_LOSS);
  if (!source)
    return fail(llvm::createStringError(source.getError(),
                                        "cannot read " REWIND_DISTRIBUTED_LOSS));
  auto compiled = jit::Session::global().compile((*source)->getBuffer(),
                                                 request, "loss.mlir");
  if (llvm::Error error = distributed::agree(
          compiled ? llvm::Error::success() : compiled.takeError(), options))
    return fail(std::move(error));

  distributed::Shard mine = distributed::shard(n, options);
  int64_t columns = rank == badRank ? d - 1 : d;
  std::vector<double> xMine(mine.size * columns);
  for (int64_t i = 0; i < mine.size; ++i)
    for (int64_t j = 0; j < columns; ++j)
      xMine[i * columns + j] = x[(mine.begin + i) * d + j];
  std::vector<double> w(d, 0.0);
  jit::ArrayView args[] = {
      {jit::ElementKind::F64, w.data(), {d}, {}, true},
      {jit::ElementKind::F64, xMine.data(), {mine.size, columns}, {}, true},
      {jit::ElementKind::F64, y.data() + mine.begin, {mine.size}, {}, true}};
  if (rank == stallRank)
    std::this_thread::sleep_for(std::chrono::hours(1));

  double value = 0;
  auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) {
    auto result = distributed::valueAndGradient(**compiled, args, options);
    if (!result)
      return fail(result.takeError());
    value = result->value.get(0);
    const jit::HostValue &g = *result->gradients[0];
    if (check && step == 0 && rank == 0) {
      // d/dw sum_i (t_i - y_i)^2 = sum_i 2 (t_i - y_i)(1 - t_i^2) x_i.
      double loss = 0, error = 0;
      std::vector<double> exact(d, 0.0);
      for (int64_t i = 0; i < n; ++i) {
        double dot = 0;
        for (int64_t j = 0; j < d; ++j)
          dot += x[i * d + j] * w[j];
        double t = std::tanh(dot), r = t - y[i];
        loss += r * r;
        for (int64_t j = 0; j < d; ++j)
          exact[j] += 2 * r * (1 - t * t) * x[i * d + j];
      }
      for (int64_t j = 0; j < d; ++j)
        error = std::max(error, std::abs(g.get(j) - exact[j]) /
                                    std::max(1.0, std::abs(exact[j])));
      llvm::outs() << llvm::formatv(
          "first step vs analytic: value {0:e1}, gradient {1:e1}\n",
          std::abs(value - loss) / std::max(1.0, std::abs(loss)), error);
    }
    for (int64_t j = 0; j < d; ++j)
      w[j] -= rate / n * g.get(j);
  }
  if (rank == 0) {
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count() /
                std::max(1, (int)steps);
    llvm::outs() << llvm::formatv(
        "{0} rank(s), {1} steps: loss {2}, {3:f3} ms per step\n", ranks,
        (int)steps, llvm::format("%.12g", value), ms);
    if (!out.empty()) {
      std::error_code ec;
      llvm::raw_fd_ostream file(out, ec);
      if (ec)
        return fail(llvm::createStringError(ec, "cannot write " + out));
      for (double v : w)
        file << llvm::format("%.17g\n", v);
    }
  }
  MPI_Finalize();
  return 0;
}
