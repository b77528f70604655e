"""Rewind from Python: reverse-mode derivatives of MLIR programs, compiled
ahead of time to native SIMD code.

    import numpy as np, rewind
    m = rewind.compile(open("model.mlir").read())
    loss = m.loss                      # a callable compiled function
    loss(w, x)                         # the value
    rewind.grad(loss)(w, x)            # d loss / d w
    rewind.value_and_grad(loss, argnums=(0, 1))(w, x)
    out, pullback = rewind.vjp(m.f, x); pullback(seed)
    out, tangent = rewind.jvp(m.f, (x,), (v,))   # forward mode: J v
    rewind.hvp(loss, (w, x), (v, None))          # H v (reverse over forward)
    rewind.jacobian(m.f)(x)                      # forward or reverse by shape

Arguments are numpy arrays (any strides; never modified) or Python numbers,
of the element type the MLIR function declares. Each distinct program and
request is compiled once per process and cached. A requested argument whose
gradient is always zero raises a RewindWarning that says why. A run-time
error of the compiled code (out of memory, a size that overflows, a tape over
its limit) raises RewindError; the process never aborts.

The package: functional (compile, grad, value_and_grad, vjp, jvp, hvp,
jacobian, hessian), array (Array, Variable), ops (the recorded operations), numpy_api
(numpy functions on rewind arrays), control (cond, fori_loop, while_loop),
recording (the MLIR a tape accumulates), tape (GradientTape), nn (layers),
optimizers (SGD, Adam), tree (nested structures), distributed
(data-parallel gradients over MPI; imported on its own: `from rewind import
distributed`).
"""

from . import _rewind  # noqa: F401

__all__ = [
    "RewindError", "RewindWarning",
    # functional transforms
    "compile", "Module", "Function", "grad", "value_and_grad", "vjp", "jvp",
    "hvp", "jacobian", "hessian", "compilations", "function", "custom_gradient",
    "custom_vjp", "set_code_cache", "code_cache",
    # arrays and recorded operations
    "Array", "Variable", "array", "abs", "acos", "acosh", "asin", "asinh",
    "atan", "atan2", "atanh", "cbrt", "ceil", "concatenate", "cos", "cosh",
    "einsum", "erf", "exp", "exp2", "expm1", "floor", "log", "log1p", "log2",
    "log10", "matmul", "maximum", "minimum", "pad", "round", "rsqrt", "sigmoid",
    "sin", "sinh", "sqrt", "stop_gradient", "tan", "tanh", "transpose",
    "trunc", "where",
    # control flow, tapes, submodules
    "cond", "fori_loop", "while_loop", "GradientTape", "nn", "optimizers",
    "tree",
]


class RewindError(RuntimeError):
    """A program Rewind cannot compile or a call it cannot make."""


class RewindWarning(UserWarning):
    """For example: a gradient that is always zero, and why."""


from .functional import (Function, Module, code_cache,  # noqa: E402
                         compilations, compile, grad, hessian, hvp, jacobian,
                         jvp, set_code_cache, value_and_grad, vjp)
from .array import Array, Variable, array  # noqa: E402  (before .ops)
from .ops import (abs, acos, acosh, asin, asinh, atan, atan2,  # noqa: E402
                  atanh, cbrt, ceil, concatenate, cos, cosh, einsum, erf, exp,
                  exp2, expm1, floor, log, log1p, log2, log10, matmul, maximum,
                  minimum, pad, round, rsqrt, sigmoid, sin, sinh, sqrt,
                  stop_gradient, tan, tanh, transpose, trunc, where)
from .control import cond, fori_loop, while_loop  # noqa: E402
from .tape import GradientTape  # noqa: E402
from . import nn, optimizers, tree  # noqa: E402,F401
from .function import function  # noqa: E402
from .custom import custom_gradient, custom_vjp  # noqa: E402
