"""Central differences for the Python tests' gradient checks."""

import numpy as np

import rewind


def fd_gradient(f, values, i, h=1e-6):
    """Central differences of float(f(*values)) with respect to values[i]
    (numpy arrays; f may be numpy code or rewind code run eagerly)."""
    base = [np.array(v, dtype=np.float64) for v in values]
    grad = np.zeros_like(base[i])
    for k in np.ndindex(base[i].shape):
        plus = [v.copy() for v in base]
        minus = [v.copy() for v in base]
        plus[i][k] += h
        minus[i][k] -= h
        grad[k] = (float(f(*plus)) - float(f(*minus))) / (2 * h)
    return grad


def check_tape_gradients(f, values, rtol=1e-6, atol=1e-8):
    """f(*rewind arrays) -> scalar Array: the gradients a GradientTape gives
    for every input against central differences of f run eagerly."""
    sources = [rewind.Variable(v) for v in values]
    with rewind.GradientTape() as tape:
        loss = f(*sources)
    grads = tape.gradient(loss, sources)
    eager = lambda *v: f(*map(rewind.array, v))  # noqa: E731
    for i, grad in enumerate(grads):
        np.testing.assert_allclose(grad, fd_gradient(eager, values, i),
                                   rtol=rtol, atol=atol,
                                   err_msg=f"source {i}")
