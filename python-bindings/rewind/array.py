"""rewind.Array and rewind.Variable: numpy values whose operations are
recorded by the active GradientTapes (operators and methods here, the
operations themselves in rewind.ops, numpy functions in rewind.numpy_api)."""

from typing import Any, Optional, Tuple, Union

import numpy as np

from .recording import (_MLIR_TYPES, _check_not_traced, _is_recorded,
                        _leaves_tape)


# numpy's axis argument: None, an int (negative from the end), or a tuple.
Axis = Optional[Union[int, Tuple[int, ...]]]


class Array:
    """An array whose operations are recorded by active GradientTapes."""

    __array_priority__ = 100

    def __init__(self, value, trainable=False, name=None):
        value = np.asarray(value)
        if value.dtype.kind == "f" and value.dtype not in _MLIR_TYPES:
            value = value.astype(np.float64)
        if value.dtype.kind in "iu" and value.dtype not in _MLIR_TYPES:
            value = value.astype(np.int64)  # uint8 labels, int16 data
        self._value = np.array(value)
        self.trainable = trainable
        self.name = name

    def numpy(self) -> np.ndarray:
        """A copy of the value, as a numpy array (outside the tapes)."""
        _leaves_tape(self, "numpy() of")
        return self._value.copy()

    def item(self) -> Any:
        """The value of a one-element array as a Python number (outside the
        tapes)."""
        _leaves_tape(self, "item() of")
        return self._value.item()

    def __array__(self, dtype=None):
        _leaves_tape(self, "converting to numpy")
        return self._value if dtype is None else self._value.astype(dtype)

    # numpy functions record the rewind operation or raise (numpy_api).
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        from . import numpy_api
        return numpy_api.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        from . import numpy_api
        return numpy_api.array_function(func, args, kwargs)

    def __bool__(self):
        if _is_recorded(self):
            raise TypeError(
                "the truth value of a recorded rewind array is not recorded: "
                "a Python if/while on it would take the same branch whatever "
                "the inputs; use rewind.cond or rewind.while_loop (or branch "
                "on rewind.stop_gradient(x).numpy())")
        return bool(self._value)

    @property
    def shape(self):
        """The shape, as numpy's."""
        return self._value.shape

    @property
    def dtype(self):
        """The numpy dtype."""
        return self._value.dtype

    @property
    def ndim(self):
        """The number of dimensions."""
        return self._value.ndim

    def __repr__(self):
        kind = "Variable" if self.trainable else "Array"
        return f"rewind.{kind}({self._value!r})"

    def __float__(self):
        _leaves_tape(self, "float() of")
        return float(self._value)

    def __int__(self):
        _leaves_tape(self, "int() of")
        return int(self._value)

    def __index__(self):
        if self.dtype.kind not in "iu":
            raise TypeError("only integer rewind arrays are indices")
        _leaves_tape(self, "using as a Python index")
        return int(self._value)

    def __len__(self):
        return len(self._value)

    # Arithmetic (elementwise; numbers broadcast).
    def __add__(self, other): return _arith("add", self, other)
    def __radd__(self, other): return _arith("add", other, self)
    def __sub__(self, other): return _arith("sub", self, other)
    def __rsub__(self, other): return _arith("sub", other, self)
    def __mul__(self, other): return _arith("mul", self, other)
    def __rmul__(self, other): return _arith("mul", other, self)
    def __truediv__(self, other): return _arith("div", self, other)
    def __rtruediv__(self, other): return _arith("div", other, self)
    def __neg__(self):
        if self.dtype.kind != "f":
            return _arith("sub", 0, self)
        return _unary("arith.negf", self, np.negative)
    def __pow__(self, exponent): return _pow(self, exponent)
    def __rpow__(self, base): return _pow(base, self)
    def __abs__(self): return _abs(self)
    def __matmul__(self, other): return matmul(self, other)
    def __rmatmul__(self, other): return matmul(other, self)
    def __gt__(self, other): return _compare("ogt", np.greater, self, other)
    def __ge__(self, other): return _compare("oge", np.greater_equal, self, other)
    def __lt__(self, other): return _compare("olt", np.less, self, other)
    def __le__(self, other): return _compare("ole", np.less_equal, self, other)
    def __eq__(self, other): return _compare("oeq", np.equal, self, other)
    def __ne__(self, other): return _compare("une", np.not_equal, self, other)
    # Elementwise == makes arrays unhashable by value; they hash by identity.
    __hash__ = object.__hash__
    def __getitem__(self, index): return _slice(self, index)

    # Reductions and shapes.
    def sum(self, axis: Axis = None, keepdims: bool = False) -> "Array":
        """The sum over `axis` (None: all; an int, negative, or a tuple)."""
        return _reduce(self, axis, keepdims, "addf", 0.0, np.sum)

    def max(self, axis: Axis = None, keepdims: bool = False) -> "Array":
        """The maximum over `axis` (ties split the gradient evenly)."""
        return _reduce(self, axis, keepdims, "maximumf", -np.inf, np.max)

    def min(self, axis: Axis = None, keepdims: bool = False) -> "Array":
        """The minimum over `axis` (ties split the gradient evenly)."""
        return _reduce(self, axis, keepdims, "minimumf", np.inf, np.min)

    def mean(self, axis: Axis = None, keepdims: bool = False) -> "Array":
        """The mean over `axis`."""
        return self.sum(axis, keepdims) * (1.0 / self._count(axis))

    def _count(self, axis):
        """How many elements each result of a reduction over `axis` has."""
        return self._value.size // max(1, np.sum(self._value, axis=axis).size)

    def var(self, axis: Axis = None, keepdims: bool = False,
            ddof: int = 0) -> "Array":
        """The variance over `axis` (divided by count - ddof)."""
        centered = self - self.mean(axis, keepdims=True)
        count = self._count(axis)
        return (centered * centered).sum(axis, keepdims) * (
            1.0 / (count - ddof) if count > ddof else np.inf)

    def std(self, axis: Axis = None, keepdims: bool = False,
            ddof: int = 0) -> "Array":
        """The standard deviation over `axis`."""
        return _sqrt(self.var(axis, keepdims, ddof))

    def reshape(self, *shape: Any) -> "Array":
        """The same elements in another shape (one -1 inferred)."""
        return _reshape(self, shape)

    def ravel(self) -> "Array":
        """The elements as a 1-D array (row-major)."""
        return _reshape(self, (-1,))

    flatten = ravel

    def squeeze(self, axis: Axis = None) -> "Array":
        """Without the unit dimensions (those of `axis`, or all)."""
        axes = (tuple(d for d, n in enumerate(self.shape) if n == 1)
                if axis is None else
                tuple(d % self.ndim for d in np.atleast_1d(axis)))
        if any(self.shape[d] != 1 for d in axes):
            raise ValueError("cannot squeeze a dimension whose size is not 1")
        return _reshape(self, tuple(n for d, n in enumerate(self.shape)
                                    if d not in axes))

    def transpose(self, *axes: Any) -> "Array":
        """The axes permuted (x.transpose(1, 0) or x.transpose((1, 0)));
        reversed without arguments."""
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            axes = axes[0]
        return transpose(self, axes or None)

    @property
    def T(self): return transpose(self)

    @property
    def at(self):
        """Functional updates, as in JAX: x.at[index].add(v) is a copy of x
        with v added at x[index] (repeated positions accumulate);
        x.at[index].set(v) one with x[index] replaced by v (positions must
        be distinct). Differentiable in x and v; x itself is unchanged."""
        return _IndexUpdates(self)

    def astype(self, dtype: Any) -> "Array":
        """The values converted to `dtype` (float to int rounds toward
        zero, with zero derivative)."""
        return _cast(self, np.dtype(dtype))


class _IndexUpdates:
    def __init__(self, array):
        self.array = array

    def __getitem__(self, index):
        return _IndexUpdate(self.array, index)


class _IndexUpdate:
    def __init__(self, array, index):
        self.array, self.index = array, index

    def _scatter(self, values):
        """An array of x's shape holding `values` added at x[index]: the
        adjoint of the gather x[index], recorded as such (tape.vjp) when a
        tape records."""
        from .tape import GradientTape
        zeros = Array(np.zeros_like(self.array._value))
        with GradientTape() as inner:
            inner.watch(zeros)
            picked = zeros[self.index]
        values = _as_array(values, picked)
        if values.shape != picked.shape:
            values = values + np.zeros(picked.shape, picked.dtype)
        return inner.gradient(picked, zeros, output_gradients=values)

    def add(self, values):
        """x with `values` added at x[index]."""
        return self.array + self._scatter(values)

    def set(self, values):
        """x with x[index] replaced by `values` (distinct positions)."""
        for i in (self.index if isinstance(self.index, tuple) else (self.index,)):
            if isinstance(i, Array):
                _check_not_traced(i, "x.at[index].set with")
        positions = np.arange(self.array._value.size).reshape(
            self.array.shape)[tuple(i._value if isinstance(i, Array) else i
                                    for i in (self.index if isinstance(
                                        self.index, tuple) else (self.index,)))]
        if np.unique(positions).size != np.size(positions):
            raise ValueError("x.at[index].set(v) takes distinct positions; "
                             "use .add to accumulate")
        return self.array + self._scatter(values - self.array[self.index])


class Variable(Array):
    """A trainable array: watched automatically when read inside a tape
    (unless the tape has watch_accessed_variables=False)."""

    def __init__(self, value, trainable=True, name=None):
        super().__init__(value, trainable=trainable, name=name)

    def assign(self, value: Any) -> None:
        """Replaces the value (same dtype), outside tapes (an update)."""
        self._value = np.array(np.asarray(value, dtype=self._value.dtype))

    def assign_sub(self, delta: Any) -> None:
        """value -= delta."""
        self.assign(self._value - np.asarray(delta))


# What the recorded operations accept: rewind arrays, numpy arrays, numbers.
ArrayLike = Union[Array, np.ndarray, float]


def array(value: Any) -> Array:
    """A rewind array (not trainable) holding a copy of `value`."""
    return Array(value)


def _as_array(x, like=None):
    if isinstance(x, Array):
        return x
    value = np.asarray(x)
    if like is not None and value.ndim == 0:
        value = value.astype(like.dtype)
    return Array(value)


# The operations themselves; imported last (they use Array).
from .ops import (_arith, _cast, _compare, _pow, _reduce, _reshape, _slice,
                  _unary, matmul, transpose, abs as _abs,
                  sqrt as _sqrt)  # noqa: E402
