"""Forward mode from Python: rewind.jvp, rewind.hvp, rewind.hessian and
rewind.jacobian's choice of mode, on compiled MLIR functions and on Python
functions of rewind arrays; every derivative against central differences
(or reverse mode, the dot-product test)."""

import numpy as np
import pytest

import rewind

SOURCE = """
func.func @f(%x: tensor<3xf64>, %y: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f64
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f64) {
    %e = tensor.extract %x[%i] : tensor<3xf64>
    %p = arith.mulf %e, %y : f64
    %s = math.sin %p : f64
    %a = arith.addf %acc, %s : f64
    scf.yield %a : f64
  }
  %q = arith.mulf %r, %r : f64
  return %q : f64
}

func.func @several(%x: tensor<2xf64>, %k: i64) -> (tensor<2xf64>, i64, f64) {
  %e = tensor.empty() : tensor<2xf64>
  %t = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<2xf64>) outs(%e : tensor<2xf64>) {
  ^bb0(%v: f64, %o: f64):
    %r = math.tanh %v : f64
    linalg.yield %r : f64
  } -> tensor<2xf64>
  %c0 = arith.constant 0 : index
  %a = tensor.extract %x[%c0] : tensor<2xf64>
  %s = arith.mulf %a, %a : f64
  return %t, %k, %s : tensor<2xf64>, i64, f64
}
"""

X = np.array([1.0, 2.0, 3.0])
Y = 0.5
V = np.array([0.3, -1.0, 2.0])
VY = 1.5


def f_numpy(x, y):
    return np.sum(np.sin(x * y)) ** 2


def f_rewind(x, y):
    return rewind.sin(x * y).sum() ** 2


def fd_directional(f, primals, tangents, h=1e-6):
    plus = [p + h * t for p, t in zip(primals, tangents)]
    minus = [p - h * t for p, t in zip(primals, tangents)]
    return (np.asarray(f(*plus)) - np.asarray(f(*minus))) / (2 * h)


def fd_grad(x, y):
    g = np.zeros(3)
    for k in range(3):
        e = np.zeros(3)
        e[k] = 1e-6
        g[k] = (f_numpy(x + e, y) - f_numpy(x - e, y)) / 2e-6
    gy = (f_numpy(x, y + 1e-6) - f_numpy(x, y - 1e-6)) / 2e-6
    return g, gy


@pytest.fixture(scope="module")
def module():
    return rewind.compile(SOURCE)


@pytest.mark.parametrize("kind", ["compiled", "python"])
def test_jvp_matches_finite_differences_and_reverse_mode(module, kind):
    fun = module.f if kind == "compiled" else f_rewind
    value, tangent = rewind.jvp(fun, (X, Y), (V, VY))
    assert value == pytest.approx(f_numpy(X, Y), rel=1e-12)
    assert tangent == pytest.approx(
        fd_directional(f_numpy, (X, Y), (V, VY)), rel=1e-7)
    gx, gy = rewind.grad(module.f, argnums=(0, 1))(X, Y)
    assert tangent == pytest.approx(np.dot(gx, V) + gy * VY, rel=1e-12)


@pytest.mark.parametrize("kind", ["compiled", "python"])
def test_jvp_holds_primals_without_a_tangent_constant(module, kind):
    fun = module.f if kind == "compiled" else f_rewind
    _, tangent = rewind.jvp(fun, (X, Y), (None, 1.0))
    assert tangent == pytest.approx(fd_grad(X, Y)[1], rel=1e-7)


def test_jvp_of_several_results(module):
    x = np.array([0.3, -0.7])
    values, tangents = rewind.jvp(module.several, (x, 4), (np.array([1.0, 2.0]), None))
    np.testing.assert_allclose(values[0], np.tanh(x))
    assert values[1] == 4
    np.testing.assert_allclose(tangents[0], (1 - np.tanh(x) ** 2) * [1.0, 2.0],
                               rtol=1e-12)
    assert tangents[1] is None
    assert tangents[2] == pytest.approx(2 * x[0] * 1.0)


@pytest.mark.parametrize("kind", ["compiled", "python"])
def test_hvp_matches_finite_differences_of_the_gradient(module, kind):
    fun = module.f if kind == "compiled" else f_rewind
    hx, hy = rewind.hvp(fun, (X, Y), (V, VY))
    # Central differences of the (reverse-mode) gradient along v.
    grad = rewind.grad(module.f, argnums=(0, 1))
    h = 1e-6
    gp = grad(X + h * V, Y + h * VY)
    gm = grad(X - h * V, Y - h * VY)
    np.testing.assert_allclose(hx, (gp[0] - gm[0]) / (2 * h), rtol=1e-6)
    assert hy == pytest.approx((gp[1] - gm[1]) / (2 * h), rel=1e-6)
    # H v is linear in v: no tangent for y is the same as a zero one.
    hx0, _ = rewind.hvp(fun, (X, Y), (V, None))
    hx1, _ = rewind.hvp(fun, (X, Y), (V, 0.0))
    np.testing.assert_allclose(hx0, hx1, rtol=1e-12)


def test_hessians_are_symmetric_and_agree(module):
    compiled = rewind.hessian(module.f, 0)(X, Y)
    recorded = rewind.hessian(f_rewind, 0)(X, Y)
    np.testing.assert_allclose(compiled, compiled.T, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(compiled, recorded, rtol=1e-10, atol=1e-12)
    # Against central differences of the (reverse-mode) gradient.
    grad = rewind.grad(module.f)
    h = 1e-6
    for k in range(3):
        e = np.zeros(3)
        e[k] = h
        column = (grad(X + e, Y) - grad(X - e, Y)) / (2 * h)
        np.testing.assert_allclose(compiled[:, k], column, rtol=1e-6,
                                   atol=1e-8)


def test_jacobian_forward_and_reverse_agree():
    x = np.array([0.2, -0.4])

    def wide(x):  # 2 inputs, 6 outputs: forward mode by default
        return rewind.concatenate([rewind.sin(x), x * x, rewind.exp(x)])

    auto = rewind.jacobian(wide)(x)
    forward = rewind.jacobian(wide, mode="forward")(x)
    reverse = rewind.jacobian(wide, mode="reverse")(x)
    expected = np.concatenate([np.diag(np.cos(x)), np.diag(2 * x),
                               np.diag(np.exp(x))])
    for jac in (auto, forward, reverse):
        np.testing.assert_allclose(jac, expected, rtol=1e-12, atol=1e-15)


def test_bad_tangents_say_what_is_wrong(module):
    with pytest.raises(TypeError, match="one tangent per primal"):
        rewind.jvp(module.f, (X, Y), (V,))
    with pytest.raises(ValueError, match="the tangent of primal 0 has shape"):
        rewind.jvp(module.f, (X, Y), (np.ones(2), None))
    with pytest.raises(TypeError, match="primal 1 has dtype int64"):
        rewind.jvp(module.several, (np.ones(2), 3), (None, 1))
