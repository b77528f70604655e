"""GradientTape: records operations on rewind arrays and differentiates the
recorded program with Rewind. Every missing gradient comes with a warning
that says why (not watched, not read, integer dtype, unused, or the
non-differentiable operation that cut it, with the Python line that
recorded it)."""

import re
from typing import Any, List, Optional
import warnings

import numpy as np

from .recording import (_Recording, _positive_option, _caller_location,
                        _position, _state, _tensor_type, _warn)
from .array import Array, Variable, _as_array
from .control import _emit_results, _types
from . import tree


class GradientTape:
    """Records operations on rewind arrays for differentiation.

        w = rewind.Variable(np.ones(3))
        with rewind.GradientTape() as tape:
            loss = (w * x).sum()
        dw = tape.gradient(loss, w)
    """

    def __init__(self, persistent: bool = False,
                 watch_accessed_variables: bool = True,
                 tape_budget: Optional[int] = None,
                 threads: Optional[int] = None) -> None:
        """tape_budget: the reverse sweep keeps its tape within this many
        bytes by checkpointing recorded loops (rewind.fori_loop) as their
        sizes need; see docs/memory.md.

        threads: OpenMP threads for the compiled gradient (None: one per
        hardware thread; 1: serial code); deterministic for a thread count,
        equal to rounding across counts."""
        self._tape_budget = _positive_option("tape_budget", tape_budget)
        self._threads = _positive_option("threads", threads)
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self._recording = _Recording()
        self._watched = set()
        self._used = False
        # Why a source the program does not read gets no gradient (rewind.grad
        # says "is not used by the function").
        self._unused = ("was not used while the tape was recording (if the "
                        "target depends on it through values computed "
                        "before the tape started, compute those inside the "
                        "tape)")

    def __enter__(self):
        _state.tapes.append(self)
        return self

    def __exit__(self, *exc):
        _state.tapes.remove(self)
        return False

    def watch(self, x: Any) -> None:
        """Records derivatives with respect to x: a rewind array, or nested
        lists, tuples and dicts of them."""
        for item in tree.flatten(x)[0]:
            if not isinstance(item, Array):
                raise TypeError("tape.watch takes rewind arrays (or nested "
                                f"lists, tuples and dicts of them), not "
                                f"{type(item).__name__}")
            self._watched.add(id(item))
            self._recording.keep.append(item)

    def watched_variables(self) -> List[Array]:
        """The arrays this tape differentiates with respect to."""
        return [x for x in self._recording.keep
                if id(x) in self._watched and isinstance(x, Variable)]

    def _on_read(self, x):
        if (self.watch_accessed_variables and isinstance(x, Variable)
                and x.trainable):
            self._watched.add(id(x))

    def gradient(self, target: Array, sources: Any,
                 output_gradients: Any = None,
                 unconnected_gradients: str = "zero") -> Any:
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
        sources, paths, rebuild = tree.flatten(sources)
        labels = [f"sources{p or '[0]'}" for p in paths]
        return rebuild(self._gradient(target, sources, output_gradients,
                                      unconnected_gradients, labels))

    def _gradient(self, target, sources, output_gradients,
                  unconnected_gradients, labels):
        """gradient() for a flat list of sources, named by `labels` in the
        reasons a gradient is missing."""
        self._labels = labels
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
                reasons[i] = (f"{self._labels[i]} {self._unused}"
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
        arguments = ", ".join(f"%a{k}: {_tensor_type(v)}"
                              for k, v in enumerate(recording.values))
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
                                    name="<tape>",
                                    tape_budget=self._tape_budget,
                                    threads=self._threads)
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
                else np.asarray(output_gradients._value
                                if isinstance(output_gradients, Array)
                                else output_gradients, dtype=target.dtype))
        # The values the tape read (a Variable assigned since keeps its
        # recorded value, as in TensorFlow).
        args = self._recording.values
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
            rec.functions.extend(f for f in functions
                                 if f not in rec.functions)
            rec.functions.append(main.replace("func.func @tape(",
                                              f"func.func private {name}(", 1))
            for x in recording.arguments + [seed]:
                tape._on_read(x)
            args = [rec.name_of(x) for x in recording.arguments]
            seed_name = rec.name_of(seed)
            head = _emit_results(rec, results, location)
            arg_types = _types(recording.arguments)
            rec.target.append(
                f"{head} = tape.vjp {name}({', '.join(args)}) seeds({seed_name}) "
                f"wrt [{', '.join(map(str, wrt))}] : ({arg_types}), "
                f"({_tensor_type(target._value)}) -> {_types(results)} {location}")

    def jacobian(self, target: Array, sources: Any,
                 unconnected_gradients: str = "zero") -> Any:
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
        from . import RewindError
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
            _warn(f"gradient is {'None' if policy == 'none' else 'zero'}: "
                  f"{reason}")
            if policy == "none" or not isinstance(source, Array):
                grads.append(None)
            else:
                grads.append(np.zeros_like(source._value, dtype=source.dtype
                                           if source.dtype.kind == "f" else float))
        return grads
