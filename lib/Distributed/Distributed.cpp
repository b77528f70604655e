//===- Distributed.cpp - Data-parallel gradients over MPI -----------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Distributed/Distributed.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <thread>

using namespace rw;
using namespace rw::distributed;
using jit::ElementKind;
using jit::HostValue;

char TimeoutError::ID;

static int rankOf(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

static int ranksOf(MPI_Comm comm) {
  int ranks = 1;
  MPI_Comm_size(comm, &ranks);
  return ranks;
}

Shard distributed::shard(int64_t n, const Options &options) {
  int64_t rank = rankOf(options.comm), ranks = ranksOf(options.comm);
  int64_t base = n / ranks, longer = n % ranks;
  return {rank * base + std::min(rank, longer), base + (rank < longer)};
}

/// Waits (at most the timeout) until every rank reaches this point of
/// `step`, at a non-blocking barrier polled with a backoff from a busy wait
/// to a millisecond.
static llvm::Error arrive(llvm::StringRef step, const Options &options) {
  MPI_Request request;
  MPI_Ibarrier(options.comm, &request);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration<double>(options.timeoutSeconds);
  std::chrono::microseconds pause(0);
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done)
      return llvm::Error::success();
    if (std::chrono::steady_clock::now() > deadline)
      return llvm::make_error<TimeoutError>(llvm::formatv(
          "rank {0}: the other ranks did not reach {1} within {2} s (a rank "
          "stopped or hangs)",
          rankOf(options.comm), step,
          llvm::format("%g", options.timeoutSeconds)));
    std::this_thread::sleep_for(pause);
    pause = std::min(std::max(2 * pause, std::chrono::microseconds(1)),
                     std::chrono::microseconds(1000));
  }
}

namespace {
/// What one rank says of its step: its error, if any, and a description of
/// its gradients' kinds and shapes.
struct Report {
  std::optional<std::string> error;
  std::string shapes;
};
} // namespace

/// Collective: every rank's report, in rank order (after arrive()).
static std::vector<Report> gather(const Report &mine, const Options &options) {
  // Encoded as an error flag, the error text and the shapes, '\0' apart.
  std::string text = (mine.error ? "E" : "K") + mine.error.value_or("");
  text += '\0';
  text += mine.shapes;
  int ranks = ranksOf(options.comm), length = (int)text.size();
  std::vector<int> lengths(ranks), offsets(ranks);
  MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT,
                options.comm);
  int total = 0;
  for (int r = 0; r < ranks; ++r)
    offsets[r] = total, total += lengths[r];
  std::string all(total, '\0');
  MPI_Allgatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(),
                 offsets.data(), MPI_CHAR, options.comm);
  std::vector<Report> reports(ranks);
  for (int r = 0; r < ranks; ++r) {
    llvm::StringRef one(all.data() + offsets[r], lengths[r]);
    auto [error, shapes] = one.drop_front().split('\0');
    if (one.front() == 'E')
      reports[r].error = error.str();
    reports[r].shapes = shapes.str();
  }
  return reports;
}

/// Collective: arrive(), then the first failing rank's error on every rank,
/// or an error when the ranks' shapes differ.
static llvm::Error exchange(const Report &mine, llvm::StringRef step,
                            const Options &options) {
  if (llvm::Error late = arrive(step, options))
    return late;
  std::vector<Report> reports = gather(mine, options);
  for (auto [rank, report] : llvm::enumerate(reports))
    if (report.error)
      return llvm::createStringError(
          llvm::formatv("rank {0}: {1}", rank, *report.error).str());
  if (llvm::any_of(reports, [&](const Report &report) {
        return report.shapes != reports.front().shapes;
      })) {
    std::string text;
    for (auto [rank, report] : llvm::enumerate(reports))
      text += llvm::formatv("{0}rank {1}: {2}", rank ? "; " : "", rank,
                            report.shapes);
    return llvm::createStringError(
        "the ranks' gradients differ in shape (" + text +
        "): every rank must pass the same parameters");
  }
  return llvm::Error::success();
}

llvm::Error distributed::agree(llvm::Error local, const Options &options) {
  Report mine;
  if (local)
    mine.error = llvm::toString(std::move(local));
  return exchange(mine, "this step", options);
}

/// The MPI type that sums elements of `kind`, if any.
static std::optional<MPI_Datatype> sumType(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return MPI_FLOAT;
  case ElementKind::F64:
    return MPI_DOUBLE;
  default:
    return std::nullopt;
  }
}

/// Sums `value` over every rank, in place.
static void sumInPlace(HostValue &value, MPI_Comm comm) {
  MPI_Datatype type = *sumType(value.kind());
  auto *data = static_cast<char *>(value.data());
  size_t width = jit::elementSize(value.kind());
  // (MPI counts are ints.)
  for (int64_t done = 0, n = value.numElements(); done < n;) {
    int count = (int)std::min<int64_t>(n - done, INT_MAX);
    MPI_Allreduce(MPI_IN_PLACE, data + done * width, count, type, MPI_SUM,
                  comm);
    done += count;
  }
}

/// "f64[3x4]" for a tensor, "f64" for a scalar.
static std::string describe(const HostValue &value) {
  std::string text = value.kind() == ElementKind::F32 ? "f32" : "f64";
  if (value.isTensor())
    text += "[" + llvm::join(llvm::map_range(value.shape(), [](int64_t d) {
              return std::to_string(d);
            }), "x") + "]";
  return text;
}

llvm::Expected<jit::ValueAndGradient>
distributed::valueAndGradient(const jit::CompiledEntry &entry,
                              llvm::ArrayRef<jit::ArrayView> args,
                              const Options &options) {
  llvm::Expected<jit::ValueAndGradient> local = entry.valueAndGradient(args);
  Report mine;
  if (!local) {
    mine.error = llvm::toString(local.takeError());
  } else if (!sumType(local->value.kind())) {
    mine.error = "the objective's value is not f32 or f64, which MPI sums";
  } else {
    for (auto [i, gradient] : llvm::enumerate(local->gradients)) {
      if (gradient && !sumType(gradient->kind()))
        mine.error = llvm::formatv("the gradient of argument #{0} is not f32 "
                                   "or f64, which MPI sums",
                                   i);
      mine.shapes += (i ? ", " : "") +
                     (gradient ? describe(*gradient) : std::string("-"));
    }
  }
  if (llvm::Error error = exchange(mine, "the gradient step", options))
    return std::move(error);
  sumInPlace(local->value, options.comm);
  for (std::optional<HostValue> &gradient : local->gradients)
    if (gradient)
      sumInPlace(*gradient, options.comm);
  return local;
}
