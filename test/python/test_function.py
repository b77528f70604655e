"""rewind.function: traced once per signature, compiled code after."""

import numpy as np
import pytest

import rewind
from rewind import nn


def test_traced_once_per_signature_and_equal_to_eager():
    calls = []

    @rewind.function
    def f(x, w):
        calls.append(1)
        return rewind.tanh(x @ w).sum(axis=0), (x * 2.0).max()

    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(5, 3)), rng.normal(size=(3, 2))
    for _ in range(3):
        x = x + 0.1
        s, m = f(x, w)
        assert np.allclose(s, np.tanh(x @ w).sum(axis=0))
        assert np.isclose(m, (x * 2.0).max())
    assert len(calls) == 1 and len(f.traces) == 1
    f(rng.normal(size=(4, 3)), w)             # another shape: a new trace
    f(x.astype(np.float32), w.astype(np.float32))  # another dtype too
    assert len(f.traces) == 3


def test_static_arguments_and_captured_variables():
    scale = rewind.Variable(np.array(2.0))

    @rewind.function(static_argnums=1)
    def f(x, power):
        return (x ** power).sum() * scale

    x = np.array([1.0, 2.0])
    assert np.isclose(f(x, 2), 10.0) and np.isclose(f(x, 3), 18.0)
    scale.assign(3.0)                  # read at each call, not baked in
    assert np.isclose(f(x, 2), 15.0)
    assert len(f.traces) == 2


def test_a_training_step_with_a_tape_inside():
    rng = np.random.default_rng(1)
    params = {"w": rewind.Variable(rng.normal(size=(4, 3)) * 0.1),
              "b": rewind.Variable(np.zeros(3))}

    @rewind.function
    def step(x, labels):
        with rewind.GradientTape() as tape:
            loss = nn.cross_entropy(x @ params["w"] + params["b"], labels)
        return loss, tape.gradient(loss, params)

    x = rng.normal(size=(8, 4))
    for labels in (np.array([0, 1, 2, 0, 1, 2, 0, 1]), np.zeros(8, np.int64)):
        loss, grads = step(x, labels)
        with rewind.GradientTape() as tape:
            eager = nn.cross_entropy(rewind.array(x) @ params["w"] + params["b"],
                                     labels)
        expected = tape.gradient(eager, params)
        assert np.isclose(loss, float(eager))
        assert np.allclose(grads["w"], expected["w"])
        assert np.allclose(grads["b"], expected["b"])
    assert len(step.traces) == 1   # the labels are an argument, not baked


def test_value_dependent_python_raises_while_tracing():
    @rewind.function
    def uses_float(x):
        return x * float(x.sum())

    @rewind.function
    def branches(x):
        if x.sum() > 0:
            return x
        return -x

    @rewind.function
    def masks(x):
        return x[x > 0].sum()

    @rewind.function
    def leaves(x):
        return rewind.array(np.log(np.asarray(x)))

    x = np.array([1.0, -2.0])
    with pytest.raises(TypeError, match=r"float\(\) of a traced array inside "
                                        r"rewind\.function"):
        uses_float(x)
    with pytest.raises(TypeError, match="rewind.cond"):
        branches(x)
    with pytest.raises(TypeError, match="boolean mask"):
        masks(x)
    with pytest.raises(TypeError, match="converting to numpy a traced array"):
        leaves(x)


def test_differentiating_a_traced_function_records_it():
    @rewind.function
    def f(x):
        return (rewind.sin(x) * x).sum()

    x = np.array([0.3, 1.2])
    g = rewind.grad(f)(x)
    assert np.allclose(g, np.cos(x) * x + np.sin(x))
