"""Data-parallel training with rewind.distributed: gradient descent on
    loss(w) = sum_i (tanh(x_i . w) - y_i)^2
over a data set sharded by example across MPI ranks. Each rank compiles the
same program, computes the gradient on its shard, and the gradients are
summed with an allreduce; the parameters stay identical on every rank.

    mpirun -np 2 python3 train.py --steps 50 --out w.npy   # two ranks
    python3 train.py --steps 50 --out w.npy                # one process
    (as root: mpirun --allow-run-as-root ...)

--bad-rank R: rank R passes data of the wrong shape (every rank then exits
with the same error, naming rank R). --stall-rank R: rank R never reaches
the first step (the others exit after --timeout seconds).
"""
import argparse
import os
import sys
import time

import numpy as np

import rewind
from rewind import distributed

# loss(w) = sum_i (tanh(x_i . w) - y_i)^2, shared with train.cpp.
LOSS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "loss.mlir")).read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--examples", type=int, default=4000)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--rate", type=float, default=0.5)
    parser.add_argument("--out")
    parser.add_argument("--bad-rank", type=int)
    parser.add_argument("--stall-rank", type=int)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--threads", type=int,
                        help="OpenMP threads per rank (default: this "
                             "machine's cores shared among the ranks)")
    args = parser.parse_args()
    comm = distributed.world()
    rng = np.random.default_rng(7)  # the same data set on every rank
    x = rng.uniform(-1, 1, (args.examples, args.features))
    y = np.tanh(x @ rng.uniform(-1, 1, args.features))
    x_mine, y_mine = distributed.shard(x, comm), distributed.shard(y, comm)
    if comm.Get_rank() == args.bad_rank:
        x_mine = x_mine[:, 1:]
    # The cores of this machine, shared among the ranks that run on it (the
    # ranks of a run here are on one machine).
    threads = args.threads or max(1, (os.cpu_count() or 1) // comm.Get_size())
    loss = rewind.compile(LOSS, threads=threads).loss
    step = distributed.value_and_grad(loss, argnums=0,
                                      comm=comm, timeout=args.timeout)
    if comm.Get_rank() == args.stall_rank:
        time.sleep(3600)
    w = np.zeros(args.features)
    start = time.perf_counter()
    try:
        for i in range(args.steps):
            value, g = step(w, x_mine, y_mine)
            w -= args.rate / args.examples * g
    except rewind.RewindError as error:
        print(f"train.py (rank {comm.Get_rank()}): error: {error}",
              file=sys.stderr, flush=True)
        if isinstance(error, distributed.Timeout):
            comm.Abort(1)  # the stalled rank cannot finish MPI with us
        sys.exit(1)
    if comm.Get_rank() == 0:
        ms = (time.perf_counter() - start) * 1e3 / max(args.steps, 1)
        print(f"{comm.Get_size()} rank(s), {args.steps} steps: loss "
              f"{value:.12g}, {ms:.3f} ms per step")
        if args.out:
            np.save(args.out, w)


if __name__ == "__main__":
    main()
