"""Functional transforms: rewind.compile (MLIR text to callable functions),
grad, value_and_grad, vjp, jvp, hvp, jacobian and hessian of compiled
functions or of plain Python functions of rewind arrays (recorded on a
GradientTape)."""

from typing import Any, Callable, Optional, Sequence, Tuple, Union

import numpy as np

from . import RewindError, _rewind, tree
from .array import Array, Variable
from .recording import _positive_option, _state, _warn
from .tape import GradientTape

# An argument position, or several.
Argnums = Union[int, Sequence[int]]


def compilations() -> int:
    """How many distinct programs this process has compiled."""
    return _rewind.compilations()


def set_code_cache(directory: Optional[str], policy: str = "") -> None:
    """Keeps compiled code in `directory` (None: only in memory), where
    later processes find it: a program compiled once, with the same options
    on the same CPU and Rewind build, then starts in milliseconds. Applies
    to later compilations. By default the cache is REWIND_CACHE_DIR, or
    ~/.cache/rewind, unless REWIND_CACHE=off.

    policy: when entries are removed, in LLVM's cache policy syntax
    ("prune_after=720h:cache_size_bytes=512m", the default)."""
    try:
        _rewind.set_code_cache(directory, policy)
    except RuntimeError as error:
        raise RewindError(str(error)) from None


def code_cache() -> dict:
    """The code cache's directory (None when off) and how many of this
    process's compilations found their code there."""
    return {"directory": _rewind.code_cache_directory(),
            "hits": _rewind.code_cache_hits()}


def compile(source: str, name: str = "<rewind>",
            max_tape_bytes: Optional[int] = None,
            explain_nonfinite: bool = False,
            tape_budget: Optional[int] = None,
            threads: Optional[int] = None) -> "Module":
    """Parses MLIR text; its functions become attributes of the result.

    max_tape_bytes: calls whose tape (the values saved for the reverse sweep)
    would hold more bytes than this at once raise RewindError instead of
    using that memory.

    tape_budget: derivatives keep their tape within this many bytes by
    checkpointing loops (recomputing parts of them in the reverse sweep) as
    their run-time sizes need; see docs/memory.md.

    explain_nonfinite: compiled code tests every value it computes; a call
    whose result or gradient has a NaN or an infinity warns (RewindWarning)
    with the first op, primal or adjoint, that computed one, its source
    location and its operands. Slower: for debugging.

    threads: the OpenMP threads that run the parallel dimensions of linalg
    ops and parallel loops (None: one per hardware thread; 1: serial code).
    Deterministic for a thread count; across counts, equal to rounding
    (docs/parallel.md)."""
    return Module(source, name, max_tape_bytes, explain_nonfinite,
                  tape_budget, threads)


class Module:
    """A parsed MLIR module (rewind.compile): each func.func @f is module.f
    or module["f"], compiled on first use."""
    def __init__(self, source, name, max_tape_bytes=None,
                 explain_nonfinite=False, tape_budget=None, threads=None):
        self._source = source
        self._threads = _positive_option("threads", threads)
        self._name = name
        self._max_tape_bytes = _positive_option("max_tape_bytes", max_tape_bytes)
        self._tape_budget = _positive_option("tape_budget", tape_budget)
        self._explain_nonfinite = bool(explain_nonfinite)

    def __getattr__(self, entry):
        if entry.startswith("_"):
            raise AttributeError(entry)
        return Function(self, entry)

    def __getitem__(self, entry):
        return Function(self, entry)


class Function:
    """A function of a compiled module, callable on numpy arrays and numbers."""

    def __init__(self, module, entry):
        self.module = module
        self.entry = entry
        self._entries = {}

    def __repr__(self):
        return f"<rewind.Function @{self.entry}>"

    def _compiled(self, gradient=False, vjp=False, wrt=(), unconnected="zero",
                  jvp=False, hvp=False, jvp_wrt=()):
        key = (gradient, vjp, tuple(wrt), unconnected, jvp, hvp,
               tuple(jvp_wrt))
        entry = self._entries.get(key)
        if entry is None:
            try:
                entry = _rewind.compile(
                    self.module._source, self.entry, gradient=gradient,
                    vjp=vjp, wrt=list(wrt), unconnected=unconnected,
                    name=self.module._name,
                    explain_nonfinite=self.module._explain_nonfinite,
                    jvp=jvp, hvp=hvp, jvp_wrt=list(jvp_wrt),
                    tape_budget=self.module._tape_budget,
                    threads=self.module._threads)
            except RuntimeError as error:
                raise RewindError(str(error)) from None
            for text in entry.warnings:
                _warn(text)
            self._entries[key] = entry
        return entry

    def __call__(self, *args):
        results = _call(self, self._compiled().call, args)
        return results[0] if len(results) == 1 else tuple(results)


def _has_nonfinite(value):
    if isinstance(value, (list, tuple)):
        return any(_has_nonfinite(v) for v in value)
    if value is None:
        return False
    array = np.asarray(value)
    return (np.issubdtype(array.dtype, np.floating)
            and not np.all(np.isfinite(array)))


def _call(function, method, *args):
    reports = [] if function.module._explain_nonfinite else None
    try:
        results = method(*args, max_tape_bytes=function.module._max_tape_bytes,
                         nonfinite=reports)
    except RuntimeError as error:
        raise RewindError(str(error)) from None
    if reports and _has_nonfinite(results):
        _warn("@%s: the first NaN or infinity was %s"
              % (function.entry, reports[0]))
    return results


def _positions(argnums):
    return (argnums,) if isinstance(argnums, int) else tuple(argnums)


def _nested():
    """True when tapes outside are recording (rewind.grad inside rewind.grad,
    a GradientTape or rewind.function): derivatives are then recorded on
    them, as rewind arrays, so they can be differentiated or traced."""
    return bool(_state.tapes) and not _state.suspended


def _traced_arguments(args, positions):
    """The arguments of a Python function being differentiated: fresh
    trainable Variables at `positions` (floats and float arrays only) or,
    nested, the rewind arrays given (watched by the caller); rewind arrays
    for other numeric arrays; anything else (ints used as sizes,
    configuration) as given."""
    nested = _nested()

    def variable(leaf, path):
        if nested and isinstance(leaf, Array) and leaf.dtype.kind == "f":
            return leaf
        value = np.asarray(leaf._value if isinstance(leaf, Array) else leaf)
        if value.dtype.kind != "f":
            raise TypeError(f"argument {path} is differentiated but has "
                            f"dtype {value.dtype}: pass floats")
        return Variable(value)

    traced = []
    for i, arg in enumerate(args):
        if i in positions:
            leaves, paths, rebuild = tree.flatten(arg)
            traced.append(rebuild([variable(leaf, f"{i}{path}")
                                   for leaf, path in zip(leaves, paths)]))
        elif isinstance(arg, np.ndarray):
            traced.append(Array(arg))
        else:
            traced.append(arg)
    return traced


def _as_result(value, like):
    """A gradient or value as numpy (a float for a scalar argument given as
    a Python number), in the structure of `like`; nested, rewind arrays."""
    if isinstance(like, (dict, list, tuple)):
        return tree.map(_as_result, value, like)
    if _nested():
        return value if isinstance(value, Array) else Array(value)
    value = np.asarray(value)
    return float(value) if value.ndim == 0 and not isinstance(
        like, np.ndarray) else value


def _python_value_and_grad(fun, args, positions, unconnected, has_aux):
    if unconnected not in ("zero", "error"):
        raise ValueError("unconnected must be 'zero' or 'error'")
    name = getattr(fun, "__name__", "the function")
    traced = _traced_arguments(args, positions)
    sources = [traced[i] for i in sorted(set(positions))]
    with GradientTape() as tape:
        tape.watch(tree.flatten(sources)[0])
        value = fun(*traced)
    aux = None
    if has_aux:
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise TypeError(f"{name} must return (value, aux) with "
                            "has_aux=True")
        value, aux = value
        aux = tree.map(lambda leaf: leaf._value if isinstance(leaf, Array)
                       and not _nested() else leaf, aux)
    if not isinstance(value, Array) or value.ndim or value.dtype.kind != "f":
        raise TypeError(f"{name} must "
                        "return one floating-point scalar rewind array (a "
                        "value computed from its arguments)"
                        + ("" if has_aux else "; with auxiliary outputs, "
                           "return (value, aux) and pass has_aux=True"))
    # Missing gradients are explained per argument ("argument 1['w']").
    flats = [tree.flatten(source) for source in sources]
    leaves = [leaf for more, _, _ in flats for leaf in more]
    labels = [f"argument {i}{path}" for i, (_, paths, _) in
              zip(sorted(set(positions)), flats) for path in paths]
    tape._unused = (f"is not used by {name} (or only through values that "
                    "leave the tape)")
    flat = tape._gradient(value, leaves, None, unconnected, labels)
    grads, k = [], 0
    for more, _, rebuild in flats:
        grads.append(rebuild(flat[k:k + len(more)]))
        k += len(more)
    by_position = dict(zip(sorted(set(positions)), grads))
    value = value if _nested() else float(value._value)
    return ((value, aux) if has_aux else value,
            [_as_result(by_position[i], args[i]) for i in positions])


def value_and_grad(fun: Callable, argnums: Argnums = 0,
                   unconnected: str = "zero",
                   has_aux: bool = False) -> Callable:
    """fun must return one floating-point scalar. Returns a function giving
    (value, gradient) where the gradient matches argnums: one array (or
    number) for an int, a tuple for a tuple. unconnected="error" makes an
    argument whose gradient is always zero an error instead of a warning.
    has_aux=True (Python functions): fun returns (value, aux), and the
    result is ((value, aux), gradient), aux as numpy values.

    fun is a function of a compiled module, or a Python function of rewind
    arrays (numpy functions and rewind.nn work on them): it is recorded on a
    GradientTape at each call, and the recorded program, the same for the
    same shapes, is compiled once."""
    positions = _positions(argnums)

    def wrapped(*args):
        if not isinstance(fun, Function):
            value, picked = _python_value_and_grad(fun, args, positions,
                                                   unconnected, has_aux)
            return value, (picked[0] if isinstance(argnums, int)
                           else tuple(picked))
        if has_aux:
            raise TypeError("has_aux takes a Python function")
        entry = fun._compiled(gradient=True, wrt=sorted(set(positions)),
                              unconnected=unconnected)
        value, grads = _call(fun, entry.value_and_grad, args)
        picked = tuple(grads[i] for i in positions)
        return value, (picked[0] if isinstance(argnums, int) else picked)

    return wrapped


def grad(fun: Callable, argnums: Argnums = 0,
         unconnected: str = "zero", has_aux: bool = False) -> Callable:
    """The gradient of a scalar function with respect to argnums (with
    has_aux=True, (gradient, aux): see value_and_grad)."""
    vg = value_and_grad(fun, argnums, unconnected, has_aux)

    def wrapped(*args):
        value, gradient = vg(*args)
        return (gradient, value[1]) if has_aux else gradient

    return wrapped


def _python_vjp(fun, primals):
    positions = [i for i, p in enumerate(primals)
                 if np.asarray(p.numpy() if isinstance(p, Array) else p).dtype.kind == "f"]
    traced = _traced_arguments(primals, positions)
    with GradientTape(persistent=True) as tape:
        outputs = fun(*traced)
    single = not isinstance(outputs, (tuple, list))
    outs = [outputs] if single else list(outputs)
    floats = [o for o in outs if isinstance(o, Array) and o.dtype.kind == "f"]

    def pullback(*cotangents):
        if len(cotangents) != len(floats):
            raise TypeError(f"expected {len(floats)} cotangents (one per "
                            f"floating-point output), got {len(cotangents)}")
        total = [None] * len(primals)
        for out, cotangent in zip(floats, cotangents):
            grads = tape.gradient(out, [traced[i] for i in positions],
                                  output_gradients=np.asarray(cotangent))
            for i, g in zip(positions, grads):
                total[i] = np.asarray(g) if total[i] is None else total[i] + g
        return tuple(None if t is None else _as_result(t, primals[i])
                     for i, t in enumerate(total))

    values = tuple(o.numpy() if isinstance(o, Array) else o for o in outs)
    return (values[0] if single else values), pullback


def vjp(fun: Callable, *primals: Any) -> Tuple[Any, Callable]:
    """Returns (outputs, pullback): pullback(*cotangents), one per
    floating-point output, gives one gradient per argument (None for
    arguments that are not floating-point). fun may be a Python function
    of rewind arrays (see value_and_grad)."""
    if not isinstance(fun, Function):
        return _python_vjp(fun, primals)
    outputs = fun(*primals)
    entry = fun._compiled(vjp=True)

    def pullback(*cotangents):
        return tuple(_call(fun, entry.vjp, primals, cotangents))

    return outputs, pullback


def _tangent_positions(primals, tangents):
    if not isinstance(tangents, (list, tuple)) or len(tangents) != len(primals):
        raise TypeError(f"expected one tangent per primal ({len(primals)}), "
                        "None for a primal held constant")
    return [i for i, t in enumerate(tangents) if t is not None]


def _tangent_like(tangent, primal, i):
    """`tangent` as an array of the primal's dtype and shape."""
    value = np.asarray(primal.numpy() if isinstance(primal, Array) else primal)
    if value.dtype.kind != "f":
        raise TypeError(f"primal {i} has dtype {value.dtype}: only "
                        "floating-point primals take a tangent (give None)")
    t = np.asarray(tangent.numpy() if isinstance(tangent, Array) else tangent,
                   dtype=value.dtype)
    if t.shape != value.shape:
        raise ValueError(f"the tangent of primal {i} has shape {t.shape}, "
                         f"the primal {value.shape}")
    return t if value.ndim else t[()]


def _recorded(fun, primals, positions, scalar=False):
    """Records fun on a tape with the primals at `positions` watched: the
    tape, its output, and each watched primal's argument position in the
    recorded program (None when fun did not read it)."""
    if _nested():
        raise NotImplementedError("forward mode of a Python function inside "
                                  "a recording tape is not supported yet")
    from .tape import _position
    traced = _traced_arguments(primals, positions)
    with GradientTape() as tape:
        tape.watch([traced[i] for i in positions])
        out = fun(*traced)
    name = getattr(fun, "__name__", "the function")
    if not isinstance(out, Array) or out.dtype.kind != "f" or (
            scalar and out.ndim):
        raise TypeError(f"{name} must return one floating-point "
                        + ("scalar " if scalar else "") + "rewind array (a "
                        "value computed from its arguments)")
    recording = tape._recording
    where = {i: _position(recording.arguments, traced[i]) for i in positions}
    if id(out) not in recording.names or _position(recording.arguments,
                                                   out) is not None:
        where = {i: None for i in positions}
    return tape, out, where


def _compile_recorded(tape, out, scalar=False, **request):
    """Compiles the recorded program (with `scalar`, as @tape_scalar, which
    returns the 0-d result as a number)."""
    functions, main = tape._program(out)
    entry = "tape"
    if scalar:
        from .recording import _tensor_type
        types = [_tensor_type(v) for v in tape._recording.values]
        params = ", ".join(f"%a{k}: {t}" for k, t in enumerate(types))
        names = ", ".join(f"%a{k}" for k in range(len(types)))
        result = _tensor_type(out._value)
        element = result[len("tensor<"):-1]
        main += (f"func.func @tape_scalar({params}) -> {element} {{\n"
                 f"  %t = func.call @tape({names}) : ({', '.join(types)}) -> "
                 f"{result}\n"
                 f"  %s = tensor.extract %t[] : {result}\n"
                 f"  return %s : {element}\n}}\n")
        entry = "tape_scalar"
    try:
        return _rewind.compile("\n".join(functions + [main]), entry,
                               name="<tape>", **request)
    except RuntimeError as error:
        raise RewindError(str(error)) from None


def jvp(fun: Callable, primals: Sequence[Any],
        tangents: Sequence[Any]) -> Tuple[Any, Any]:
    """Forward mode: (outputs, output tangents), the derivative of fun's
    outputs at `primals` along `tangents` (J v), in one sweep and without a
    tape. One tangent per primal, shaped like it; None holds a primal
    constant. fun is a function of a compiled module (any outputs: a tuple of
    tangents, None for outputs that are not floating-point) or a Python
    function of rewind arrays returning one floating-point array."""
    primals = list(primals)
    positions = _tangent_positions(primals, tangents)
    given = [_tangent_like(tangents[i], primals[i], i) for i in positions]
    if isinstance(fun, Function):
        entry = fun._compiled(jvp=True, jvp_wrt=positions)
        values, outs = _call(fun, entry.jvp, primals, given)
        if len(values) == 1:
            return values[0], outs[0]
        return tuple(values), tuple(outs)
    tape, out, where = _recorded(fun, primals, positions)
    value = out.numpy()
    value = float(value) if value.ndim == 0 else value
    read = sorted((p, k) for k, i in enumerate(positions)
                  if (p := where[i]) is not None)
    if not read:  # no tangent reaches the output
        return value, np.zeros_like(value) if np.ndim(value) else 0.0
    entry = _compile_recorded(tape, out, jvp=True,
                              jvp_wrt=[p for p, _ in read])
    try:
        values, outs = entry.jvp(tape._recording.values,
                                 [given[k] for _, k in read])
    except RuntimeError as error:
        raise RewindError(str(error)) from None
    tangent = np.asarray(outs[0])
    return value, float(tangent) if tangent.ndim == 0 else tangent


def hvp(fun: Callable, primals: Sequence[Any],
        tangents: Sequence[Any]) -> Tuple[Any, ...]:
    """The Hessian-vector product H v of a scalar function at `primals`:
    one entry per primal (None for those that are not floating-point), the
    derivative of the gradient along `tangents` (one per primal, None for
    zero). Reverse mode over forward mode: the gradient of <grad f, v>."""
    primals = list(primals)
    positions = _tangent_positions(primals, tangents)
    given = [_tangent_like(tangents[i], primals[i], i) for i in positions]
    floats = [i for i, p in enumerate(primals) if np.asarray(
        p.numpy() if isinstance(p, Array) else p).dtype.kind == "f"]
    if isinstance(fun, Function):
        entry = fun._compiled(gradient=True, wrt=floats, hvp=True,
                              jvp_wrt=positions)
        products = _call(fun, entry.hvp, primals, given)
        return tuple(None if products[i] is None else
                     _as_result(products[i], primals[i])
                     for i in range(len(primals)))
    tape, out, where = _recorded(fun, primals, floats, scalar=True)
    read = {i: p for i, p in where.items() if p is not None}
    with_tangent = sorted((read[i], k) for k, i in enumerate(positions)
                          if i in read)
    result = [None if i not in floats else
              _as_result(np.zeros_like(np.asarray(primals[i], dtype=float)),
                         primals[i]) for i in range(len(primals))]
    if not read or not with_tangent:
        return tuple(result)
    entry = _compile_recorded(tape, out, scalar=True, gradient=True,
                              wrt=sorted(read.values()), hvp=True,
                              jvp_wrt=[p for p, _ in with_tangent])
    try:
        products = entry.hvp(tape._recording.values,
                             [given[k] for _, k in with_tangent])
    except RuntimeError as error:
        raise RewindError(str(error)) from None
    for i, p in read.items():
        result[i] = _as_result(products[p], primals[i])
    return tuple(result)


def _unit_tangents(args, i):
    """For each element k of argument i: tangents that are e_k for it and
    None for the other arguments."""
    x = np.asarray(args[i])
    for k in range(x.size):
        unit = np.zeros(x.size, dtype=x.dtype)
        unit[k] = 1
        tangents = [None] * len(args)
        tangents[i] = unit.reshape(x.shape) if x.ndim else unit[0]
        yield tangents


def _forward_jacobian(fun, args, positions, out):
    """Columns J e_k by forward mode, one per element of the arguments."""
    jac = []
    for i in positions:
        x = np.asarray(args[i])
        columns = [np.asarray(jvp(fun, args, tangents)[1])
                   for tangents in _unit_tangents(args, i)]
        stacked = np.stack(columns, axis=-1) if columns else np.zeros(
            out.shape + (0,))
        jac.append(stacked.reshape(out.shape + x.shape))
    return jac


def jacobian(fun: Callable, argnums: Argnums = 0,
             mode: Optional[str] = None) -> Callable:
    """The Jacobian of a function with one floating-point output (scalar or
    array): shape output.shape + argument.shape. mode "forward" computes it
    one column at a time (a forward sweep per argument element), "reverse"
    one row at a time (a reverse sweep per output element); by default the
    one with fewer sweeps, as JAX's jacfwd and jacrev."""
    positions = _positions(argnums)
    if mode not in (None, "forward", "reverse"):
        raise ValueError("mode must be None, 'forward' or 'reverse'")

    def wrapped(*args):
        inputs = sum(np.size(np.asarray(args[i].numpy() if isinstance(
            args[i], Array) else args[i])) for i in positions)
        if mode == "forward" or mode is None and not _nested():
            out = fun(*args)
            out = np.asarray(out.numpy() if isinstance(out, Array) else out)
            if mode == "forward" or inputs < out.size:
                jac = _forward_jacobian(fun, list(args), positions, out)
                return jac[0] if isinstance(argnums, int) else tuple(jac)
        out, pullback = vjp(fun, *args)
        out = np.asarray(out)
        rows = {i: [] for i in positions}
        for k in range(out.size):
            seed = np.zeros(out.size, dtype=out.dtype)
            seed[k] = 1
            cotangent = seed.reshape(out.shape) if out.ndim else seed[0]
            grads = pullback(cotangent)
            for i in positions:
                rows[i].append(np.asarray(grads[i]))
        jac = tuple(np.stack(rows[i]).reshape(out.shape + np.shape(args[i]))
                    for i in positions)
        return jac[0] if isinstance(argnums, int) else jac

    return wrapped


def hessian(fun: Callable, argnum: int = 0) -> Callable:
    """The Hessian of a scalar function with respect to argument `argnum`:
    shape x.shape + x.shape. For a function of a compiled module, one
    Hessian-vector product (reverse over forward mode) per element of x;
    for a Python function of rewind arrays, by differentiating the recorded
    gradient."""
    if not isinstance(argnum, (int, np.integer)):
        raise TypeError("hessian takes one argument position")

    def columns(*args):
        x = np.asarray(args[argnum])
        cols = [np.asarray(hvp(fun, args, tangents)[argnum])
                for tangents in _unit_tangents(args, argnum)]
        return np.stack(cols, axis=-1).reshape(x.shape + x.shape)

    if isinstance(fun, Function):
        return columns

    def wrapped(*args):
        traced = _traced_arguments(args, [argnum])
        x = traced[argnum]
        with GradientTape(persistent=True) as outer:
            with GradientTape() as inner:
                value = fun(*traced)
            g = inner.gradient(value, x)
        return outer.jacobian(g, x)

    return wrapped
