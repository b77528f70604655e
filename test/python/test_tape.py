"""rewind.GradientTape: recorded numpy-style programs, checked against
finite differences; every missing gradient explained; one compilation per
recorded program."""

import numpy as np
import pytest

import rewind


def check_against_finite_differences(model, values, h=1e-6, rtol=1e-6):
    """model(*arrays) -> scalar Array, recorded on a tape; compares the tape's
    gradient for every input with central differences of the numpy values."""
    sources = [rewind.Variable(v) for v in values]
    with rewind.GradientTape() as tape:
        loss = model(*sources)
    grads = tape.gradient(loss, sources)
    for i, (value, grad) in enumerate(zip(values, grads)):
        expected = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            up = [v.copy() for v in values]
            down = [v.copy() for v in values]
            up[i][index] += h
            down[i][index] -= h
            f_up = float(model(*[rewind.array(v) for v in up]))
            f_down = float(model(*[rewind.array(v) for v in down]))
            expected[index] = (f_up - f_down) / (2 * h)
        np.testing.assert_allclose(grad, expected, rtol=rtol, atol=1e-8,
                                   err_msg=f"source {i}")


RNG = np.random.default_rng(0)


@pytest.mark.parametrize("model, shapes", [
    (lambda w, x: (rewind.tanh(w * x + 0.5) ** 2.0).sum(), [(3, 4), (3, 4)]),
    (lambda w, x: rewind.log(rewind.exp(w @ x) + 1.0).mean(), [(3, 4), (4, 2)]),
    (lambda a, v: rewind.sin(a @ v).sum() + rewind.cos(v).max(), [(3, 4), (4,)]),
    (lambda a, b: rewind.sqrt(a * a + 1.0).min() + (a / (b * b + 1.0)).sum(), [(5,), (5,)]),
    (lambda a, b: rewind.abs(a - b).sum() + rewind.sigmoid(a).sum(), [(2, 3), (2, 3)]),
    (lambda a, b: (a.T @ b).sum() + a.reshape(6).max(), [(2, 3), (2, 2)]),
    (lambda a, b: (a[1:, ::2] * b[1:]).sum() + a[0, 1] * b[0, 0], [(3, 4), (3, 2)]),
    (lambda a, b: (rewind.concatenate([a, b], axis=0) ** 3.0).sum(), [(2, 3), (1, 3)]),
    (lambda a, b: rewind.where(a > b, a * a, b * 2.0).sum(), [(6,), (6,)]),
    (lambda a, b: rewind.maximum(a, b).sum() + rewind.minimum(a, b).mean(), [(4,), (4,)]),
    (lambda a, b: a.sum(axis=0).sum() * b.mean(axis=1).max(), [(3, 2), (2, 5)]),
])
def test_gradients_match_finite_differences(model, shapes):
    values = [RNG.normal(size=s) for s in shapes]
    check_against_finite_differences(model, values)


def test_training_loop_compiles_once():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 3))
    y = x @ np.array([1.5, -2.0, 0.5]) + 0.3
    w = rewind.Variable(np.zeros(3))
    b = rewind.Variable(np.array(0.0))
    before = rewind.compilations()
    losses = []
    for step in range(30):
        with rewind.GradientTape() as tape:
            err = rewind.array(x) @ w + b - rewind.array(y)
            loss = (err * err).mean()
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * dw)
        b.assign_sub(0.1 * db)
        losses.append(float(loss))
    assert rewind.compilations() == before + 1
    assert losses[-1] < 0.01 * losses[0]
    # The first step's gradient is the analytic one: 2/n X^T (Xw + b - y).
    err0 = -y
    with rewind.GradientTape() as tape:
        w0 = rewind.Variable(np.zeros(3))
        e = rewind.array(x) @ w0 - rewind.array(y)
        loss0 = (e * e).mean()
    np.testing.assert_allclose(tape.gradient(loss0, w0),
                               2 / len(y) * x.T @ err0, rtol=1e-12)


def test_output_gradients_weight_a_vector_target():
    v = rewind.Variable(np.array([1.0, 2.0, 3.0]))
    with rewind.GradientTape() as tape:
        y = v * v
    g = tape.gradient(y, v, output_gradients=np.array([1.0, 0.5, 0.0]))
    np.testing.assert_allclose(g, [2.0, 2.0, 0.0])


def test_persistent_and_non_persistent_tapes():
    v = rewind.Variable(np.array([1.0, 2.0]))
    with rewind.GradientTape() as tape:
        loss = (v * v).sum()
    tape.gradient(loss, v)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(loss, v)
    with rewind.GradientTape(persistent=True) as tape:
        a = (v * v).sum()
        b = (v * 3.0).sum()
    np.testing.assert_allclose(tape.gradient(a, v), [2.0, 4.0])
    np.testing.assert_allclose(tape.gradient(b, v), [3.0, 3.0])


def test_every_missing_gradient_is_explained():
    w = rewind.Variable(np.array([1.0, 2.0]))
    c = rewind.array(np.array([3.0, 4.0]))
    unwatched = rewind.array(np.array([1.0, 1.0]))
    k = rewind.Variable(np.array([1, 2]))
    unused = rewind.Variable(np.array([5.0]))
    with rewind.GradientTape(persistent=True) as tape:
        tape.watch(c)
        rounded = (w * 2.0).astype(np.int64).astype(np.float64)
        loss = (rounded + rewind.stop_gradient(c) * unwatched).sum()
        unused * 2.0
    cases = [
        (w, r"sources\[0\] does not reach the target: its only path to the "
            r"result goes through 'arith.fptosi' at test_tape.py:\d+:1"),
        (c, r"its only path to the result goes through 'tape.stop_gradient' at test_tape.py"),
        (unwatched, r"is not watched"),
        (k, r"has integer dtype int64"),
        (unused, r"does not reach the target: it does not influence the result"),
    ]
    for source, reason in cases:
        with pytest.warns(rewind.RewindWarning, match="gradient is None: .*" + reason):
            assert tape.gradient(loss, source, unconnected_gradients="none") is None
    with pytest.warns(rewind.RewindWarning, match="gradient is zero"):
        np.testing.assert_array_equal(tape.gradient(loss, w), [0.0, 0.0])
    with pytest.raises(rewind.RewindError, match="is not watched"):
        tape.gradient(loss, unwatched, unconnected_gradients="error")


def test_variables_are_not_watched_when_asked_not_to():
    v = rewind.Variable(np.array([1.0]))
    with rewind.GradientTape(watch_accessed_variables=False) as tape:
        loss = (v * v).sum()
    with pytest.warns(rewind.RewindWarning, match="not watched"):
        assert tape.gradient(loss, v, unconnected_gradients="none") is None


def test_target_computed_outside_the_tape():
    v = rewind.Variable(np.array([1.0]))
    loss = (v * v).sum()
    with rewind.GradientTape() as tape:
        pass
    with pytest.warns(rewind.RewindWarning, match="target was not computed"):
        assert tape.gradient(loss, v, unconnected_gradients="none") is None
