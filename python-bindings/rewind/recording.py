"""Recording: the MLIR a GradientTape accumulates. Each operation on rewind
arrays runs eagerly in numpy and, while tapes are active on this thread, is
appended to each tape's _Recording as MLIR text with the Python line that
ran it as its location. Arrays not computed on the tape become arguments of
the recorded function, so recording the same computation again yields the
same program text (compiled once)."""

import os
import re
import sys
import threading

import numpy as np


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
        self.tracing = 0     # > 0 while rewind.function traces


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


class _Recording:
    """The program one tape records: MLIR lines and the arrays behind its
    SSA names (kept alive, so ids stay unique). `target` is the list of lines
    being written: the function body, or a region of scf control flow."""

    def __init__(self):
        self.lines = []
        self.target = self.lines
        self.names = {}        # id(array) -> SSA name
        self.arguments = []    # arrays passed as function arguments
        self.values = []       # their values when first read
        self.constants = {}    # (dtype, bytes) of a shared constant -> name
        self.keep = []
        self.count = 0
        self.functions = []    # nested gradients: the inner programs

    def new_name(self, prefix="%v"):
        """A fresh SSA name: `prefix` and a number. (Names local to the
        regions emitters write are letters only, or a letter, "_" and a
        number: never one of these.)"""
        name = f"{prefix}{self.count}"
        self.count += 1
        return name

    def name_of(self, x):
        name = self.names.get(id(x))
        if name is not None:
            return name
        # Equal constants of the operations (Python numbers) share one
        # argument: no user holds them, so none is watched apart.
        shared = getattr(x, "_shared_constant", False)
        key = (x._value.dtype.str, x._value.tobytes()) if shared else None
        name = self.constants.get(key) if shared else None
        if name is None:
            name = f"%a{len(self.arguments)}"
            self.arguments.append(x)
            # A Variable assigned later keeps this value for the gradient.
            self.values.append(x._value)
            if shared:
                self.constants[key] = name
        self.names[id(x)] = name
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


def _check_not_traced(x, what):
    """Raises when code is traced once for all the values it will run on
    (rewind.function, the bodies of rewind.cond, fori_loop and while_loop)
    and `what` needs the value of the traced array `x`."""
    if _state.tracing and _is_recorded(x):
        raise TypeError(
            f"{what} a traced array inside rewind.function or a rewind.cond/"
            "fori_loop/while_loop body: its value is not known while tracing "
            "(the code is traced once and runs on other values); keep the "
            "computation on rewind arrays (for rewind.function, or mark the "
            "argument static with static_argnums)")


def _positive_option(option, value):
    """A count given as an option (bytes, threads): a positive int, or None
    (0: the default)."""
    if value is not None and (not isinstance(value, int)
                              or isinstance(value, bool) or value <= 0):
        raise ValueError(f"{option} must be a positive int or None")
    return value or 0


def _warn(message):
    """A RewindWarning attributed to the first line outside this package
    (the user's)."""
    import warnings
    from . import RewindWarning
    level, frame = 2, sys._getframe(1)
    while frame and os.path.dirname(os.path.abspath(
            frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
        level += 1
    warnings.warn(message, RewindWarning, stacklevel=level)


def _leaves_tape(x, what):
    """`what` (float(), numpy(), ...) of `x` gives a value computed outside
    the tapes: an error while tracing, a warning naming the line while a
    tape records x."""
    _check_not_traced(x, what)
    if _is_recorded(x) and not _state.suspended:
        _warn(f"{what} a recorded rewind array inside a GradientTape at "
              f"{_caller_line()}: the value leaves the tape, and what is "
              "computed from it is not recorded and gets no gradient")


def _is_recorded(x):
    """True when an active tape records `x` (computed or read on it)."""
    return any(id(x) in tape._recording.names for tape in _state.tapes)


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
