"""numpy functions on rewind arrays (NEP 13 `__array_ufunc__`, NEP 18
`__array_function__`).

While a GradientTape records, a numpy function called on a rewind array
either records the equivalent rewind operation (so its gradient flows) or
raises a TypeError naming the function and what to use instead: nothing is
computed silently outside the tape, which would give a wrong gradient.
Outside a tape, functions without a rewind equivalent run on the values, as
numpy would.
"""

import numpy as np

from . import ops as _ops
from .array import Array, _as_array
from .recording import _state

_ESCAPE = ("numpy.{name} is not recorded by rewind: on a recorded array it "
           "would compute outside the tape and its gradient would be lost")


def recording():
    """True while some GradientTape records."""
    return bool(_state.tapes) and not _state.suspended


def _elementwise(float_op, int_op, numpy_op):
    return lambda a, b: _ops._elementwise(float_op, int_op, numpy_op, a, b)


def _compare(predicate, numpy_op):
    return lambda a, b: _ops._compare(predicate, numpy_op, a, b)




# ufunc -> the rewind operation recording it (elementwise, broadcasting).
_UFUNCS = {
    np.add: _elementwise("arith.addf", "arith.addi", np.add),
    np.subtract: _elementwise("arith.subf", "arith.subi", np.subtract),
    np.multiply: _elementwise("arith.mulf", "arith.muli", np.multiply),
    np.true_divide: _elementwise("arith.divf", None, np.true_divide),
    np.maximum: _elementwise("arith.maximumf", None, np.maximum),
    np.minimum: _elementwise("arith.minimumf", None, np.minimum),
    np.fmax: _elementwise("arith.maxnumf", None, np.fmax),
    np.fmin: _elementwise("arith.minnumf", None, np.fmin),
    np.arctan2: _elementwise("math.atan2", None, np.arctan2),
    np.copysign: _elementwise("math.copysign", None, np.copysign),
    np.greater: _compare("ogt", np.greater),
    np.greater_equal: _compare("oge", np.greater_equal),
    np.less: _compare("olt", np.less),
    np.less_equal: _compare("ole", np.less_equal),
    np.equal: _compare("oeq", np.equal),
    np.not_equal: _compare("une", np.not_equal),
    np.power: _ops._pow,
    np.matmul: lambda a, b: _ops.matmul(a, b),
    np.negative: lambda x: -_as_array(x),
    np.positive: lambda x: _as_array(x),
    np.square: lambda x: _as_array(x) * x,
    np.reciprocal: lambda x: 1.0 / _as_array(x),
    np.exp: _ops.exp, np.log: _ops.log, np.sin: _ops.sin, np.cos: _ops.cos,
    np.tan: _ops.tan, np.tanh: _ops.tanh, np.sqrt: _ops.sqrt,
    np.absolute: _ops.abs, np.fabs: _ops.abs, np.sinh: _ops.sinh,
    np.cosh: _ops.cosh, np.arcsin: _ops.asin, np.arccos: _ops.acos,
    np.arctan: _ops.atan, np.arcsinh: _ops.asinh, np.arccosh: _ops.acosh,
    np.arctanh: _ops.atanh, np.exp2: _ops.exp2, np.expm1: _ops.expm1,
    np.log2: _ops.log2, np.log10: _ops.log10, np.log1p: _ops.log1p,
    np.cbrt: _ops.cbrt, np.floor: _ops.floor, np.ceil: _ops.ceil,
    np.rint: _ops.round, np.trunc: _ops.trunc,
}

# ufunc.reduce -> the reduction recording it.
_REDUCTIONS = {np.add: "sum", np.maximum: "max", np.minimum: "min"}


def _reduction(method):
    def reduce(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
        if dtype is not None or out is not None or kw:
            raise TypeError(f"numpy.{method} on a recorded array takes only "
                            "an array, an axis and keepdims")
        return getattr(_as_array(a), method)(axis, keepdims)
    return reduce


def _expand_dims(a, axis):
    a = _as_array(a)
    shape = list(a.shape)
    for d in sorted(int(d) % (a.ndim + len(np.atleast_1d(axis)))
                    for d in np.atleast_1d(axis)):
        shape.insert(d, 1)
    return a.reshape(tuple(shape))


def _stack(arrays, axis=0):
    arrays = [_as_array(a) for a in arrays]
    return _ops.concatenate([_expand_dims(a, axis) for a in arrays], axis=axis)


def _clip(a, a_min, a_max):
    a = _as_array(a)
    if a_min is not None:
        a = _ops.maximum(a, a_min)
    return a if a_max is None else _ops.minimum(a, a_max)


def _dot(a, b):
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        raise TypeError("numpy.dot on recorded arrays takes 1-D and 2-D "
                        "arrays: use rewind.matmul")
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return _as_array(a) * b
    return _ops.matmul(a, b)


def _moveaxis(a, source, destination):
    a = _as_array(a)
    source = [int(d) % a.ndim for d in np.atleast_1d(source)]
    destination = [int(d) % a.ndim for d in np.atleast_1d(destination)]
    order = [d for d in range(a.ndim) if d not in source]
    for d, s in sorted(zip(destination, source)):
        order.insert(d, s)
    return _ops.transpose(a, order)


def _swapaxes(a, axis1, axis2):
    a = _as_array(a)
    order = list(range(a.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return _ops.transpose(a, order)


def _flip(a, axis=None):
    a = _as_array(a)
    axes = (range(a.ndim) if axis is None
            else [int(d) % a.ndim for d in np.atleast_1d(axis)])
    return a[tuple(slice(None, None, -1) if d in axes else slice(None)
                   for d in range(a.ndim))]


def _pad(array, pad_width, mode="constant", constant_values=0):
    if mode != "constant" or np.ndim(constant_values):
        raise TypeError("numpy.pad on a recorded array takes mode='constant' "
                        "and one constant value")
    a = _as_array(array)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64),
                             (a.ndim, 2))
    return _ops.pad(a, widths.tolist(), float(constant_values))


def _norm(x, ord=None, axis=None, keepdims=False):
    if ord not in (None, 2, "fro") or (ord == 2 and axis is None
                                       and np.ndim(x) > 1):
        raise TypeError("numpy.linalg.norm on a recorded array computes the "
                        "2-norm (ord=None): use rewind operations otherwise")
    x = _as_array(x)
    return _ops.sqrt((x * x).sum(axis, keepdims))


def _method(name):
    return lambda a, *args, **kwargs: getattr(_as_array(a), name)(
        *args, **kwargs)


# numpy function -> the rewind operation recording it.
_FUNCTIONS = {
    np.sum: _reduction("sum"), np.mean: _reduction("mean"),
    np.max: _reduction("max"), np.amax: _reduction("max"),
    np.min: _reduction("min"), np.amin: _reduction("min"),
    np.reshape: lambda a, newshape: _as_array(a).reshape(newshape),
    np.transpose: lambda a, axes=None: _ops.transpose(a, axes),
    np.concatenate: lambda arrays, axis=0: _ops.concatenate(arrays, axis),
    np.where: lambda c, a, b: _ops.where(c, a, b),
    np.dot: _dot,
    np.einsum: lambda subscripts, *operands: _ops.einsum(subscripts, *operands),
    np.clip: _clip,
    np.squeeze: _method("squeeze"),
    np.expand_dims: _expand_dims,
    np.stack: _stack,
    np.ndim: lambda a: _as_array(a).ndim,
    np.shape: lambda a: _as_array(a).shape,
    np.size: lambda a: int(np.prod(_as_array(a).shape)),
    np.var: _method("var"), np.std: _method("std"),
    np.ravel: _method("ravel"),
    np.moveaxis: _moveaxis, np.swapaxes: _swapaxes, np.flip: _flip,
    np.pad: _pad, np.linalg.norm: _norm,
    np.broadcast_to: lambda a, shape: _as_array(a) + np.zeros(
        shape, _as_array(a).dtype),
}

# What to use for numpy functions rewind does not record (yet).
_HINTS = {
    "prod": "a product of slices, or exp(sum(log(x))) for positive x",
    "cumsum": "rewind.fori_loop",
    "sort": "rewind.stop_gradient if no gradient is wanted",
    "argmax": "rewind.stop_gradient(x).numpy().argmax() outside the tape",
    "argmin": "rewind.stop_gradient(x).numpy().argmin() outside the tape",
    "asarray": "x.numpy() after the tape, or rewind.stop_gradient",
    "array": "x.numpy() after the tape, or rewind.stop_gradient",
    "copy": "x itself (arrays are immutable), or rewind.stop_gradient",
    "sign": "x / rewind.abs(x), or rewind.stop_gradient",
}


def _escape(name):
    hint = _HINTS.get(name)
    message = _ESCAPE.format(name=name)
    import rewind
    if hint:
        message += f"; use {hint}"
    elif hasattr(rewind, name) or hasattr(rewind.nn, name):
        message += f"; use rewind.{'' if hasattr(rewind, name) else 'nn.'}{name}"
    else:
        message += ("; write it with rewind operations, or use "
                    "rewind.stop_gradient if no gradient is wanted")
    return TypeError(message)


def _public_name(func):
    """numpy.linalg.norm -> "linalg.norm", numpy.sum -> "sum"."""
    module = func.__module__ or ""
    for sub in ("linalg", "fft", "random", "ma", "polynomial"):
        if module.startswith("numpy." + sub):
            return f"{sub}.{func.__name__}"
    return func.__name__


def _values(x):
    """`x` with every rewind array replaced by its numpy value."""
    if isinstance(x, Array):
        return x._value
    if isinstance(x, (list, tuple)):
        return type(x)(_values(v) for v in x)
    if isinstance(x, dict):
        return {k: _values(v) for k, v in x.items()}
    return x


def array_ufunc(ufunc, method, inputs, kwargs):
    """Array.__array_ufunc__."""
    if kwargs.get("out") is None:
        kwargs.pop("out", None)
    if method == "__call__" and not kwargs and ufunc in _UFUNCS:
        return _UFUNCS[ufunc](*inputs)
    if method == "reduce" and ufunc in _REDUCTIONS:
        return _reduction(_REDUCTIONS[ufunc])(*inputs, **kwargs)
    name = ufunc.__name__ + ("" if method == "__call__" else "." + method)
    if recording():
        if kwargs:
            raise TypeError(f"numpy.{name} with {', '.join(kwargs)} on a "
                            "recorded array is not recorded by rewind")
        raise _escape(name)
    return getattr(ufunc, method)(*_values(inputs), **_values(kwargs))


def array_function(func, args, kwargs):
    """Array.__array_function__."""
    implementation = _FUNCTIONS.get(func)
    if implementation is not None:
        return implementation(*args, **kwargs)
    if recording():
        raise _escape(_public_name(func))
    return func(*_values(args), **_values(kwargs))
