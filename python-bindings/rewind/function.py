"""rewind.function: trace a Python function once per input signature, then
call the compiled program (TensorFlow's tf.function, JAX's jit).

The first call with a given signature (the shapes and dtypes of the array
arguments, their structure, and the values of static arguments) runs the
function on rewind arrays and records it; later calls with the same
signature run the compiled code on the new values. Arrays the function
reads besides its arguments (Variables, constants) are arguments of the
program too, read at each call, so updated Variables are seen.

While tracing, an operation that would need a traced value (converting it
to numpy or a float, a Python if on it, a boolean mask) raises, since the
trace must hold for every value of the arguments."""

import functools
from typing import Callable, Optional, Sequence, Union

import numpy as np

from . import RewindError, _rewind, tree
from .array import Array
from .recording import _MLIR_TYPES, _state, _tensor_type
from .tape import GradientTape


def function(fn: Optional[Callable] = None, *,
             static_argnums: Union[int, Sequence[int]] = ()) -> Callable:
    """Decorator: `fn` traced once per signature, compiled code after.
    `static_argnums`: positions of arguments that are not arrays
    (sizes, flags); each distinct value is its own signature."""
    if fn is None:
        return functools.partial(function, static_argnums=static_argnums)
    static = ((static_argnums,) if isinstance(static_argnums, int)
              else tuple(static_argnums))
    traces = {}

    @functools.wraps(fn)
    def wrapped(*args):
        if _state.tapes or _state.suspended:
            # Inside a tape (or another trace): record fn inline, so the
            # caller can differentiate it.
            return fn(*args)
        key, leaves = _signature(args, static)
        trace = traces.get(key)
        if trace is None:
            trace = traces[key] = _Trace(fn, args, static)
        return trace(leaves)

    wrapped.traces = traces
    return wrapped


def _signature(args, static):
    """The cache key of a call, and its array leaves (numpy) in order."""
    key, leaves = [], []
    for i, arg in enumerate(args):
        if i in static:
            try:
                hash(arg)
            except TypeError:
                raise TypeError(f"static argument {i} must be hashable") from None
            key.append(("static", arg))
            continue
        if isinstance(arg, np.ndarray) and arg.dtype in _MLIR_TYPES:
            # The common case, without copies.
            leaves.append(arg)
            key.append((i, "", arg.shape, arg.dtype.str))
            continue
        items, paths, _ = tree.flatten(arg)
        for item, path in zip(items, paths):
            value = item._value if isinstance(item, Array) else np.asarray(item)
            if value.dtype.kind not in "fib":
                raise TypeError(f"argument {i}{path} is not an array or a "
                                "number (mark it static with static_argnums)")
            if value.dtype not in _MLIR_TYPES:
                value = Array(value)._value  # float64 or int64
            leaves.append(value)
            key.append((i, path, value.shape, value.dtype.str))
    return tuple(key), leaves


class _Trace:
    """One traced signature: the program and what its arguments are."""

    def __init__(self, fn, args, static):
        self.name = getattr(fn, "__name__", "traced")
        tape = GradientTape(persistent=True, watch_accessed_variables=False)
        inputs = []
        traced_args = []
        for i, arg in enumerate(args):
            if i in static:
                traced_args.append(arg)
                continue
            items, _, rebuild = tree.flatten(arg)
            arrays = [Array(np.asarray(item._value if isinstance(item, Array)
                                       else item)) for item in items]
            inputs += arrays
            traced_args.append(rebuild(arrays))
        _state.tracing += 1
        try:
            with tape:
                recording = tape._recording
                for x in inputs:  # the arguments come first, in order
                    recording.name_of(x)
                outputs = fn(*traced_args)
        finally:
            _state.tracing -= 1
        leaves, _, self.rebuild = tree.flatten(outputs)
        results = []
        for k, out in enumerate(leaves):
            if not isinstance(out, Array):
                # A constant (a zero gradient, a number): passed in as is.
                value = np.asarray(out)
                if value.dtype.kind not in "fiub":
                    raise TypeError(f"{self.name} returned a "
                                    f"{type(out).__name__} (output {k}): "
                                    "traced functions return arrays")
                out = Array(value)
            recording.name_of(out)  # an argument returned as is
            results.append(out)
        self.captured = recording.arguments[len(inputs):]
        arguments = ", ".join(f"%a{k}: {_tensor_type(a._value)}"
                              for k, a in enumerate(recording.arguments))
        types = [_tensor_type(r._value) for r in results]
        body = "\n    ".join(recording.lines)
        names = ", ".join(recording.names[id(r)] for r in results)
        text = "\n".join(recording.functions + [
            f"func.func @traced({arguments}) -> ({', '.join(types)}) {{\n"
            f"    {body}\n    return {names} : {', '.join(types)}\n}}\n"])
        try:
            self.entry = _rewind.compile(text, "traced",
                                         name=f"<rewind.function {self.name}>")
        except RuntimeError as error:
            raise RewindError(str(error)) from None

    def __call__(self, leaves):
        args = list(leaves) + [c._value for c in self.captured]
        try:
            results = self.entry.call(args)
        except RuntimeError as error:
            raise RewindError(str(error)) from None
        return self.rebuild([np.asarray(r) for r in results])
