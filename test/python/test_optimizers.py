"""Structures of parameters (rewind.tree) and the optimizers."""

import numpy as np
import pytest

import rewind


def test_gradients_come_back_in_the_structure_of_the_sources():
    w = rewind.Variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    b = rewind.Variable(np.array([0.5, -0.5]))
    s = rewind.Variable(np.array(2.0))
    params = {"layer": [w, b], "scale": (s,)}
    x = rewind.array(np.array([1.0, -1.0]))
    with rewind.GradientTape() as tape:
        loss = ((x @ w + b) * s).sum()
    grads = tape.gradient(loss, params)
    assert set(grads) == {"layer", "scale"} and isinstance(grads["scale"], tuple)
    assert np.allclose(grads["layer"][0], [[2.0, 2.0], [-2.0, -2.0]])
    assert np.allclose(grads["layer"][1], [2.0, 2.0])
    assert np.isclose(grads["scale"][0], float(((x @ w + b)).sum()))
    # Functional form: a dict argument gives a dict gradient.
    g = rewind.grad(lambda p, x: ((x @ p["w"]) ** 2).sum())(
        {"w": w.numpy()}, x.numpy())
    assert np.allclose(g["w"], np.outer(x.numpy(), 2 * (x.numpy() @ w.numpy())))
    # Missing gradients are named by their path.
    unused = rewind.Variable(np.ones(2))
    with rewind.GradientTape() as tape:
        loss = (w * 2.0).sum()
    with pytest.warns(rewind.RewindWarning, match=r"sources\['extra'\]\[1\]"):
        tape.gradient(loss, {"w": w, "extra": [w, unused]})


def _reference(kind, p, grads, **options):
    """The optimizers' updates written out, for comparison."""
    m = v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        if kind == "sgd":
            m = options["momentum"] * m + g
            p = p - options["lr"] * m
        else:
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            p = p - options["lr"] * (m / (1 - 0.9 ** t)) / (
                np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return p


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_optimizers_update_in_place(kind):
    rng = np.random.default_rng(2)
    start = {"w": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    params = {"w": rewind.Variable(start["w"]), "b": start["b"].copy()}  # numpy too
    opt = (rewind.optimizers.SGD(0.1, momentum=0.9) if kind == "sgd"
           else rewind.optimizers.Adam(0.05))
    history = {"w": [], "b": []}
    x = rewind.array(rng.normal(size=(4, 3)))
    for _ in range(3):
        b = rewind.Variable(params["b"])
        with rewind.GradientTape() as tape:
            loss = rewind.tanh(x @ params["w"] + b).sum()
        gw, gb = tape.gradient(loss, [params["w"], b])
        history["w"].append(np.asarray(gw))
        history["b"].append(np.asarray(gb))
        opt.update(params, {"w": gw, "b": gb})
    options = {"lr": 0.1, "momentum": 0.9} if kind == "sgd" else {"lr": 0.05}
    assert np.allclose(params["w"].numpy(),
                       _reference(kind, start["w"], history["w"], **options))
    assert np.allclose(params["b"], _reference(kind, start["b"], history["b"], **options))
    with pytest.raises(ValueError, match="structures differ"):
        opt.update(params, [np.zeros((3, 2))])
