"""rewind.custom_gradient: the user's gradient replaces the derived one
(recorded as a function with its own pullback, tape.custom_vjp), in tapes, rewind.function and nested tapes."""

import numpy as np
import pytest

import rewind


@rewind.custom_gradient
def straight_through_round(x):
    return rewind.round(x), lambda dy: dy


@rewind.custom_gradient
def scaled_product(x, y):
    """x * y whose gradient is deliberately doubled for x, None for y."""
    def grad(dz):
        return 2.0 * dz * y, None
    return x * y, grad


def test_the_users_gradient_is_used():
    w = rewind.Variable(np.array([0.4, 1.6]))
    with rewind.GradientTape() as tape:
        loss = (straight_through_round(w) * np.array([2.0, 3.0])).sum()
    assert np.isclose(float(loss), 0.0 * 2 + 2.0 * 3)
    assert np.allclose(tape.gradient(loss, w), [2.0, 3.0])  # not zero
    x = rewind.Variable(np.array([1.0, 2.0]))
    y = rewind.Variable(np.array([3.0, 5.0]))
    with rewind.GradientTape() as tape:
        loss = rewind.sin(scaled_product(x, y)).sum()
    gx, gy = tape.gradient(loss, [x, y], unconnected_gradients="zero")
    assert np.allclose(gx, 2.0 * np.cos([3.0, 10.0]) * [3.0, 5.0])
    assert np.allclose(gy, 0.0)
    # Without a tape it is the plain function.
    assert np.allclose(scaled_product(np.array([2.0]), np.array([4.0])).numpy(), 8.0)


def test_captured_arrays_get_no_gradient_and_are_named():
    scale = rewind.Variable(np.array([2.0, 3.0]))

    @rewind.custom_gradient
    def scaled(x):
        return x * scale, lambda dy: dy * scale

    x = rewind.Variable(np.array([1.0, 1.0]))
    with rewind.GradientTape() as tape:
        loss = scaled(x).sum()
    with pytest.warns(rewind.RewindWarning, match=r"sources\[1\] does not reach "
                      r"the target: its only path to the result goes through "
                      r"'func.call' at test_custom_gradient.py:[0-9]+:1 \(the "
                      r"custom pullback of @scaled_[0-9a-f]+_fwd, "
                      r"@scaled_[0-9a-f]+_rule, gives argument #1 a zero "
                      r"gradient\)"):
        gx, gs = tape.gradient(loss, [x, scale])
    assert np.allclose(gx, [2.0, 3.0]) and np.allclose(gs, 0.0)


def test_in_rewind_function_and_compiled_once():
    @rewind.function
    def step(x):
        with rewind.GradientTape() as tape:
            tape.watch(x)
            loss = (straight_through_round(x) * x).sum()
        return tape.gradient(loss, x)

    for values in (np.array([0.4, 1.6]), np.array([2.2, -0.7])):
        # d/dx round(x) * x with a straight-through round: x + round(x)
        assert np.allclose(step(values), values + np.round(values))
    assert len(step.traces) == 1
    w = rewind.Variable(np.array([0.4, 1.6]))

    def record():
        with rewind.GradientTape() as tape:
            loss = (straight_through_round(w) * w).sum()
        return tape.gradient(loss, w)

    record()
    before = rewind.compilations()
    record()
    assert rewind.compilations() == before


def test_jax_style_custom_vjp():
    @rewind.custom_vjp
    def clip_gradient(x, bound):
        return x * 1.0

    def fwd(x, bound):
        return x * 1.0, bound

    def bwd(bound, g):
        return (rewind.minimum(rewind.maximum(g, -bound), bound), None)

    clip_gradient.defvjp(fwd, bwd)
    x = rewind.Variable(np.array([1.0, 2.0]))
    with rewind.GradientTape() as tape:
        loss = (clip_gradient(x, 0.5) * np.array([3.0, -0.2])).sum()
    assert np.allclose(tape.gradient(loss, x), [0.5, -0.2])
    assert np.allclose(clip_gradient(np.array([4.0]), 0.5), 4.0)
