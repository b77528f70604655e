"""The operations on rewind arrays and the MLIR each records: elementwise
arithmetic and math (numpy broadcasting and dtype promotion), comparisons
and where, casts, matmul, reductions, shapes, indexing (slices and
gathers), concatenation."""

from typing import Optional, Sequence, Tuple

import numpy as np

from .recording import (_MLIR_TYPES, _check_not_traced, _record,
                        _scalar_literal, _splat, _tensor_type, _zeros)
from .array import Array, ArrayLike, _as_array


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
    """The operands as rewind arrays of one dtype, as numpy (NEP 50) would
    promote them: the arrays' dtypes (rewind's and numpy's) promote (f32 and
    f64 give f64, int64 and f32 give f64); Python numbers and 0-d values
    take the arrays' type unless their kind is higher (an integer array
    times 0.5 is float64, as in numpy); a TypeError names dtypes that do
    not mix."""
    if not any(isinstance(x, Array) for x in operands):
        # numpy arrays (rewind.nn on numpy data): arrays of their own dtype.
        operands = [_as_array(x) for x in operands]
    strong = {x.dtype for x in operands
              if isinstance(x, Array) or (isinstance(x, np.ndarray)
                                          and x.ndim > 0)}
    dtype = np.result_type(*strong)
    for x in operands:
        if isinstance(x, Array) or (isinstance(x, np.ndarray) and x.ndim > 0):
            continue
        kind = np.asarray(x).dtype.kind
        if kind == "f" and dtype.kind in "iub":
            dtype = np.dtype(np.float64)
        elif kind in "iu" and dtype.kind == "b":
            dtype = np.dtype(np.int64)
        elif kind not in "fiub":
            raise TypeError(f"cannot combine a rewind array with {x!r}")
    if dtype not in _MLIR_TYPES:
        raise TypeError("cannot combine arrays of dtypes " + " and ".join(
            sorted({str(d) for d in strong})))
    like = Array(np.zeros((), dtype))
    return [_cast(x if isinstance(x, Array) else _constant(x, like), dtype)
            for x in operands]


def _constant(x, like):
    """A Python number or numpy value as an array no user holds: a tape
    passes equal 0-d ones as one argument (the 0.5 of every step of a loop
    is one argument, not one per step)."""
    array = _as_array(x, like)
    array._shared_constant = array.ndim == 0
    return array


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


def _numpy_erf(v):
    import math
    return np.vectorize(math.erf, otypes=[v.dtype])(v)


def _math_function(name, mlir_op, numpy_op, doc):
    def function(x: ArrayLike) -> Array:
        x = _as_array(x)
        if x.dtype.kind != "f":  # numpy's: integers and booleans give f64
            x = _cast(x, np.float64)
        return _unary(mlir_op, x, numpy_op)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc} elementwise (recorded as {mlir_op})."
    return function


exp = _math_function("exp", "math.exp", np.exp, "e ** x")
exp2 = _math_function("exp2", "math.exp2", np.exp2, "2 ** x")
expm1 = _math_function("expm1", "math.expm1", np.expm1, "e ** x - 1")
log = _math_function("log", "math.log", np.log, "The natural logarithm")
log2 = _math_function("log2", "math.log2", np.log2, "The base-2 logarithm")
log10 = _math_function("log10", "math.log10", np.log10, "The base-10 logarithm")
log1p = _math_function("log1p", "math.log1p", np.log1p, "log(1 + x)")
sqrt = _math_function("sqrt", "math.sqrt", np.sqrt, "The square root")
rsqrt = _math_function("rsqrt", "math.rsqrt", lambda v: 1.0 / np.sqrt(v),
                       "1 / sqrt(x)")
cbrt = _math_function("cbrt", "math.cbrt", np.cbrt, "The real cube root")
abs = _math_function("abs", "math.absf", np.abs,
                     "|x| (derivative 0 at 0)")
sin = _math_function("sin", "math.sin", np.sin, "The sine")
cos = _math_function("cos", "math.cos", np.cos, "The cosine")
tan = _math_function("tan", "math.tan", np.tan, "The tangent")
asin = _math_function("asin", "math.asin", np.arcsin, "The arcsine")
acos = _math_function("acos", "math.acos", np.arccos, "The arccosine")
atan = _math_function("atan", "math.atan", np.arctan, "The arctangent")
sinh = _math_function("sinh", "math.sinh", np.sinh, "The hyperbolic sine")
cosh = _math_function("cosh", "math.cosh", np.cosh, "The hyperbolic cosine")
tanh = _math_function("tanh", "math.tanh", np.tanh, "The hyperbolic tangent")
asinh = _math_function("asinh", "math.asinh", np.arcsinh,
                       "The inverse hyperbolic sine")
acosh = _math_function("acosh", "math.acosh", np.arccosh,
                       "The inverse hyperbolic cosine")
atanh = _math_function("atanh", "math.atanh", np.arctanh,
                       "The inverse hyperbolic tangent")
erf = _math_function("erf", "math.erf", _numpy_erf, "The error function")
# Rounding: zero derivative (recorded, so a gradient cut here is explained).
floor = _math_function("floor", "math.floor", np.floor,
                       "Rounding down (zero derivative)")
ceil = _math_function("ceil", "math.ceil", np.ceil,
                      "Rounding up (zero derivative)")
round = _math_function("round", "math.roundeven", np.round,
                       "Rounding to the nearest, ties to even (zero "
                       "derivative)")
trunc = _math_function("trunc", "math.trunc", np.trunc,
                       "Rounding toward zero (zero derivative)")


def sigmoid(x: ArrayLike) -> Array:
    """1 / (1 + exp(-x)) elementwise."""
    return 1.0 / (1.0 + exp(-_as_array(x)))


def atan2(y: ArrayLike, x: ArrayLike) -> Array:
    """The angle of (x, y) elementwise, broadcasting (math.atan2)."""
    return _elementwise("math.atan2", None, np.arctan2, y, x)


def stop_gradient(x: ArrayLike) -> Array:
    """The same values, through which no derivative flows."""
    return _unary("tape.stop_gradient", x, lambda v: v.copy())


def maximum(a: ArrayLike, b: ArrayLike) -> Array:
    """The larger of a and b elementwise, broadcasting (ties split the
    gradient evenly)."""
    return _elementwise("arith.maximumf", None, np.maximum, a, b)


def minimum(a: ArrayLike, b: ArrayLike) -> Array:
    """The smaller of a and b elementwise, broadcasting (ties split the
    gradient evenly)."""
    return _elementwise("arith.minimumf", None, np.minimum, a, b)


def _pow(x, exponent):
    if isinstance(exponent, (Array, np.ndarray)) or not isinstance(
            x, Array):
        # An array exponent (or base 2.0 ** x): math.powf elementwise.
        return _elementwise("math.powf", None, np.power, x, exponent)
    if not isinstance(exponent, (int, float, np.number)):
        raise TypeError("the exponent must be a number or an array")
    x = _as_array(x)
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


def where(condition: ArrayLike, a: ArrayLike,
          b: ArrayLike) -> Array:
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


def matmul(a: ArrayLike, b: ArrayLike) -> Array:
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

    def emit(names, out):
        lines, operands = [], []
        for i, (name, x, inner) in enumerate(((names[0], a, (m, k)),
                                              (names[1], b, (k, n)))):
            more, operand = _broadcast(f"{out}_b{i}", name, x, batch + inner)
            lines += more
            operands.append(operand)
        wide = [np.broadcast_to(a._value, batch + (m, k)),
                np.broadcast_to(b._value, batch + (k, n))]
        return lines + _contraction(out, operands, wide, result, maps,
                                    iterators)

    return _record(result, emit, a, b)


def _contraction(out, operands, values, result, maps, iterators):
    """MLIR lines of a linalg.generic summing into a zero-filled `result`
    the product of the elements of `operands` (names; `values` give their
    types): a matmul, a batched one, an einsum."""
    element = _MLIR_TYPES[result.dtype]
    args = ", ".join(f"%x_{k}: {element}" for k in range(len(operands)))
    body, last = [], "%x_0"
    for k in range(1, len(operands)):
        body.append(f"%p_{k} = arith.mulf {last}, %x_{k} : {element}")
        last = f"%p_{k}"
    return _zeros(out, result._value) + [
        f"{out} = linalg.generic {{indexing_maps = [{', '.join(maps)}], "
        f"iterator_types = [{iterators}]}} ins({', '.join(operands)} : "
        f"{', '.join(_tensor_type(v) for v in values)}) "
        f"outs({out}_z : {_tensor_type(result._value)}) "
        f"{{ ^bb0({args}, %acc: {element}): " + " ".join(body) +
        f" %s = arith.addf %acc, {last} : {element} "
        f"linalg.yield %s : {element} }} -> {_tensor_type(result._value)}"]


def einsum(subscripts: str, *operands: ArrayLike) -> Array:
    """Einstein summation (numpy's subscripts, explicit "->" or implicit; no
    ellipsis, no repeated index within one operand): one linalg.generic
    multiplying the operands' elements and summing the indices absent from
    the output, a contraction Rewind differentiates and vectorizes."""
    if not isinstance(subscripts, str):
        raise TypeError("einsum takes a subscripts string first")
    spec = subscripts.replace(" ", "")
    if "." in spec:
        raise ValueError("einsum: ellipses are not supported")
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"einsum: {len(terms)} operand subscripts for "
                         f"{len(operands)} operands")
    arrays = _promote(*operands)
    if "->" not in spec:
        counts = {c: inputs.count(c) for c in inputs if c != ","}
        output = "".join(sorted(c for c, n in counts.items() if n == 1))
    sizes = {}
    for term, x in zip(terms, arrays):
        if len(term) != x.ndim or len(set(term)) != len(term):
            raise ValueError(f"einsum: subscripts '{term}' for an operand of "
                             f"shape {x.shape} (one distinct letter per "
                             "dimension)")
        for c, n in zip(term, x.shape):
            if sizes.setdefault(c, n) != n:
                raise ValueError(f"einsum: index '{c}' has sizes "
                                 f"{sizes[c]} and {n}")
    if any(c not in sizes for c in output) or len(set(output)) != len(output):
        raise ValueError(f"einsum: bad output subscripts '{output}'")
    if arrays[0].dtype.kind != "f":
        raise TypeError("einsum takes floating-point arrays")
    result = Array(np.einsum(subscripts, *(x._value for x in arrays)))
    loops = list(output) + [c for c in sizes if c not in output]
    dims = {c: f"d{k}" for k, c in enumerate(loops)}
    signature = f"({', '.join(dims[c] for c in loops)})"
    maps = [f"affine_map<{signature} -> ({', '.join(dims[c] for c in t)})>"
            for t in terms + [output]]
    iterators = ", ".join('"parallel"' if c in output else '"reduction"'
                          for c in loops)

    def emit(names, out):
        return _contraction(out, names, [x._value for x in arrays], result,
                            maps, iterators)

    return _record(result, emit, *arrays)


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


def transpose(x: ArrayLike,
              axes: Optional[Sequence[int]] = None) -> Array:
    """x with its axes permuted (reversed by default): linalg.transpose."""
    x = _as_array(x)
    result = Array(np.transpose(x._value, axes))  # numpy checks the axes
    axes = (list(reversed(range(x.ndim))) if axes is None
            else [int(a) % x.ndim for a in axes])

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
    taken = _take(x, index)
    if taken is not None:
        return taken
    for i in index:
        if isinstance(i, Array):
            _check_not_traced(i, "indexing (a boolean mask, or a mix of "
                              "index arrays and slices) by")
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


def _take(x, index):
    """x[i0, i1, ..., ik] (then full slices) with integer index arrays, some
    of them rewind arrays: the positions are computed in the recorded
    program from the index values (an embedding lookup, a cross-entropy
    pick), so the program does not depend on them. None for other
    indices."""
    arrays = [i for i in index if isinstance(i, Array)]
    if not arrays or any(i.dtype.kind not in "iu" for i in arrays):
        return None
    if not all(isinstance(i, (Array, np.ndarray, list)) for i in index):
        return None
    if len(index) > x.ndim:
        raise IndexError(f"too many indices ({len(index)}) for an array of "
                         f"{x.ndim} dimensions")
    indices = [i if isinstance(i, Array) else _as_array(np.asarray(i))
               for i in index]
    if any(i.dtype.kind not in "iu" for i in indices):
        return None
    try:
        batch = np.broadcast_shapes(*(i.shape for i in indices))
    except ValueError:
        raise IndexError("index arrays of shapes " + " and ".join(
            str(i.shape) for i in indices) + " do not broadcast") from None
    k = len(indices)
    values = [np.broadcast_to(i._value, batch) for i in indices]
    for d, v in enumerate(values):
        if v.size and (v.min() < -x.shape[d] or v.max() >= x.shape[d]):
            raise IndexError(f"an index is out of bounds for axis {d} with "
                             f"size {x.shape[d]}")
    result = Array(x._value[tuple(values)])
    indices = [_cast(i, np.int64) for i in indices]
    strides = [int(np.prod(x.shape[d + 1:])) for d in range(x.ndim)]
    flat = x._value.reshape(-1)
    nb, rank = len(batch), result.ndim
    loops = [f"d{j}" for j in range(rank)]
    index_map = f"affine_map<({', '.join(loops)}) -> ({', '.join(loops[:nb])})>"
    out_map = f"affine_map<({', '.join(loops)}) -> ({', '.join(loops)})>"
    element = _MLIR_TYPES[x.dtype]
    wide = np.broadcast_to(np.zeros((), np.int64), batch)

    def emit(names, out):
        lines, operands = _broadcast_all(out, names[1:], indices, batch)
        more, source = _flattened(out, names[0], x)
        lines += more
        body = []
        position = None
        for d in range(x.ndim):
            if d < k:
                i = f"%i_{d}"
                body += [f"%n_{d} = arith.index_cast %p_{d} : i64 to index",
                         f"%m_{d} = arith.addi %n_{d}, %c_{d} : index",
                         f"%z_{d} = arith.cmpi slt, %n_{d}, %zero : index",
                         f"{i} = arith.select %z_{d}, %m_{d}, %n_{d} : index"]
            else:
                i = f"%i_{d}"
                body.append(f"{i} = linalg.index {nb + d - k} : index")
            body.append(f"%s_{d} = arith.muli {i}, %t_{d} : index")
            if position is None:
                position = f"%s_{d}"
            else:
                body.append(f"%q_{d} = arith.addi {position}, %s_{d} : index")
                position = f"%q_{d}"
        constants = ["%zero = arith.constant 0 : index"] + [
            f"%c_{d} = arith.constant {x.shape[d]} : index" for d in range(k)] + [
            f"%t_{d} = arith.constant {strides[d]} : index" for d in range(x.ndim)]
        args = ", ".join(f"%p_{d}: i64" for d in range(k))
        lines.append(f"{out}_e = tensor.empty() : {_tensor_type(result._value)}")
        lines.append(
            f"{out} = linalg.generic {{indexing_maps = [{', '.join([index_map] * k)}, "
            f"{out_map}], iterator_types = [{_parallel(rank)}]}} "
            f"ins({', '.join(operands)} : {', '.join([_tensor_type(wide)] * k)}) "
            f"outs({out}_e : {_tensor_type(result._value)}) {{ ^bb0({args}, "
            f"%o: {element}): " + " ".join(constants + body) +
            f" %v = tensor.extract {source}[{position}] : {_tensor_type(flat)} "
            f"linalg.yield %v : {element} }} -> {_tensor_type(result._value)}")
        return lines

    return _record(result, emit, x, *indices)


def _flattened(out, name, x):
    """MLIR lines giving `name` (the value of `x`) as a 1-D tensor of its
    elements in row-major order, and that tensor's name."""
    if x.ndim == 1:
        return [], name
    flat = x._value.reshape(-1)
    if x.ndim == 0:
        op = f"tensor.expand_shape {name} [] output_shape [1]"
    else:
        op = (f"tensor.collapse_shape {name} "
              f"[[{', '.join(map(str, range(x.ndim)))}]]")
    return [f"{out}_f = {op} : {_tensor_type(x._value)} into "
            f"{_tensor_type(flat)}"], f"{out}_f"


def _parallel(rank):
    return ", ".join(['"parallel"'] * rank)


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
        lines, source = _flattened(out, n[0], x)
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


def pad(x: ArrayLike, widths: Sequence[Tuple[int, int]],
        value: float = 0.0) -> Array:
    """x with `value` added before and after each dimension, widths[d] =
    (before, after) elements: tensor.pad."""
    x = _as_array(x)
    widths = [tuple(int(v) for v in w) for w in widths]
    if len(widths) != x.ndim or any(len(w) != 2 or min(w) < 0
                                    for w in widths):
        raise ValueError("pad takes one (before, after) pair of non-negative "
                         "ints per dimension")
    if all(w == (0, 0) for w in widths):
        return x
    result = Array(np.pad(x._value, widths, constant_values=value))
    element = _MLIR_TYPES[x.dtype]

    def emit(n, out):
        low = ", ".join(str(w[0]) for w in widths)
        high = ", ".join(str(w[1]) for w in widths)
        return [f"{out}_v = arith.constant {_scalar_literal(value, x.dtype)}",
                f"{out} = tensor.pad {n[0]} low[{low}] high[{high}] "
                f"{{ ^bb0({', '.join(f'%i_{k}: index' for k in range(x.ndim))}): "
                f"tensor.yield {out}_v : {element} }} : "
                f"{_tensor_type(x._value)} to {_tensor_type(result._value)}"]

    return _record(result, emit, x)


def concatenate(arrays: Sequence[ArrayLike], axis: int = 0) -> Array:
    """The arrays joined along `axis`: tensor.concat."""
    arrays = [_as_array(a) for a in arrays]
    result = Array(np.concatenate([a._value for a in arrays], axis=axis))
    axis %= result.ndim

    def emit(n, out):
        return [f"{out} = tensor.concat dim({axis}) {', '.join(n)} : "
                f"({', '.join(_tensor_type(a._value) for a in arrays)}) -> "
                f"{_tensor_type(result._value)}"]

    return _record(result, emit, *arrays)
