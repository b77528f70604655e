"""Data-parallel gradients over MPI (mpi4py): a sum-of-terms objective (a
loss summed over the examples of a data set) is sharded by its batch
dimension across ranks, each rank runs the compiled gradient on its shard,
and the values and gradients are summed with an MPI allreduce, in place.

    from rewind import distributed
    x, y = distributed.shard(x_all), distributed.shard(y_all)
    step = distributed.value_and_grad(m.loss, argnums=0)
    value, g = step(w, x, y)          # the sums over every rank's shard

Every rank gets the same value and gradient. A rank whose step fails (the
program does not compile, an argument has the wrong shape, a call raises)
makes every rank raise the same RewindError naming that rank, and a rank
that stops answering makes the others raise Timeout after `timeout`
seconds, rather than hang in a collective operation. See
docs/distributed.md.
"""

import time
from typing import Callable, Optional

import numpy as np

from . import RewindError
from .functional import value_and_grad as _value_and_grad

__all__ = ["Timeout", "shard", "value_and_grad", "world"]


class Timeout(RewindError):
    """Other ranks did not arrive in time. MPI cannot finish cleanly after
    it (MPI_Finalize waits for every rank): end the job with comm.Abort."""


def world():
    """mpi4py's COMM_WORLD (ImportError with a hint when mpi4py is
    missing)."""
    try:
        from mpi4py import MPI
    except ImportError as error:
        raise ImportError("rewind.distributed needs mpi4py (Debian: "
                          "python3-mpi4py, with openmpi-bin)") from error
    return MPI.COMM_WORLD


def shard(array, comm=None, axis: int = 0):
    """This rank's contiguous part of `array` along `axis` (numpy's
    array_split: the first size % ranks shards one longer)."""
    comm = comm or world()
    return np.array_split(np.asarray(array), comm.Get_size(),
                          axis=axis)[comm.Get_rank()]


def _agree(comm, error: Optional[str], shapes, timeout: float) -> None:
    """Waits (at most `timeout` seconds) until every rank arrives, then
    raises the first failing rank's error on every rank, or an error when
    their gradients differ in shape."""
    request = comm.Ibarrier()
    deadline = time.monotonic() + timeout
    pause = 0.0
    while not request.Test():
        # (Polls, backing off from a busy wait to a millisecond.)
        time.sleep(pause)
        pause = min(max(2 * pause, 1e-6), 1e-3)
        if time.monotonic() > deadline:
            raise Timeout(
                f"rank {comm.Get_rank()}: the other ranks did not reach the "
                f"gradient step within {timeout:g} s (a rank stopped or "
                f"hangs)")
    reports = comm.allgather((error, shapes))
    for rank, (message, _) in enumerate(reports):
        if message is not None:
            raise RewindError(f"rank {rank}: {message}")
    if any(s != reports[0][1] for _, s in reports):
        raise RewindError(
            "the ranks' gradients differ in shape (" + "; ".join(
                f"rank {r}: {s}" for r, (_, s) in enumerate(reports)) +
            "): every rank must pass the same parameters")


def value_and_grad(fun: Callable, argnums=0, comm=None,
                   timeout: float = 300.0) -> Callable:
    """Like rewind.value_and_grad, for an objective that is a sum of terms
    over the examples each rank holds a shard of: returns a function giving
    the value and gradient summed over every rank (an allreduce in place of
    each gradient array: no copies beyond MPI's). Every rank calls it with
    the same parameters and its own shard."""
    local = _value_and_grad(fun, argnums)
    single = isinstance(argnums, int)

    def wrapped(*args):
        nonlocal comm
        comm = comm or world()
        from mpi4py import MPI
        error, value, grads, scalar = None, 0.0, (), ()
        try:
            value, raw = local(*args)
            raw = (raw,) if single else tuple(raw)
            scalar = tuple(np.ndim(g) == 0 for g in raw)
            grads = tuple(np.require(np.atleast_1d(np.asarray(g, np.float64)),
                                     requirements=["C", "W"]) for g in raw)
        except Exception as failure:  # told to every rank below
            error = f"{type(failure).__name__}: {failure}"
        _agree(comm, error, [g.shape for g in grads], timeout)
        total = comm.allreduce(float(value), op=MPI.SUM)
        for g in grads:
            comm.Allreduce(MPI.IN_PLACE, g, op=MPI.SUM)
        out = tuple(float(g[0]) if s else g for g, s in zip(grads, scalar))
        return total, (out[0] if single else out)

    return wrapped
