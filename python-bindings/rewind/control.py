"""Control flow recorded as structured MLIR, not unrolled: rewind.cond
(scf.if), rewind.fori_loop (scf.for), rewind.while_loop (scf.while). The
loops run eagerly in numpy for the values; their bodies are traced once."""

from typing import Any, Callable

import numpy as np

from .recording import _caller_location, _state, _tensor_type
from .array import Array, ArrayLike, _as_array


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
    # Traced once for every iteration or branch: Python cannot use values.
    _state.tracing += 1
    try:
        results = fn(*args_for_fn)
    finally:
        _state.tracing -= 1
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


def _read_inits(tape, values):
    """The names on `tape` of a loop's initial values, read by the loop (so
    a Variable carried in gets its gradient)."""
    for v in values:
        tape._on_read(v)
    return [tape._recording.name_of(v) for v in values]


def _emit_results(recording, results, location):
    base = recording.new_name("%r")
    for k, r in enumerate(results):
        recording.names[id(r)] = f"{base}#{k}" if len(results) > 1 else base
        recording.keep.append(r)
    return base + (f":{len(results)}" if len(results) > 1 else "")


def fori_loop(lower: int, upper: int, body: Callable[[Array, Any], Any],
              init: Any) -> Any:
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
        inits = _read_inits(tape, values)
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


def cond(predicate: ArrayLike, true_fn: Callable[..., Any],
         false_fn: Callable[..., Any], *operands: Any) -> Any:
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


def while_loop(cond_fn: Callable[..., ArrayLike],
               body_fn: Callable[..., Any], loop_vars: Any) -> Any:
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
        inits = _read_inits(tape, values)
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
