"""Programs a TensorFlow/JAX user wrote against rewind without knowing its
internals (an outside look at issue 9): each case once gave a wrong or
missing gradient, a crash or a misleading message. Gradients are checked
against central differences or analytic values."""

import math
import warnings

import numpy as np
import pytest

import rewind
from rewind import nn
from gradcheck import check_tape_gradients, fd_gradient


def test_integer_array_times_float_promotes_like_numpy():
    i = rewind.array(np.arange(1, 4))
    assert (i * 0.5).dtype == np.float64
    np.testing.assert_allclose((i * 0.5).numpy(), [0.5, 1.0, 1.5])
    value, grad = rewind.value_and_grad(
        lambda w: (rewind.array(np.arange(1, 4)) * 0.5 * w).sum())(2.0)
    assert value == pytest.approx(6.0) and grad == pytest.approx(3.0)
    # Strong numpy arrays promote too; bools meet ints.
    x32 = rewind.array(np.ones(2, np.float32))
    assert (x32 * np.ones(2)).dtype == np.float64
    assert (x32 * 2.0).dtype == np.float32
    assert (rewind.array(np.array([True, False])) + 1).dtype == np.int64


def test_loop_counter_times_a_step():
    # t = i * dt inside a fori_loop body: the time must not truncate to 0.
    def f(y0, k):
        return rewind.fori_loop(
            0, 4, lambda i, y: y + k * (i * 0.1) * y, y0).sum()
    check_tape_gradients(f, [np.array([1.0, 2.0]), np.array(0.7)])


def test_values_leaving_the_tape_warn_and_traced_bodies_raise():
    x = rewind.Variable(np.array([0.5, -1.0]))
    with rewind.GradientTape():
        y = x * 2.0
        for escape in (lambda: float(y[0]), lambda: y.numpy(),
                       lambda: math.exp(y[0]), lambda: y[0].item()):
            with pytest.warns(rewind.RewindWarning,
                              match=r"at test_outside_look.py:\d+: the value leaves the tape"):
                escape()
    table = np.arange(5.0)
    for body in (lambda i, acc: acc + float(i),
                 lambda i, acc: acc + table[i],
                 lambda i, acc: acc + np.asarray(i)):
        with pytest.raises(TypeError, match="fori_loop/while_loop body"):
            rewind.grad(lambda a: rewind.fori_loop(0, 3, body, a))(1.0)


def test_variable_assigned_before_gradient_keeps_recorded_value():
    w = rewind.Variable(np.array([1.0, 2.0]))
    with rewind.GradientTape() as tape:
        loss = (w ** 3).sum()
    w.assign(np.array([0.5, 1.0]))
    np.testing.assert_allclose(tape.gradient(loss, w), [3.0, 12.0])


@pytest.mark.parametrize("size,kernel,stride", [(8, 3, 2), (7, 3, 2),
                                                (8, 4, 3), (5, 2, 1)])
def test_same_padding_is_tensorflows(size, kernel, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    rng = np.random.default_rng(size * kernel + stride)
    x = rng.normal(size=(1, size, size, 2))
    w = rng.normal(size=(kernel, kernel, 2, 3))
    padded = np.pad(x, [(0, 0), (total // 2, total - total // 2),
                        (total // 2, total - total // 2), (0, 0)])
    expected = nn.conv2d(padded, w, stride=stride).numpy()
    got = nn.conv2d(x, w, stride=stride, padding="same").numpy()
    assert got.shape == (1, out, out, 3)
    np.testing.assert_allclose(got, expected)
    pooled = nn.max_pool(x, kernel, stride, padding="same")
    assert pooled.shape == (1, out, out, 2)


def test_loop_carry_initial_value_gets_its_gradient():
    check_tape_gradients(
        lambda y0: (rewind.fori_loop(0, 3, lambda i, y: y * 0.5 + rewind.sin(y),
                                     y0) ** 2).sum(), [np.array([1.0, 2.0])])
    check_tape_gradients(
        lambda y0: rewind.while_loop(lambda y: y.sum() < 10.0,
                                     lambda y: y * 2.0, y0).sum(),
        [np.array([1.0, 2.0])])


def test_at_add_differentiates_the_added_values():
    idx = np.array([0, 2, 2])
    check_tape_gradients(
        lambda x, v: rewind.sin(x.at[idx].add(v)).sum(),
        [np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.array([1.0, 2.0, 3.0])])


def test_indexing_with_the_loop_counter():
    def f(a):
        return rewind.fori_loop(
            0, 5, lambda i, acc: acc * 0.5 + rewind.sin(a[i]), rewind.array(0.0))
    a = np.arange(5.0)
    np.testing.assert_allclose(rewind.grad(f)(a),
                               0.5 ** (4 - np.arange(5)) * np.cos(a))


def test_math_on_integers_and_unsigned_labels():
    np.testing.assert_allclose(np.sqrt(rewind.array(np.array([1, 4, 9]))).numpy(),
                               [1, 2, 3])
    logits = np.random.default_rng(0).normal(size=(4, 3))
    labels = np.array([1, 0, 2, 1], np.uint8)
    check_tape_gradients(lambda z: nn.cross_entropy(z, labels), [logits])
    assert (-rewind.array(np.array([1, 2]))).numpy().tolist() == [-1, -2]


def test_negative_transpose_axes():
    check_tape_gradients(
        lambda x: (np.transpose(x, (-1, 0, -2)) * np.arange(24.0).reshape(
            4, 2, 3)).sum(), [np.ones((2, 3, 4))])


def test_grad_composes_with_grad_and_function():
    f = lambda x: rewind.sin(x) * x  # noqa: E731
    assert rewind.grad(rewind.grad(f))(1.5) == pytest.approx(
        2 * np.cos(1.5) - 1.5 * np.sin(1.5))

    def loss(w, x):
        return (rewind.tanh(x @ w) ** 2).sum()
    w, x = np.array([0.1, -0.2, 0.3]), np.arange(6.0).reshape(2, 3) / 6
    np.testing.assert_allclose(rewind.function(rewind.grad(loss))(w, x),
                               rewind.grad(loss)(w, x), rtol=1e-12)
    np.testing.assert_allclose(rewind.grad(loss)(w, x),
                               fd_gradient(lambda v: ((np.tanh(x @ v)) ** 2).sum(),
                                           [w], 0), rtol=1e-6)


def test_watching_a_dict_inside_function():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    params = {"W": rng.normal(size=(4, 3)), "b": np.zeros(3)}

    @rewind.function
    def step(p, x, labels):
        with rewind.GradientTape() as tape:
            tape.watch(p)
            loss = nn.cross_entropy(x @ p["W"] + p["b"], labels)
        return loss, tape.gradient(loss, p)

    _, grads = step(params, X, y)
    expected = rewind.grad(
        lambda q: nn.cross_entropy(X @ q["W"] + q["b"], y))(params)
    for k in params:
        np.testing.assert_allclose(grads[k], expected[k], rtol=1e-12)


def test_missing_gradient_names_the_argument_and_the_users_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rewind.grad(lambda x, y: (x * x).sum(), argnums=(0, 1))(
            np.ones(2), np.ones(2))
    [warning] = [w for w in caught if w.category is rewind.RewindWarning]
    assert "argument 1 is not used by <lambda>" in str(warning.message)
    assert warning.filename == __file__


def test_methods_and_numpy_functions_users_reach_for():
    x0 = np.random.default_rng(1).normal(size=(3, 4)) + 2.0
    cases = [
        lambda x: x.transpose(1, 0)[0].sum() + x.transpose((1, 0))[1].sum(),
        lambda x: (x.ravel() * np.arange(12.0)).sum() + x.flatten()[3],
        lambda x: x.reshape(1, 3, 4).squeeze(0).var() + x.std(axis=1).sum(),
        lambda x: abs(x - 2.0).sum() + (2.0 ** x).sum() + (x ** x).sum(),
        lambda x: np.var(x, axis=0, ddof=1).sum() + np.std(x),
        lambda x: (np.swapaxes(x, 0, 1) * np.arange(12.0).reshape(4, 3)).sum(),
        lambda x: (np.moveaxis(x[None], 0, -1)[..., 0] * x).sum(),
        lambda x: (np.flip(x, 1) * np.arange(12.0).reshape(3, 4)).sum(),
        lambda x: (np.pad(x, 1, constant_values=0.5) ** 2).sum(),
        lambda x: np.linalg.norm(x) + np.linalg.norm(x, axis=1).sum(),
        lambda x: (np.broadcast_to(x[0], (3, 4)) * x).sum(),
    ]
    for k, f in enumerate(cases):
        check_tape_gradients(f, [x0], rtol=1e-5, atol=1e-7)


def test_relu_has_derivative_zero_at_zero():
    check_tape_gradients(lambda x: nn.relu(x).sum(), [np.array([-1.0, 2.0])])
    assert rewind.grad(lambda x: nn.relu(x).sum())(np.array([0.0]))[0] == 0.0


def test_unrecorded_numpy_function_hint_names_no_missing_function():
    x = rewind.Variable(np.ones(3))
    with rewind.GradientTape():
        with pytest.raises(TypeError, match="write it with rewind operations"):
            np.cumprod(x * 1.0)
        with pytest.raises(TypeError, match="use rewind.nn.softmax"):
            raise rewind.numpy_api._escape("softmax")


def test_value_and_grad_with_auxiliary_outputs():
    def loss(w, x):
        z = x @ w
        return (z * z).sum(), {"z": z, "n": 2}
    w, x = np.array([1.0, -2.0]), np.arange(6.0).reshape(3, 2)
    (value, aux), g = rewind.value_and_grad(loss, has_aux=True)(w, x)
    np.testing.assert_allclose(aux["z"], x @ w)
    assert aux["n"] == 2 and value == pytest.approx(((x @ w) ** 2).sum())
    np.testing.assert_allclose(g, 2 * x.T @ (x @ w))
    g2, aux2 = rewind.grad(loss, has_aux=True)(w, x)
    np.testing.assert_allclose(g2, g)
    with pytest.raises(TypeError, match="has_aux=True"):
        rewind.grad(loss)(w, x)


def test_cross_entropy_with_one_hot_and_soft_labels():
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    hard = nn.cross_entropy(logits, labels).numpy()
    one_hot = np.eye(4)[labels]
    assert nn.cross_entropy(logits, one_hot).numpy() == pytest.approx(hard)
    soft = rng.dirichlet(np.ones(4), size=5)
    check_tape_gradients(lambda z, p: nn.cross_entropy(z, p), [logits, soft])
