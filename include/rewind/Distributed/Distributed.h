//===- Distributed.h - Data-parallel gradients over MPI ---------*- C++ -*-===//
//
// Part of the Rewind project.
//
// The C++ counterpart of rewind.distributed (Python): a sum-of-terms
// objective (a loss summed over the examples of a data set) is sharded by
// its batch dimension across MPI ranks; every rank runs the compiled
// gradient on its shard, and the values and gradients are summed with an
// MPI allreduce in place. Failures are collective: a rank whose step fails
// makes every rank get the same error naming it, and a rank that stops
// answering makes the others get a TimeoutError, never a hang. See
// docs/distributed.md.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_DISTRIBUTED_DISTRIBUTED_H
#define REWIND_DISTRIBUTED_DISTRIBUTED_H

#include "rewind/JIT/Compiler.h"

#include "llvm/Support/Error.h"

#include <mpi.h>

namespace rw::distributed {

struct Options {
  MPI_Comm comm = MPI_COMM_WORLD;
  /// How long a collective step waits for the other ranks, in seconds.
  double timeoutSeconds = 300;
};

/// The other ranks did not arrive within the timeout. MPI cannot finish
/// cleanly after it (MPI_Finalize waits for every rank): end the job with
/// MPI_Abort.
class TimeoutError : public llvm::ErrorInfo<TimeoutError> {
public:
  static char ID;
  explicit TimeoutError(std::string message) : message(std::move(message)) {}
  void log(llvm::raw_ostream &os) const override { os << message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  std::string message;
};

/// The rows [begin, begin + size) of `n` examples that this rank holds:
/// contiguous shards, the first n % ranks of them one longer (numpy's
/// array_split, as rewind.distributed.shard).
struct Shard {
  int64_t begin = 0, size = 0;
};
Shard shard(int64_t n, const Options &options = {});

/// Collective: every rank passes what its own step gave (success or an
/// error) and gets the first failing rank's error, as "rank R: message",
/// or success when every rank succeeded; a TimeoutError when some rank does
/// not arrive in time. For steps that happen on every rank before the
/// gradients, such as compiling the program.
llvm::Error agree(llvm::Error local, const Options &options = {});

/// Collective: runs `entry`'s value and gradient on this rank's `args` (its
/// shard) and returns the value and gradient summed over every rank (each
/// gradient summed in place by MPI_Allreduce). Every rank calls it with the
/// same parameters; errors as agree() gives them, and an error when the
/// ranks' gradients differ in shape.
llvm::Expected<jit::ValueAndGradient>
valueAndGradient(const jit::CompiledEntry &entry,
                 llvm::ArrayRef<jit::ArrayView> args,
                 const Options &options = {});

} // namespace rw::distributed

#endif // REWIND_DISTRIBUTED_DISTRIBUTED_H
