"""rewind.custom_gradient: a Python function whose derivative the user
gives (TensorFlow's form), recorded as a call of a function carrying its
own pullback (`tape.custom_vjp = @pullback`): the forward and the user's
gradient function are traced into functions of the recorded program, and
Rewind's reverse sweep calls the gradient function where it would have
differentiated the forward one."""

import functools
import hashlib
import re
from typing import Callable

import numpy as np

from .array import Array, _as_array
from .control import _emit_results, _types
from .recording import _caller_location, _state, _tensor_type


def custom_gradient(fn: Callable) -> Callable:
    """Decorator: `fn(*xs)` returns `(y, grad_fn)`; `grad_fn(*dys)` (one
    cotangent per floating-point output) returns the gradients of the
    floating-point arguments (one value, or a tuple; None for zero). Inside
    a tape, derivatives of `fn` are `grad_fn`'s, not derived from `fn`'s
    code (for numerical stability, or a straight-through estimator).
    Arrays `fn` reads besides its arguments get no derivative through it.
    Works in rewind.function and in nested tapes."""

    @functools.wraps(fn)
    def wrapped(*args):
        xs = [_as_array(a) for a in args]
        if not _state.tapes or _state.suspended:
            return fn(*xs)[0]
        floats = [i for i, x in enumerate(xs) if x.dtype.kind == "f"]
        forward, outputs = _trace(lambda *v: fn(*v)[0], xs)
        single = isinstance(outputs, Array)
        outs = [outputs] if single else list(outputs)
        float_outs = [k for k, o in enumerate(outs) if o.dtype.kind == "f"]
        cotangents = [Array(np.ones_like(outs[k]._value)) for k in float_outs]

        def pullback(*values):
            primal, cots = values[:len(xs)], values[len(xs):]
            _, grad_fn = fn(*primal)
            grads = grad_fn(*cots)
            grads = grads if isinstance(grads, (tuple, list)) else (grads,)
            if len(grads) != len(floats):
                raise TypeError(f"the gradient function of "
                                f"{getattr(fn, '__name__', 'fn')} returned "
                                f"{len(grads)} gradients for {len(floats)} "
                                "floating-point arguments")
            return tuple(Array(np.zeros_like(primal[i]._value)) if g is None
                         else _as_array(g) + np.zeros(primal[i].shape,
                                                      primal[i].dtype)
                         for i, g in zip(floats, grads))

        backward, _ = _trace(pullback, xs + cotangents)
        captures = _union(forward.captures, backward.captures)
        results = [Array(o._value) for o in outs]
        location = _caller_location()
        # Named by their text: the same computation recorded again (a
        # training step) gives the same program, and a function recorded
        # on nested tapes is defined once.
        texts = [forward.text("@NAME_fwd", captures, xs, len(xs),
                              " attributes {tape.custom_vjp = @NAME_rule}"),
                 backward.text("@NAME_vjp", captures, xs + cotangents, len(xs)),
                 _capture_rule(xs, captures, cotangents)]
        digest = hashlib.sha1("".join(texts).encode()).hexdigest()[:16]
        base = f"@{_symbol(getattr(fn, '__name__', 'custom'))}_{digest}"
        texts = [t.replace("@NAME", base) for t in texts]
        inputs = xs + captures
        for tape in _state.tapes:
            rec = tape._recording
            for text in forward.functions + backward.functions + texts:
                _add_function(rec, text)
            for x in inputs:
                tape._on_read(x)
            names = ", ".join(rec.name_of(x) for x in inputs)
            head = _emit_results(rec, results, location)
            rec.target.append(
                f"{head} = func.call {base}_fwd({names}) : ({_types(inputs)})"
                f" -> ({_types(results)}) {location}")
        return results[0] if single else tuple(results)

    return wrapped


class custom_vjp:
    """JAX's form of a custom derivative::

        @rewind.custom_vjp
        def f(x, y): ...
        def f_fwd(x, y): return f(x, y), residuals
        def f_bwd(residuals, g): return (gx, gy)   # one per argument
        f.defvjp(f_fwd, f_bwd)

    Without a tape, calling f runs f; inside one, f_fwd's value is recorded
    with f_bwd as its gradient (see custom_gradient);
    gradients returned for non-floating-point arguments are ignored."""

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn, self.fwd, self.bwd = fn, None, None

    def defvjp(self, fwd: Callable, bwd: Callable) -> None:
        self.fwd, self.bwd = fwd, bwd

    def __call__(self, *args):
        if self.fwd is None:
            raise TypeError(f"{getattr(self.fn, '__name__', 'the function')}"
                            ": call defvjp(fwd, bwd) before using it")
        if not _state.tapes or _state.suspended:
            return self.fn(*args)
        floats = [i for i, a in enumerate(args)
                  if _as_array(a).dtype.kind == "f"]

        @custom_gradient
        def recorded(*xs):
            y, residuals = self.fwd(*xs)

            def grad(*dys):
                grads = self.bwd(residuals, dys[0] if len(dys) == 1 else dys)
                grads = grads if isinstance(grads, (tuple, list)) else (grads,)
                if len(grads) != len(xs):
                    raise TypeError(f"the bwd of {self.__name__} returned "
                                    f"{len(grads)} gradients for {len(xs)} "
                                    "arguments")
                picked = tuple(grads[i] for i in floats)
                return picked[0] if len(picked) == 1 else picked

            return y, grad

        return recorded(*args)


def _capture_rule(xs, captures, cotangents):
    """@NAME_rule, the pullback of @NAME_fwd(xs..., captures...): the user's
    gradients (@NAME_vjp) and zeros for the floating-point captures, which
    get no derivative through the function (reverse mode sees the constant
    zeros and names the custom pullback when such a gradient is zero)."""
    inputs = xs + captures + cotangents
    params = ", ".join(f"%a{k}: {_tensor_type(x._value)}"
                       for k, x in enumerate(inputs))
    user = [_tensor_type(x._value) for x in xs if x.dtype.kind == "f"]
    zeros = [_tensor_type(c._value) for c in captures if c.dtype.kind == "f"]
    call = ", ".join(f"%a{k}" for k in range(len(inputs)))
    head = f"%g:{len(user)} = " if user else ""
    lines = [f"{head}func.call @NAME_vjp({call}) : "
             f"({_types(inputs)}) -> ({', '.join(user)})"]
    lines += [f"%z{k} = arith.constant dense<0.0> : {t}"
              for k, t in enumerate(zeros)]
    values = ([f"%g#{k}" for k in range(len(user))]
              + [f"%z{k}" for k in range(len(zeros))])
    types = ", ".join(user + zeros)
    body = "\n    ".join(lines)
    return (f"func.func private @NAME_rule({params}) -> ({types}) {{\n"
            f"    {body}\n    return {', '.join(values)} : {types}\n}}\n")


def _symbol(name):
    """A Python name as a bare MLIR symbol (letters, digits, _ $ .)."""
    return re.sub(r"[^A-Za-z0-9_$.]", "_", name) or "custom"


def _add_function(recording, text):
    """Adds a function to the recording unless it is there already."""
    if text not in recording.functions:
        recording.functions.append(text)


def _union(a, b):
    out = list(a)
    for x in b:
        if not any(x is y for y in out):
            out.append(x)
    return out


class _Traced:
    """A Python function traced into an isolated recording."""

    def __init__(self, recording, inputs, results):
        self.recording, self.inputs, self.results = recording, inputs, results
        n = len(inputs)
        self.captures = recording.arguments[n:]
        self.functions = list(recording.functions)

    def text(self, name, captures, originals, before, attributes=""):
        """func.func private `name`(the first `before` inputs, captures...,
        the other inputs) -> results `attributes`; a capture this trace does
        not read is an unused argument."""
        rec = self.recording
        inputs = [f"{rec.names[id(x)]}: {_tensor_type(like._value)}"
                  for x, like in zip(self.inputs, originals)]
        params = inputs[:before]
        for k, c in enumerate(captures):
            mine = next((a for a in self.captures if a is c), None)
            param = rec.names[id(mine)] if mine is not None else f"%unused{k}"
            params.append(f"{param}: {_tensor_type(c._value)}")
        params += inputs[before:]
        types = ", ".join(_tensor_type(r._value) for r in self.results)
        names = ", ".join(rec.names[id(r)] for r in self.results)
        body = "\n    ".join(rec.lines)
        return (f"func.func private {name}({', '.join(params)}) -> ({types})"
                f"{attributes} {{\n    {body}\n    return {names} : {types}"
                "\n}\n")


def _trace(fn, inputs):
    """Runs fn on fresh arrays holding the inputs' values, recorded alone
    (the active tapes do not see it)."""
    from .tape import GradientTape
    saved = _state.tapes
    _state.tapes = []
    tape = GradientTape(persistent=True, watch_accessed_variables=False)
    try:
        with tape:
            rec = tape._recording
            placeholders = [Array(x._value) for x in inputs]
            for p in placeholders:
                rec.name_of(p)
            outputs = fn(*placeholders)
            leaves = ([outputs] if isinstance(outputs, Array)
                      else list(outputs))
            for out in leaves:
                rec.name_of(out)  # an input or a constant returned as is
    finally:
        _state.tapes = saved
    return _Traced(rec, placeholders, leaves), outputs
