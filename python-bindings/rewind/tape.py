"""GradientTape: records numpy-style operations on rewind arrays as MLIR
(arith/math/linalg/tensor on static shapes), then differentiates the recorded
program with Rewind. Every missing gradient comes with a warning that says
why (not watched, integer dtype, unused, or the non-differentiable operation
that cut it, with the Python line that recorded it).

Recorded programs pass every array that is not computed on the tape as an
argument, so recording the same computation again (a training step) yields
the same program text, which is compiled once."""

import os
import re
import sys
import threading
import warnings

import numpy as np

__all__ = ["Array", "Variable", "GradientTape", "array", "stop_gradient",
           "cond", "fori_loop", "while_loop", "sinh", "cosh", "asin", "acos",
           "atan", "atan2", "exp2", "expm1", "log2", "log10", "log1p", "cbrt",
           "rsqrt", "erf", "floor", "ceil", "round", "asinh", "acosh",
           "atanh", "trunc",
           "where", "concatenate", "exp", "log", "sin", "cos", "tan", "tanh",
           "sqrt", "abs", "sigmoid", "maximum", "minimum", "matmul"]

_MLIR_TYPES = {np.dtype(np.float64): "f64", np.dtype(np.float32): "f32",
               np.dtype(np.int64): "i64", np.dtype(np.int32): "i32",
               np.dtype(np.bool_): "i1"}
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class _ThreadState(threading.local):
    """What a thread records: tapes are per thread, so threads recording
    their own tapes do not record each other's operations."""

    def __init__(self):
        self.tapes = []      # the active GradientTapes, outermost first
        self.suspended = 0   # > 0 while control flow runs eagerly, unrecorded


_state = _ThreadState()


def _tensor_type(value):
    shape = "x".join(str(d) for d in value.shape)
    element = _MLIR_TYPES.get(value.dtype)
    if element is None:
        raise TypeError(f"unsupported dtype {value.dtype}")
    return f"tensor<{shape + 'x' if shape else ''}{element}>"


def _caller_location():
    """loc("file.py":line:1) of the first frame outside this package."""
    frame = sys._getframe(1)
    while frame and os.path.dirname(os.path.abspath(
            frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
    if frame is None:
        return "loc(unknown)"
    name = os.path.basename(frame.f_code.co_filename).replace('"', "")
    return f'loc("{name}":{frame.f_lineno}:1)'


def _caller_line():
    """file.py:line of the first frame outside this package."""
    match = re.match(r'loc\("(.*)":(\d+):1\)', _caller_location())
    return f"{match.group(1)}:{match.group(2)}" if match else "an unknown line"


class Array:
    """An array whose operations are recorded by active GradientTapes."""

    __array_priority__ = 100

    def __init__(self, value, trainable=False, name=None):
        value = np.asarray(value)
        if value.dtype.kind == "f" and value.dtype not in _MLIR_TYPES:
            value = value.astype(np.float64)
        if value.dtype.kind == "i" and value.dtype not in _MLIR_TYPES:
            value = value.astype(np.int64)
        self._value = np.array(value)
        self.trainable = trainable
        self.name = name

    def numpy(self):
        return self._value.copy()

    def __array__(self, dtype=None):
        if _is_recorded(self):
            from . import RewindWarning
            warnings.warn(
                "a recorded rewind array is converted to a numpy array "
                f"inside a GradientTape at {_caller_line()}: what "
                "numpy computes from it is not recorded and gets no gradient",
                RewindWarning, stacklevel=2)
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
        return self._value.shape

    @property
    def dtype(self):
        return self._value.dtype

    @property
    def ndim(self):
        return self._value.ndim

    def __repr__(self):
        kind = "Variable" if self.trainable else "Array"
        return f"rewind.{kind}({self._value!r})"

    def __float__(self):
        return float(self._value)

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
    def __neg__(self): return _unary("arith.negf", self, np.negative)
    def __pow__(self, exponent): return _pow(self, exponent)
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
    def sum(self, axis=None, keepdims=False):
        return _reduce(self, axis, keepdims, "addf", 0.0, np.sum)

    def max(self, axis=None, keepdims=False):
        return _reduce(self, axis, keepdims, "maximumf", -np.inf, np.max)

    def min(self, axis=None, keepdims=False):
        return _reduce(self, axis, keepdims, "minimumf", np.inf, np.min)

    def mean(self, axis=None, keepdims=False):
        count = self._value.size // max(1, np.sum(self._value, axis=axis).size)
        return self.sum(axis, keepdims) * (1.0 / count)

    def reshape(self, *shape): return _reshape(self, shape)

    @property
    def T(self): return transpose(self)

    def astype(self, dtype): return _cast(self, np.dtype(dtype))


class Variable(Array):
    """A trainable array: watched automatically when read inside a tape
    (unless the tape has watch_accessed_variables=False)."""

    def __init__(self, value, trainable=True, name=None):
        super().__init__(value, trainable=trainable, name=name)

    def assign(self, value):
        self._value = np.array(np.asarray(value, dtype=self._value.dtype))

    def assign_sub(self, delta):
        self.assign(self._value - np.asarray(delta))


def array(value):
    return Array(value)


def _as_array(x, like=None):
    if isinstance(x, Array):
        return x
    value = np.asarray(x)
    if like is not None and value.ndim == 0:
        value = value.astype(like.dtype)
    return Array(value)




class _Recording:
    """The program one tape records: MLIR lines and the arrays behind its
    SSA names (kept alive, so ids stay unique). `target` is the list of lines
    being written: the function body, or a region of scf control flow."""

    def __init__(self):
        self.lines = []
        self.target = self.lines
        self.names = {}        # id(array) -> SSA name
        self.arguments = []    # arrays passed as function arguments
        self.keep = []
        self.count = 0
        self.functions = []    # nested gradients: the inner programs

    def new_name(self, prefix="%v"):
        name = f"{prefix}{self.count}"
        self.count += 1
        return name

    def name_of(self, x):
        name = self.names.get(id(x))
        if name is None:
            name = f"%a{len(self.arguments)}"
            self.names[id(x)] = name
            self.arguments.append(x)
            self.keep.append(x)
        return name

    def fresh(self, result):
        name = self.new_name()
        self.names[id(result)] = name
        self.keep.append(result)
        return name


def _record(result, emit, *inputs):
    """Records `emit(recording, input names, result name)` on every active
    tape, for an operation reading `inputs` and producing `result`."""
    if _state.suspended:
        return result
    location = _caller_location()
    for tape in _state.tapes:
        recording = tape._recording
        for x in inputs:
            tape._on_read(x)
        names = [recording.name_of(x) for x in inputs]
        out = recording.fresh(result)
        for line in emit(names, out):
            recording.target.append(f"{line} {location}")
    return result


def _splat(value, like):
    """An MLIR constant of `like`'s type holding `value` everywhere."""
    element = _MLIR_TYPES[like.dtype]
    literal = repr(float(value)) if like.dtype.kind == "f" else str(int(value))
    if like.dtype.kind == "f" and "e" not in literal and "." not in literal:
        literal += ".0"
    if literal in ("inf", "-inf"):
        literal = "0x7FF0000000000000" if literal == "inf" else "0xFFF0000000000000"
    return f"arith.constant dense<{literal}> : {_tensor_type(like)}"


def _position(items, x):
    """The position of `x` itself in `items` (not of an equal array: == is
    elementwise), or None."""
    return next((i for i, item in enumerate(items) if item is x), None)


def _is_recorded(x):
    """True when an active tape records `x` (computed or read on it)."""
    return any(id(x) in tape._recording.names for tape in _state.tapes)


_ARITH = {"add": ("arith.addf", "arith.addi", np.add),
          "sub": ("arith.subf", "arith.subi", np.subtract),
          "mul": ("arith.mulf", "arith.muli", np.multiply),
          "div": ("arith.divf", None, np.divide)}


def _arith(kind, a, b):
    return _elementwise(*_ARITH[kind], a, b)


def _operands(*operands):
    """Rewind arrays of one dtype (_promote) and the shape they broadcast
    to."""
    converted = _promote(*operands)
    try:
        shape = np.broadcast_shapes(*(x.shape for x in converted))
    except ValueError:
        raise ValueError("shapes " + " and ".join(str(x.shape) for x in converted)
                         + " do not broadcast") from None
    return converted, shape


def _promote(*operands):
    """The operands as rewind arrays of one dtype: numpy's promotion of the
    arrays' dtypes (f32 and f64 give f64, int64 and f32 give f64), numbers
    taking the arrays' type; a TypeError names dtypes that do not mix."""
    arrays = [x for x in operands if isinstance(x, Array)]
    if not arrays:
        raise TypeError("expected a rewind array")
    dtypes = {x.dtype for x in arrays}
    dtype = arrays[0].dtype
    if len(dtypes) > 1:
        dtype = np.result_type(*dtypes)
        if dtype not in _MLIR_TYPES or dtype.kind == "b":
            raise TypeError("cannot combine arrays of dtypes "
                            + " and ".join(sorted(str(d) for d in dtypes)))
    like = Array(np.zeros((), dtype))
    return [_cast(_as_array(x, like), dtype) for x in operands]


def _broadcast(prefix, name, x, shape):
    """MLIR lines giving `name` (the value of `x`) numpy's broadcast to
    `shape`: unit dimensions that stretch are collapsed away, then
    linalg.broadcast adds the missing dimensions. Returns (lines, name)."""
    shape = tuple(shape)
    if x.shape == shape:
        return [], name
    lead = len(shape) - x.ndim
    kept = [d for d in range(x.ndim)
            if not (x.shape[d] == 1 and shape[lead + d] != 1)]
    lines, source = [], name
    value = x._value
    if len(kept) != x.ndim:
        groups, pending = [], []
        for d in range(x.ndim):
            if d in kept:
                groups.append(pending + [d])
                pending = []
            elif groups:
                groups[-1].append(d)
            else:
                pending.append(d)
        collapsed = value.reshape([x.shape[d] for d in kept])
        lines.append(f"{prefix}_c = tensor.collapse_shape {name} "
                     f"{[g for g in groups]} : {_tensor_type(value)} into "
                     f"{_tensor_type(collapsed)}")
        source, value = f"{prefix}_c", collapsed
    added = [d for d in range(len(shape)) if d < lead or d - lead not in kept]
    target = np.broadcast_to(x._value, shape)
    lines += [f"{prefix}_e = tensor.empty() : {_tensor_type(target)}",
              f"{prefix} = linalg.broadcast ins({source} : {_tensor_type(value)}) "
              f"outs({prefix}_e : {_tensor_type(target)}) dimensions = "
              f"[{', '.join(map(str, added))}]"]
    return lines, prefix


def _broadcast_all(out, names, arrays, shape):
    lines, operands = [], []
    for i, (name, x) in enumerate(zip(names, arrays)):
        more, operand = _broadcast(f"{out}_b{i}", name, x, shape)
        lines += more
        operands.append(operand)
    return lines, operands


def _elementwise(float_op, int_op, numpy_op, a, b):
    """An elementwise binary op (`float_op` on floats, `int_op` on integers,
    None: floats only), with numpy's dtype promotion and broadcasting."""
    (a, b), shape = _operands(a, b)
    value = numpy_op(a._value, b._value)
    result = Array(value)
    op = float_op if value.dtype.kind == "f" else int_op
    if op is None:
        raise TypeError(f"{numpy_op.__name__} needs floating-point arrays")

    def emit(names, out):
        lines, operands = _broadcast_all(out, names, (a, b), shape)
        lines.append(f"{out} = {op} {operands[0]}, {operands[1]} : "
                     f"{_tensor_type(value)}")
        return lines

    return _record(result, emit, a, b)


def _unary(mlir_op, x, numpy_op):
    x = _as_array(x)
    result = Array(numpy_op(x._value))
    return _record(result, lambda n, out: [
        f"{out} = {mlir_op} {n[0]} : {_tensor_type(result._value)}"], x)


def exp(x): return _unary("math.exp", x, np.exp)
def log(x): return _unary("math.log", x, np.log)
def sin(x): return _unary("math.sin", x, np.sin)
def cos(x): return _unary("math.cos", x, np.cos)
def tan(x): return _unary("math.tan", x, np.tan)
def tanh(x): return _unary("math.tanh", x, np.tanh)
def sqrt(x): return _unary("math.sqrt", x, np.sqrt)
def abs(x): return _unary("math.absf", x, np.abs)
def sigmoid(x): return 1.0 / (1.0 + exp(-_as_array(x)))
def sinh(x): return _unary("math.sinh", x, np.sinh)
def cosh(x): return _unary("math.cosh", x, np.cosh)
def asin(x): return _unary("math.asin", x, np.arcsin)
def acos(x): return _unary("math.acos", x, np.arccos)
def atan(x): return _unary("math.atan", x, np.arctan)
def exp2(x): return _unary("math.exp2", x, np.exp2)
def expm1(x): return _unary("math.expm1", x, np.expm1)
def log2(x): return _unary("math.log2", x, np.log2)
def log10(x): return _unary("math.log10", x, np.log10)
def log1p(x): return _unary("math.log1p", x, np.log1p)
def cbrt(x): return _unary("math.cbrt", x, np.cbrt)
def rsqrt(x): return _unary("math.rsqrt", x, lambda v: 1.0 / np.sqrt(v))
def erf(x): return _unary("math.erf", x, _numpy_erf)
# Rounding: zero derivative (recorded, so a gradient cut here is explained).
def floor(x): return _unary("math.floor", x, np.floor)
def ceil(x): return _unary("math.ceil", x, np.ceil)
def round(x): return _unary("math.roundeven", x, np.round)


def _numpy_erf(v):
    import math
    return np.vectorize(math.erf, otypes=[v.dtype])(v)


def asinh(x): return _unary("math.asinh", x, np.arcsinh)
def acosh(x): return _unary("math.acosh", x, np.arccosh)
def atanh(x): return _unary("math.atanh", x, np.arctanh)
def trunc(x): return _unary("math.trunc", x, np.trunc)


def atan2(y, x): return _elementwise("math.atan2", None, np.arctan2, y, x)


def stop_gradient(x):
    """The same values, through which no derivative flows."""
    return _unary("tape.stop_gradient", x, lambda v: v.copy())


def maximum(a, b):
    return _elementwise("arith.maximumf", None, np.maximum, a, b)


def minimum(a, b):
    return _elementwise("arith.minimumf", None, np.minimum, a, b)


def _pow(x, exponent):
    if not isinstance(exponent, (int, float)):
        raise TypeError("the exponent must be a number")
    x = _as_array(x)
    e = Array(np.full(x.shape, exponent, dtype=x.dtype))
    result = Array(np.power(x._value, exponent))
    return _record(result, lambda n, out: [
        f"{out}_e = {_splat(exponent, x._value)}",
        f"{out} = math.powf {n[0]}, {out}_e : {_tensor_type(result._value)}"], x)


def _compare(predicate, numpy_op, a, b):
    (a, b), shape = _operands(a, b)
    if a.dtype.kind != "f":
        raise TypeError("comparisons take floating-point arrays")
    result = Array(numpy_op(a._value, b._value))

    def emit(names, out):
        lines, operands = _broadcast_all(out, names, (a, b), shape)
        return lines + [f"{out} = arith.cmpf {predicate}, {operands[0]}, "
                        f"{operands[1]} : {_tensor_type(np.broadcast_to(a._value, shape))}"]

    return _record(result, emit, a, b)


def _cast(x, dtype):
    x = _as_array(x)
    dtype = np.dtype(dtype)
    if x.dtype == dtype:
        return x
    if dtype not in _MLIR_TYPES:
        raise TypeError(f"unsupported dtype {dtype}")
    result = Array(x._value.astype(dtype))
    source, target = x.dtype.kind, dtype.kind
    wider = dtype.itemsize > x.dtype.itemsize
    if source == "f" and target == "f":
        op = "arith.extf" if wider else "arith.truncf"
    elif source == "f" and target == "i":
        op = "arith.fptosi"
    elif source == "i" and target == "f":
        op = "arith.sitofp"
    elif source == "b" and target == "f":
        op = "arith.uitofp"
    elif source in "ib" and target == "i":
        op = ("arith.extui" if source == "b" else "arith.extsi") if wider \
            else "arith.trunci"
    else:
        raise TypeError(f"cannot cast {x.dtype} to {dtype}")
    return _record(result, lambda n, out: [
        f"{out} = {op} {n[0]} : {_tensor_type(x._value)} to {_tensor_type(result._value)}"], x)


def where(condition, a, b):
    """condition ? a : b elementwise (numpy broadcasting of all three)."""
    condition = _as_array(condition)
    if condition.dtype.kind != "b":
        raise TypeError("the condition of where must be a boolean array")
    if not isinstance(a, Array) and not isinstance(b, Array):
        a = _as_array(a)
    (a, b), shape = _operands(a, b)
    shape = np.broadcast_shapes(shape, condition.shape)
    result = Array(np.where(condition._value, a._value, b._value))

    def emit(names, out):
        lines, operands = _broadcast_all(out, names, (condition, a, b), shape)
        return lines + [
            f"{out} = arith.select {operands[0]}, {operands[1]}, "
            f"{operands[2]} : {_tensor_type(np.broadcast_to(condition._value, shape))}, "
            f"{_tensor_type(result._value)}"]

    return _record(result, emit, condition, a, b)


def _zeros(name, value, fill=0.0):
    return [f"{name}_e = tensor.empty() : {_tensor_type(value)}",
            f"{name}_c = arith.constant {_scalar_literal(fill, value.dtype)}",
            f"{name}_z = linalg.fill ins({name}_c : {_MLIR_TYPES[value.dtype]}) "
            f"outs({name}_e : {_tensor_type(value)}) -> {_tensor_type(value)}"]


def _scalar_literal(value, dtype):
    element = _MLIR_TYPES[dtype]
    if np.isinf(value):
        bits = "0x7FF0000000000000" if value > 0 else "0xFFF0000000000000"
        if element == "f32":
            bits = "0x7F800000" if value > 0 else "0xFF800000"
        return f"{bits} : {element}"
    return f"{float(value)!r} : {element}"


def matmul(a, b):
    """a @ b like numpy: 1-D and 2-D operands record linalg.matmul/matvec/
    vecmat/dot; N-d operands (batch dimensions broadcasting, a 1-D operand
    promoted to a matrix) a linalg.generic contraction."""
    a, b = _promote(a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul takes arrays of at least one dimension "
                         "(use * for a scalar)")
    if a.ndim > 2 or b.ndim > 2:
        return _batched_matmul(a, b)
    result = Array(np.matmul(a._value, b._value))
    if a.ndim == 2 and b.ndim == 2:
        op = "linalg.matmul"
    elif a.ndim == 2 and b.ndim == 1:
        op = "linalg.matvec"
    elif a.ndim == 1 and b.ndim == 2:
        op = "linalg.vecmat"
    elif a.ndim == 1 and b.ndim == 1:
        op = "linalg.dot"

    def emit(n, out):
        return _zeros(out, result._value) + [
            f"{out} = {op} ins({n[0]}, {n[1]} : {_tensor_type(a._value)}, "
            f"{_tensor_type(b._value)}) outs({out}_z : {_tensor_type(result._value)}) "
            f"-> {_tensor_type(result._value)}"]

    return _record(result, emit, a, b)


def _batched_matmul(a, b):
    if a.ndim == 1:
        return _squeeze_axes(_batched_matmul(a.reshape(1, -1), b), -2)
    if b.ndim == 1:
        return _squeeze_axes(_batched_matmul(a, b.reshape(-1, 1)), -1)
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not "
                         "match (contracted dimensions differ)")
    try:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ValueError(f"matmul: batch dimensions of {a.shape} and "
                         f"{b.shape} do not broadcast") from None
    m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
    result = Array(np.matmul(a._value, b._value))
    nb = len(batch)
    loops = [f"d{i}" for i in range(nb + 3)]
    bs, (dm, dn, dk) = loops[:nb], loops[nb:]
    signature = f"({', '.join(loops)})"
    maps = [f"affine_map<{signature} -> ({', '.join(bs + [dm, dk])})>",
            f"affine_map<{signature} -> ({', '.join(bs + [dk, dn])})>",
            f"affine_map<{signature} -> ({', '.join(bs + [dm, dn])})>"]
    iterators = ", ".join(['"parallel"'] * (nb + 2) + ['"reduction"'])
    element = _MLIR_TYPES[result.dtype]

    def emit(names, out):
        lines, operands = [], []
        for i, (name, x, inner) in enumerate(((names[0], a, (m, k)),
                                              (names[1], b, (k, n)))):
            more, operand = _broadcast(f"{out}_b{i}", name, x, batch + inner)
            lines += more
            operands.append(operand)
        wide = [np.broadcast_to(a._value, batch + (m, k)),
                np.broadcast_to(b._value, batch + (k, n))]
        return lines + _zeros(out, result._value) + [
            f"{out} = linalg.generic {{indexing_maps = [{', '.join(maps)}], "
            f"iterator_types = [{iterators}]}} ins({operands[0]}, {operands[1]} "
            f": {_tensor_type(wide[0])}, {_tensor_type(wide[1])}) "
            f"outs({out}_z : {_tensor_type(result._value)}) "
            f"{{ ^bb0(%x: {element}, %y: {element}, %acc: {element}): "
            f"%p = arith.mulf %x, %y : {element} "
            f"%s = arith.addf %acc, %p : {element} "
            f"linalg.yield %s : {element} }} -> {_tensor_type(result._value)}"]

    return _record(result, emit, a, b)


def _squeeze_axes(x, axis):
    """x without the (unit) dimensions `axis` (an int or a tuple)."""
    dims = _axes(axis, x.ndim)
    return x.reshape(tuple(n for d, n in enumerate(x.shape) if d not in dims))


def _axes(axis, ndim):
    """numpy's axis argument (None, an int or a tuple, negative counting
    from the end) as sorted dimensions."""
    if axis is None:
        return list(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    dims = []
    for a in axes:
        if not isinstance(a, (int, np.integer)) or not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of bounds for {ndim} dimensions")
        dims.append(int(a) % ndim)
    if len(set(dims)) != len(dims):
        raise ValueError(f"repeated axis in {axis}")
    return sorted(dims)


def _reduce(x, axis, keepdims, combine, identity, numpy_op):
    x = _as_array(x)
    if x.dtype.kind != "f":
        raise TypeError("reductions take floating-point arrays")
    dims = _axes(axis, x.ndim)
    reduced = _reduce_dims(x, dims, combine, identity, numpy_op)
    if keepdims:
        return reduced.reshape(numpy_op(x._value, axis=tuple(dims),
                                        keepdims=True).shape)
    return reduced


def _reduce_dims(x, dims, combine, identity, numpy_op):
    result = Array(numpy_op(x._value, axis=tuple(dims)))
    element = _MLIR_TYPES[x.dtype]

    def emit(n, out):
        return _zeros(out, result._value, identity) + [
            f"{out} = linalg.reduce ins({n[0]} : {_tensor_type(x._value)}) "
            f"outs({out}_z : {_tensor_type(result._value)}) dimensions = "
            f"[{', '.join(map(str, dims))}] (%in: {element}, %acc: {element}) "
            f"{{ %r = arith.{combine} %in, %acc : {element} "
            f"linalg.yield %r : {element} }}"]

    return _record(result, emit, x)


def transpose(x, axes=None):
    x = _as_array(x)
    axes = list(reversed(range(x.ndim))) if axes is None else list(axes)
    result = Array(np.transpose(x._value, axes))

    def emit(n, out):
        return [f"{out}_e = tensor.empty() : {_tensor_type(result._value)}",
                f"{out} = linalg.transpose ins({n[0]} : {_tensor_type(x._value)}) "
                f"outs({out}_e : {_tensor_type(result._value)}) permutation = "
                f"[{', '.join(map(str, axes))}]"]

    return _record(result, emit, x)


def _reshape(x, shape):
    x = _as_array(x)
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    result = Array(x._value.reshape(shape))
    flat = x._value.reshape(-1)

    def group(rank):
        # A scalar has no dimensions to group: [] collapses them all.
        return f"[[{', '.join(map(str, range(rank)))}]]" if rank else "[]"

    def emit(n, out):
        lines, source, source_value = [], n[0], x._value
        if x.ndim != 1:
            # To 1-D (from a scalar, tensor<1x...>: expand_shape with []).
            middle = flat if x.ndim > 1 else x._value.reshape(
                (1,) * max(1, result.ndim))
            if x.ndim > 1:
                lines.append(f"{out}_f = tensor.collapse_shape {n[0]} "
                             f"{group(x.ndim)} : {_tensor_type(x._value)} "
                             f"into {_tensor_type(flat)}")
            else:
                lines.append(f"{out}_f = tensor.expand_shape {n[0]} [] "
                             f"output_shape [{', '.join(['1'] * middle.ndim)}] : "
                             f"{_tensor_type(x._value)} into {_tensor_type(middle)}")
            source, source_value = f"{out}_f", middle
        if source_value.shape == result.shape:
            lines.append(f"{out} = tensor.cast {source} : "
                         f"{_tensor_type(source_value)} to {_tensor_type(result._value)}")
        elif result.ndim == 0:
            lines.append(f"{out} = tensor.collapse_shape {source} [] : "
                         f"{_tensor_type(source_value)} into {_tensor_type(result._value)}")
        else:
            lines.append(f"{out} = tensor.expand_shape {source} "
                         f"{group(result.ndim)} output_shape "
                         f"[{', '.join(map(str, result.shape))}] : "
                         f"{_tensor_type(source_value)} into {_tensor_type(result._value)}")
        return lines

    return _record(result, emit, x)


def _slice(x, index):
    """x[index] with numpy's semantics. Integers and slices with positive
    steps are a tensor.extract_slice; anything else (negative steps, None,
    integer or boolean index arrays) is a gather, whose gradient is a
    scatter-add."""
    x = _as_array(x)
    if not isinstance(index, tuple):
        index = (index,)
    index = tuple(i._value if isinstance(i, Array) else i for i in index)
    slices = _as_extract_slice(x, index)
    if slices is None:
        return _gather(x, index)
    offsets, sizes, strides = slices
    result = Array(x._value[index])

    def emit(n, out):
        return [f"{out} = tensor.extract_slice {n[0]}[{', '.join(map(str, offsets))}] "
                f"[{', '.join(map(str, sizes))}] [{', '.join(map(str, strides))}] : "
                f"{_tensor_type(x._value)} to {_tensor_type(result._value)}"]

    return _record(result, emit, x)


def _as_extract_slice(x, index):
    """(offsets, sizes, strides) when `index` is integers and slices with
    positive steps (an Ellipsis expanded), else None."""
    if sum(i is Ellipsis for i in index) > 1:
        raise IndexError("an index can only have a single ellipsis")
    if any(i is Ellipsis for i in index):
        at = next(k for k, i in enumerate(index) if i is Ellipsis)
        fill = (slice(None),) * (x.ndim - len(index) + 1)
        index = index[:at] + fill + index[at + 1:]
    if len(index) > x.ndim:
        return None
    offsets, sizes, strides = [], [], []
    for d, dim in enumerate(x.shape):
        item = index[d] if d < len(index) else slice(None)
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -dim <= item < dim:
                raise IndexError(f"index {item} is out of bounds for axis "
                                 f"{d} with size {dim}")
            offsets.append(int(item) % dim); sizes.append(1); strides.append(1)
        elif isinstance(item, slice):
            start, stop, step = item.indices(dim)
            if step <= 0:
                return None
            count = max(0, (stop - start + step - 1) // step)
            offsets.append(start); sizes.append(count); strides.append(step)
        else:
            return None
    return offsets, sizes, strides


def _gather(x, index):
    """x[index] for any numpy index: numpy itself finds, for every element of
    the result, the flat position it reads in x; the recorded program reads
    the flattened x there (linalg.generic + tensor.extract), the positions
    being an argument (the same program for other index values)."""
    positions = np.arange(x._value.size, dtype=np.int64).reshape(x.shape)[index]
    result = Array(x._value.reshape(-1)[positions])
    positions = Array(np.ascontiguousarray(positions))
    flat = x._value.reshape(-1)
    rank = result.ndim
    element = _MLIR_TYPES[x.dtype]
    dims = ", ".join(f"d{k}" for k in range(rank))
    identity = f"affine_map<({dims}) -> ({dims})>"
    parallel = ", ".join(['"parallel"'] * rank)

    def emit(n, out):
        lines = []
        source = n[0]
        if x.ndim != 1:
            group = (f"[[{', '.join(map(str, range(x.ndim)))}]]" if x.ndim
                     else "[]")
            op = "collapse_shape" if x.ndim > 1 else "expand_shape"
            shape = "" if x.ndim > 1 else " output_shape [1]"
            lines.append(f"{out}_f = tensor.{op} {n[0]} {group}{shape} : "
                         f"{_tensor_type(x._value)} into {_tensor_type(flat)}")
            source = f"{out}_f"
        lines.append(f"{out}_e = tensor.empty() : {_tensor_type(result._value)}")
        lines.append(
            f"{out} = linalg.generic {{indexing_maps = [{identity}, {identity}], "
            f"iterator_types = [{parallel}]}} "
            f"ins({n[1]} : {_tensor_type(positions._value)}) "
            f"outs({out}_e : {_tensor_type(result._value)}) "
            f"{{ ^bb0(%p: i64, %o: {element}): "
            f"%i = arith.index_cast %p : i64 to index "
            f"%v = tensor.extract {source}[%i] : {_tensor_type(flat)} "
            f"linalg.yield %v : {element} }} -> {_tensor_type(result._value)}")
        return lines

    return _record(result, emit, x, positions)


def concatenate(arrays, axis=0):
    arrays = [_as_array(a) for a in arrays]
    result = Array(np.concatenate([a._value for a in arrays], axis=axis))
    axis %= result.ndim

    def emit(n, out):
        return [f"{out} = tensor.concat dim({axis}) {', '.join(n)} : "
                f"({', '.join(_tensor_type(a._value) for a in arrays)}) -> "
                f"{_tensor_type(result._value)}"]

    return _record(result, emit, *arrays)


#===----------------------------------------------------------------------===#
# Control flow, recorded as scf.if / scf.for / scf.while (not unrolled)
#===----------------------------------------------------------------------===#

def _flatten(values):
    single = isinstance(values, Array)
    items = [values] if single else list(values)
    return [_as_array(v) for v in items], single


def _unflatten(items, single):
    return items[0] if single else tuple(items)


def _run_eagerly(fn, *args):
    _state.suspended += 1
    try:
        return fn(*args)
    finally:
        _state.suspended -= 1


def _trace_region(fn, placeholders, args_for_fn):
    """Runs fn(*args_for_fn) once with recording into a fresh region of each
    active tape, whose block arguments stand for `placeholders`. Returns the
    results and, per tape, (block argument names, region lines, result names)."""
    regions = []
    for tape in _state.tapes:
        recording = tape._recording
        block_args = []
        for p in placeholders:
            name = recording.new_name("%b")
            recording.names[id(p)] = name
            recording.keep.append(p)
            block_args.append(name)
        saved = recording.target
        recording.target = []
        regions.append((tape, recording, block_args, saved))
    try:
        results = fn(*args_for_fn)
    finally:
        traced = []
        for tape, recording, block_args, saved in regions:
            traced.append((block_args, recording.target))
            recording.target = saved
    outputs, single = _flatten(results)
    per_tape = []
    for (tape, recording, _, _), (block_args, lines) in zip(regions, traced):
        # Region results may be values from outside the region.
        names = [recording.name_of(o) for o in outputs]
        per_tape.append((block_args, lines, names))
    return outputs, single, per_tape


def _types(arrays):
    return ", ".join(_tensor_type(a._value) for a in arrays)


def _emit_results(recording, results, location):
    base = recording.new_name("%r")
    for k, r in enumerate(results):
        recording.names[id(r)] = f"{base}#{k}" if len(results) > 1 else base
        recording.keep.append(r)
    return base + (f":{len(results)}" if len(results) > 1 else "")


def fori_loop(lower, upper, body, init):
    """for i in range(lower, upper): value = body(i, value); recorded as one
    scf.for (the body traced once; i is an int64 rewind array)."""
    values, single = _flatten(init)
    lower, upper = int(lower), int(upper)
    current = values
    for i in range(lower, upper):
        out = _run_eagerly(body, Array(np.int64(i)), _unflatten(current, single))
        current, _ = _flatten(out)
    results = [Array(v._value.copy()) for v in current]
    if _state.suspended or not _state.tapes:
        return _unflatten(results, single)
    location = _caller_location()
    placeholders = [Array(v._value.copy()) for v in values]
    index = Array(np.int64(lower))
    index_names = []
    for tape in _state.tapes:  # named before the body is traced
        recording = tape._recording
        index_names.append(recording.new_name("%i"))
        recording.names[id(index)] = index_names[-1]
        recording.keep.append(index)
    outputs, _, per_tape = _trace_region(
        lambda *carried: body(index, _unflatten(list(carried), single)),
        placeholders, placeholders)
    for tape, (block_args, lines, out_names), index_name in zip(
            _state.tapes, per_tape, index_names):
        recording = tape._recording
        inits = [recording.name_of(v) for v in values]
        iv = recording.new_name("%iv")
        bounds = []
        for value in (lower, upper, 1):
            name = recording.new_name("%c")
            recording.target.append(f"{name} = arith.constant {value} : index")
            bounds.append(name)
        head = _emit_results(recording, results, location)
        carried = ", ".join(f"{b} = {i}" for b, i in zip(block_args, inits))
        recording.target.append(
            f"{head} = scf.for {iv} = {bounds[0]} to {bounds[1]} step "
            f"{bounds[2]} iter_args({carried}) -> ({_types(results)}) {{")
        recording.target.append(f"{index_name}_s = arith.index_cast {iv} : index to i64")
        recording.target.append(f"{index_name} = tensor.from_elements {index_name}_s : tensor<i64>")
        recording.target.extend(lines)
        recording.target.append(f"scf.yield {', '.join(out_names)} : {_types(results)}")
        recording.target.append(f"}} {location}")
    return _unflatten(results, single)


def cond(predicate, true_fn, false_fn, *operands):
    """true_fn(*operands) if predicate else false_fn(*operands), recorded as
    one scf.if with both branches (both are traced)."""
    predicate = _as_array(predicate)
    taken = true_fn if bool(predicate._value) else false_fn
    results, single = _flatten(_run_eagerly(taken, *operands))
    results = [Array(r._value.copy()) for r in results]
    if _state.suspended or not _state.tapes:
        return _unflatten(results, single)
    location = _caller_location()
    then_out, _, then_tapes = _trace_region(true_fn, [], operands)
    else_out, _, else_tapes = _trace_region(false_fn, [], operands)
    for branch in (then_out, else_out):
        if [b.shape for b in branch] != [r.shape for r in results] or \
                [b.dtype for b in branch] != [r.dtype for r in results]:
            raise ValueError("both branches of rewind.cond must return arrays "
                             "of the same shapes and dtypes")
    for tape, (_, then_lines, then_names), (_, else_lines, else_names) in zip(
            _state.tapes, then_tapes, else_tapes):
        recording = tape._recording
        tape._on_read(predicate)
        flag = recording.name_of(predicate)
        head = _emit_results(recording, results, location)
        recording.target.append(f"{flag}_x = tensor.extract {flag}[] : tensor<i1>")
        recording.target.append(f"{head} = scf.if {flag}_x -> ({_types(results)}) {{")
        recording.target.extend(then_lines)
        recording.target.append(f"scf.yield {', '.join(then_names)} : {_types(results)}")
        recording.target.append("} else {")
        recording.target.extend(else_lines)
        recording.target.append(f"scf.yield {', '.join(else_names)} : {_types(results)}")
        recording.target.append(f"}} {location}")
    return _unflatten(results, single)


def while_loop(cond_fn, body_fn, loop_vars):
    """while cond_fn(*vars): vars = body_fn(*vars); recorded as one
    scf.while with a data-dependent trip count."""
    values, single = _flatten(loop_vars)
    current = values
    while bool(_as_array(_run_eagerly(cond_fn, *current))._value):
        out = _run_eagerly(body_fn, *current)
        current, _ = _flatten(out)
    results = [Array(v._value.copy()) for v in current]
    if _state.suspended or not _state.tapes:
        return _unflatten(results, single)
    location = _caller_location()
    before = [Array(v._value.copy()) for v in values]
    after = [Array(v._value.copy()) for v in values]
    flag, _, before_tapes = _trace_region(cond_fn, before, before)
    outputs, _, after_tapes = _trace_region(body_fn, after, after)
    for tape, (b_args, b_lines, flag_names), (a_args, a_lines, out_names) in zip(
            _state.tapes, before_tapes, after_tapes):
        recording = tape._recording
        inits = [recording.name_of(v) for v in values]
        head = _emit_results(recording, results, location)
        types = _types(results)
        carried = ", ".join(f"{b} = {i}" for b, i in zip(b_args, inits))
        recording.target.append(f"{head} = scf.while ({carried}) : ({types}) -> ({types}) {{")
        recording.target.extend(b_lines)
        recording.target.append(f"{flag_names[0]}_x = tensor.extract {flag_names[0]}[] : tensor<i1>")
        recording.target.append(f"scf.condition({flag_names[0]}_x) {', '.join(b_args)} : {types}")
        recording.target.append("} do {")
        recording.target.append(f"^bb0({', '.join(f'{a}: {_tensor_type(v._value)}' for a, v in zip(a_args, values))}):")
        recording.target.extend(a_lines)
        recording.target.append(f"scf.yield {', '.join(out_names)} : {types}")
        recording.target.append(f"}} {location}")
    return _unflatten(results, single)


class GradientTape:
    """Records operations on rewind arrays for differentiation.

        w = rewind.Variable(np.ones(3))
        with rewind.GradientTape() as tape:
            loss = (w * x).sum()
        dw = tape.gradient(loss, w)
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._recording = _Recording()
        self._watched = set()
        self._used = False

    def __enter__(self):
        _state.tapes.append(self)
        return self

    def __exit__(self, *exc):
        _state.tapes.remove(self)
        return False

    def watch(self, x):
        for item in (x if isinstance(x, (list, tuple)) else [x]):
            if not isinstance(item, Array):
                raise TypeError("tape.watch takes rewind arrays")
            self._watched.add(id(item))
            self._recording.keep.append(item)

    def watched_variables(self):
        return [x for x in self._recording.keep
                if id(x) in self._watched and isinstance(x, Variable)]

    def _on_read(self, x):
        if (self.watch_accessed_variables and isinstance(x, Variable)
                and x.trainable):
            self._watched.add(id(x))

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients="zero"):
        """The gradient of `target` (summed with output_gradients as weights
        when it is not a scalar) with respect to each source: numpy arrays,
        with zeros (unconnected_gradients="zero"), None ("none") or an error
        ("error") for sources it does not depend on, each with a warning
        saying why."""
        if unconnected_gradients not in ("zero", "none", "error"):
            raise ValueError("unconnected_gradients must be 'zero', 'none' or 'error'")
        if self._used and not self.persistent:
            raise RuntimeError("a non-persistent GradientTape computes one "
                               "gradient; use GradientTape(persistent=True) "
                               "for several")
        self._used = True
        from . import tree
        sources, paths, rebuild = tree.flatten(sources)
        self._labels = [f"sources{p or '[0]'}" for p in paths]
        return rebuild(self._gradient(target, sources, output_gradients,
                                      unconnected_gradients))

    def _gradient(self, target, sources, output_gradients,
                  unconnected_gradients):
        """gradient() for a flat list of sources (labelled self._labels)."""
        target = _as_array(target)
        recording = self._recording
        if (id(target) not in recording.names
                or _position(recording.arguments, target) is not None):
            reasons = {i: "the target was not computed while this tape was recording"
                       for i in range(len(sources))}
            return self._finish(sources, {}, reasons, unconnected_gradients)

        reasons, positions = {}, {}
        for i, source in enumerate(sources):
            if not isinstance(source, Array):
                raise TypeError(
                    f"{self._labels[i]} is a {type(source).__name__}, not a rewind "
                    "array: gradients are taken with respect to "
                    "rewind.Variable or watched rewind.array values")
            elif source.dtype.kind != "f":
                reasons[i] = f"{self._labels[i]} has integer dtype {source.dtype}"
            elif id(source) not in self._watched:
                auto = (self.watch_accessed_variables and
                        isinstance(source, Variable) and source.trainable)
                reasons[i] = (f"{self._labels[i]} (a trainable Variable) was not "
                              "read while the tape was recording: compute the "
                              "target from it inside the `with` block"
                              if auto else
                              f"{self._labels[i]} is not watched (call tape.watch "
                              "on it, or make it a trainable rewind.Variable "
                              "read inside the tape)")
            elif _position(recording.arguments, source) is None:
                reasons[i] = (f"{self._labels[i]} was not used while the tape was "
                              "recording (if the target depends on it through "
                              "values computed before the tape started, "
                              "compute those inside the tape)"
                              if id(source) not in recording.names
                              else f"{self._labels[i]} was computed on the tape; "
                              "differentiate with respect to its inputs")
            else:
                positions[i] = _position(recording.arguments, source)
        values = {}
        if positions:
            values = self._differentiate(target, sources, positions,
                                         output_gradients, reasons)
        return self._finish(sources, values, reasons, unconnected_gradients)

    def _program(self, target):
        """The recorded program as MLIR text: @tape(arguments) -> target."""
        recording = self._recording
        arguments = ", ".join(f"%a{k}: {_tensor_type(a._value)}"
                              for k, a in enumerate(recording.arguments))
        target_type = _tensor_type(target._value)
        body = "\n    ".join(recording.lines)
        return recording.functions, (
            f"func.func @tape({arguments}) -> {target_type} {{\n    {body}\n"
            f"    return {recording.names[id(target)]} : {target_type}\n}}\n")

    def _compile(self, target, positions, reasons):
        from . import _rewind, RewindError
        functions, main = self._program(target)
        text = "\n".join(functions + [main])
        wrt = sorted(set(positions.values()))
        try:
            entry = _rewind.compile(text, "tape", vjp=True, wrt=wrt,
                                    name="<tape>")
        except RuntimeError as error:
            raise RewindError(str(error)) from None
        for message in entry.warnings:
            match = re.search(r"@tape with respect to argument #(\d+) is "
                              r"always zero: (.*)", message)
            if match:
                position = int(match.group(1))
                for i, p in positions.items():
                    if p == position:
                        reasons[i] = (f"{self._labels[i]} does not reach the "
                                      f"target: {match.group(2)}")
        return entry

    def _differentiate(self, target, sources, positions, output_gradients,
                       reasons):
        entry = self._compile(target, positions, reasons)
        seed = (np.ones_like(target._value) if output_gradients is None
                else np.asarray(output_gradients, dtype=target.dtype))
        args = [a._value for a in self._recording.arguments]
        from . import RewindError
        try:
            grads = entry.vjp(args, [seed])
        except RuntimeError as error:  # a run-time error of compiled code
            raise RewindError(str(error)) from None
        values = {i: grads[p] for i, p in positions.items() if i not in reasons}
        self._record_in_outer_tapes(target, sources, positions, values,
                                    output_gradients)
        return values

    def _record_in_outer_tapes(self, target, sources, positions, values,
                               output_gradients):
        """When tapes outside this one are recording (second derivatives),
        records this gradient on them as a tape.vjp of this tape's program,
        so they can differentiate it in turn."""
        outer = [t for t in _state.tapes if t is not self]
        if not outer or _state.suspended or not values:
            return
        location = _caller_location()
        functions, main = self._program(target)
        recording = self._recording
        wanted = sorted(values)
        wrt = [positions[i] for i in wanted]
        seed = _as_array(np.ones_like(target._value) if output_gradients is None
                         else output_gradients)
        results = []
        for i in wanted:
            values[i] = Array(np.asarray(values[i]))
            results.append(values[i])
        for tape in outer:
            rec = tape._recording
            name = f"@tape_inner{len(rec.functions)}_{rec.count}"
            rec.functions.extend(functions)
            rec.functions.append(main.replace("func.func @tape(",
                                              f"func.func private {name}(", 1))
            for x in recording.arguments:
                tape._on_read(x)
            args = [rec.name_of(x) for x in recording.arguments]
            seed_name = rec.name_of(seed)
            head = _emit_results(rec, results, location)
            arg_types = _types(recording.arguments)
            rec.target.append(
                f"{head} = tape.vjp {name}({', '.join(args)}) seeds({seed_name}) "
                f"wrt [{', '.join(map(str, wrt))}] : ({arg_types}), "
                f"({_tensor_type(target._value)}) -> {_types(results)} {location}")

    def jacobian(self, target, sources, unconnected_gradients="zero"):
        """d target[i...] / d source[j...] for each source: arrays of shape
        target.shape + source.shape (one reverse sweep per target element)."""
        if self._used and not self.persistent:
            raise RuntimeError("a non-persistent GradientTape computes one "
                               "gradient; use GradientTape(persistent=True) "
                               "for several")
        single = not isinstance(sources, (list, tuple))
        sources = [sources] if single else list(sources)
        target = _as_array(target)
        rows = []
        self.persistent, persistent = True, self.persistent
        try:
            for k in range(target._value.size):
                seed = np.zeros(target._value.size, dtype=target.dtype)
                seed[k] = 1
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore" if k else "default")
                    rows.append(self.gradient(target, sources,
                                              seed.reshape(target.shape),
                                              unconnected_gradients))
        finally:
            self.persistent = persistent
            self._used = True
        jac = []
        for i, source in enumerate(sources):
            if any(r[i] is None for r in rows):
                jac.append(None)
                continue
            jac.append(np.stack([np.asarray(r[i]) for r in rows]).reshape(
                target.shape + np.shape(source)))
        return jac[0] if single else jac

    def _finish(self, sources, values, reasons, policy):
        from . import RewindError, RewindWarning
        grads = []
        for i, source in enumerate(sources):
            if i in values:
                # A rewind array when an outer tape recorded it (so it can be
                # differentiated again), else a numpy array.
                value = values[i]
                grads.append(value if isinstance(value, Array)
                             else np.asarray(value))
                continue
            reason = reasons.get(i, f"{self._labels[i]} does not reach the target")
            if policy == "error":
                raise RewindError(f"no gradient: {reason}")
            warnings.warn(f"gradient is {'None' if policy == 'none' else 'zero'}: "
                          f"{reason}", RewindWarning, stacklevel=3)
            if policy == "none" or not isinstance(source, Array):
                grads.append(None)
            else:
                grads.append(np.zeros_like(source._value, dtype=source.dtype
                                           if source.dtype.kind == "f" else float))
        return grads
