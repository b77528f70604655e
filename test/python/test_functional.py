"""rewind's Python API: compile, call, grad, value_and_grad, vjp, jacobian,
checked against finite differences and analytic values."""

import warnings

import numpy as np
import pytest

import rewind
from gradcheck import fd_gradient

SCALAR = """
func.func @f(%x: f64, %y: f64) -> f64 {
  %0 = arith.mulf %x, %y : f64
  %1 = math.sin %0 : f64
  %2 = arith.addf %1, %x : f64
  return %2 : f64
}
func.func @cut(%x: f64, %y: f64, %z: f64) -> f64 {
  %i = arith.fptosi %y : f64 to i64
  %yi = arith.sitofp %i : i64 to f64
  %r = arith.mulf %x, %yi : f64
  return %r : f64
}
func.func @power(%x: f32, %n: i32) -> f32 {
  %r = math.fpowi %x, %n : f32, i32
  return %r : f32
}
"""

TENSOR = """
#m = affine_map<(d0, d1) -> (d0, d1)>
#c = affine_map<(d0, d1) -> (d1)>
#s = affine_map<(d0, d1) -> ()>
func.func @loss(%w: tensor<?x?xf64>, %b: tensor<?xf64>) -> f64 {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#m, #c, #s], iterator_types = ["reduction", "reduction"]}
      ins(%w, %b : tensor<?x?xf64>, tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%a: f64, %c: f64, %acc: f64):
    %p = arith.addf %a, %c : f64
    %t = math.tanh %p : f64
    %q = arith.mulf %t, %t : f64
    %r = arith.addf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
func.func @square(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = arith.mulf %x, %x : tensor<?xf64>
  return %r : tensor<?xf64>
}
func.func @scale32(%x: tensor<3xf32>, %s: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %a = tensor.extract %x[%c0] : tensor<3xf32>
  %b = tensor.extract %x[%c2] : tensor<3xf32>
  %p = arith.mulf %a, %b : f32
  %r = arith.mulf %p, %s : f32
  return %r : f32
}
"""


def finite_difference(f, args, position, h=1e-6):
    """Central differences of scalar f with respect to args[position]."""
    x = np.array(args[position], dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        up = list(args); up[position] = plus if x.ndim else float(plus)
        down = list(args); down[position] = minus if x.ndim else float(minus)
        grad[index] = (f(*up) - f(*down)) / (2 * h)
    return grad


@pytest.fixture(scope="module")
def scalar():
    return rewind.compile(SCALAR, "scalar.mlir")


@pytest.fixture(scope="module")
def tensor():
    return rewind.compile(TENSOR, "tensor.mlir")


def test_call_and_grad_scalar(scalar):
    assert scalar.f(1.5, 2.0) == pytest.approx(np.sin(3.0) + 1.5)
    dx, dy = rewind.grad(scalar.f, argnums=(0, 1))(1.5, 2.0)
    assert dx == pytest.approx(2.0 * np.cos(3.0) + 1.0, rel=1e-14)
    assert dy == pytest.approx(1.5 * np.cos(3.0), rel=1e-14)
    assert rewind.grad(scalar.f)(1.5, 2.0) == pytest.approx(dx)


def test_value_and_grad_matches_finite_differences(tensor):
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=(3, 5)), rng.normal(size=5)
    value, (dw, db) = rewind.value_and_grad(tensor.loss, argnums=(0, 1))(w, b)
    assert value == pytest.approx(np.sum(np.tanh(w + b) ** 2), rel=1e-13)
    assert dw.shape == w.shape and db.shape == b.shape
    np.testing.assert_allclose(dw, finite_difference(tensor.loss, [w, b], 0),
                               rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, finite_difference(tensor.loss, [w, b], 1),
                               rtol=1e-6, atol=1e-8)


def test_inputs_are_never_modified_and_strides_are_honoured(tensor):
    rng = np.random.default_rng(1)
    big = rng.normal(size=(6, 10))
    w = big[::2, ::2]  # a non-contiguous view
    b = rng.normal(size=5)
    w_before, b_before = w.copy(), b.copy()
    dw = rewind.grad(tensor.loss)(w, b)
    np.testing.assert_array_equal(w, w_before)
    np.testing.assert_array_equal(b, b_before)
    np.testing.assert_allclose(
        dw, rewind.grad(tensor.loss)(np.ascontiguousarray(w), b), rtol=0)


def test_results_are_arrays_of_their_own():
    # Results and gradients are numpy arrays that own their buffers (handed
    # over from compiled code without a copy): writable, independent of
    # each other, of the arguments and of later calls, alive after the
    # module is gone.
    module = rewind.compile(TENSOR, "results.mlir")
    x = np.array([1.0, -2.0, 0.5])
    first, second = module.square(x), module.square(2 * x)
    assert first.flags.writeable and first.flags.c_contiguous
    first += 1.0
    np.testing.assert_array_equal(first, x * x + 1.0)
    np.testing.assert_array_equal(second, 4 * x * x)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])
    w, b = np.ones((2, 3)), np.zeros(3)
    dw, db = rewind.grad(module.loss, argnums=(0, 1))(w, b)
    dw *= 0.0
    np.testing.assert_allclose(
        db, rewind.grad(module.loss, argnums=1)(w, b), rtol=0)
    del module
    import gc
    gc.collect()
    assert db.sum() == pytest.approx(2 * 3 * 2 * np.tanh(1.0) / np.cosh(1.0) ** 2)


def test_vjp_and_jacobian(tensor):
    x = np.array([1.0, -2.0, 0.5])
    out, pullback = rewind.vjp(tensor.square, x)
    np.testing.assert_allclose(out, x * x)
    (dx,) = pullback(np.array([1.0, 10.0, 100.0]))
    np.testing.assert_allclose(dx, 2 * x * np.array([1.0, 10.0, 100.0]))
    np.testing.assert_allclose(rewind.jacobian(tensor.square)(x),
                               np.diag(2 * x))


def test_float32_and_integer_arguments(scalar, tensor):
    x = np.array([2.0, 3.0, 4.0], dtype=np.float32)
    value, (dx, ds) = rewind.value_and_grad(tensor.scale32, argnums=(0, 1))(x, 0.5)
    assert value == pytest.approx(4.0)
    assert dx.dtype == np.float32
    np.testing.assert_allclose(dx, [2.0, 0.0, 1.0])
    assert ds == pytest.approx(8.0)
    assert rewind.grad(scalar.power)(1.5, 3) == pytest.approx(3 * 1.5**2, rel=1e-6)


def test_disconnected_argument_warns_with_the_reason(scalar):
    with pytest.warns(rewind.RewindWarning, match="argument #1 is always zero: its only path to the result goes through 'arith.fptosi' at scalar.mlir:9:8"):
        grads = rewind.grad(scalar.cut, argnums=(0, 1, 2))(1.5, 2.7, 3.0)
    assert grads == (2.0, 0.0, 0.0)
    with pytest.raises(rewind.RewindError, match="argument #2 is always zero: it is unused"):
        rewind.grad(scalar.cut, argnums=2, unconnected="error")(1.5, 2.7, 3.0)


def test_errors_are_exceptions_with_messages(scalar, tensor):
    with pytest.raises(TypeError, match="expected 2 arguments, got 1"):
        scalar.f(1.0)
    with pytest.raises(TypeError, match="must have dtype float64, got float32"):
        tensor.loss(np.ones((2, 2), dtype=np.float32), np.ones(2))
    with pytest.raises(ValueError, match="must have 1 dimensions, got 2"):
        tensor.loss(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(rewind.RewindError, match="bad.mlir:1:1"):
        rewind.compile("this is not mlir", "bad.mlir").f(1.0)
    with pytest.raises(rewind.RewindError, match="no function named '@missing'"):
        scalar.missing(1.0)
    with pytest.raises(rewind.RewindError, match="one floating-point scalar"):
        rewind.grad(tensor.square)(np.ones(3))


def test_each_program_compiles_once():
    module = rewind.compile(SCALAR + "// training-loop variant\n")
    before = rewind.compilations()
    for step in range(20):
        # A training loop recompiling the same program text each step.
        again = rewind.compile(SCALAR + "// training-loop variant\n")
        rewind.grad(again.f)(1.5, float(step))
    assert rewind.compilations() == before + 1


WRITES = """
func.func @bump(%x: tensor<3xf64>) -> tensor<3xf64> {
  %c0 = arith.constant 0 : index
  %v = arith.constant 9.0 : f64
  %y = tensor.insert %v into %x[%c0] : tensor<3xf64>
  return %y : tensor<3xf64>
}
func.func @same(%x: tensor<3xf64>) -> tensor<3xf64> {
  return %x : tensor<3xf64>
}
"""


def test_functions_that_write_into_arguments_leave_the_callers_array_alone():
    module = rewind.compile(WRITES)
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(module.bump(x), [9.0, 2.0, 3.0])
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    # A result that is the argument itself comes back as a fresh array.
    y = module.same(x)
    y[0] = 5.0
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


LOOP = """
func.func @power(%x: f64, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> f64 {
    %s = math.sin %a : f64
    scf.yield %s : f64
  }
  return %r : f64
}
"""


def test_run_time_errors_are_exceptions_and_the_process_survives():
    # A tape of 2^65 bytes: the size overflows; the call fails cleanly.
    m = rewind.compile(LOOP, name="loop.mlir")
    with pytest.raises(rewind.RewindError, match=r"the tape of the scf\.for "
                       r"at loop\.mlir:5:8 would need more than 2\^63 bytes"):
        rewind.grad(m.power)(0.5, 2**62)
    # A tape limit: 8 bytes an iteration.
    limited = rewind.compile(LOOP, name="loop.mlir", max_tape_bytes=800)
    with pytest.raises(rewind.RewindError, match="exceeds its limit of 800"):
        rewind.grad(limited.power)(0.5, 101)
    # Within the limit, and after the failures, calls work.
    g = rewind.grad(limited.power)(0.5, 100)
    h = 1e-6
    fd = (limited.power(0.5 + h, 100) - limited.power(0.5 - h, 100)) / (2 * h)
    assert abs(g - fd) < 1e-6
    with pytest.raises(ValueError):
        rewind.compile(LOOP, max_tape_bytes=-1)


def test_a_tape_budget_keeps_the_tape_under_a_hard_limit():
    # 5000 iterations of 8 bytes: 40 KB of tape, over a 1000-byte limit;
    # with a 1000-byte budget the loop is checkpointed and fits the limit.
    plain = rewind.compile(LOOP, max_tape_bytes=1000)
    with pytest.raises(rewind.RewindError, match="exceeds its limit of 1000"):
        rewind.grad(plain.power)(0.5, 5000)
    budgeted = rewind.compile(LOOP, max_tape_bytes=1000, tape_budget=1000)
    g = rewind.grad(budgeted.power)(0.5, 5000)
    assert abs(g - rewind.grad(rewind.compile(LOOP).power)(0.5, 5000)) <= 1e-12 * abs(g)
    h = 1e-6
    fd = (plain.power(0.5 + h, 5000) - plain.power(0.5 - h, 5000)) / (2 * h)
    assert abs(g - fd) < 1e-6 * abs(fd)
    for bad in (0, -5, 1.5, True):
        with pytest.raises(ValueError, match="tape_budget"):
            rewind.compile(LOOP, tape_budget=bad)


def test_a_gradient_tape_with_a_budget_checkpoints_recorded_loops():
    def run(budget):
        w = rewind.Variable(np.array([0.3, -0.2]))
        with rewind.GradientTape(tape_budget=budget) as tape:
            y = rewind.fori_loop(0, 3000, lambda i, y: y + 0.001 * np.sin(y * w),
                                 w + 1.0)
            loss = (y * y).sum()
        return tape.gradient(loss, w)
    plain, budgeted = run(None), run(512)
    assert np.allclose(plain, budgeted, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="tape_budget"):
        rewind.GradientTape(tape_budget=-1)


ROWS = """
func.func @loss(%x: tensor<?x?xf64>, %w: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  %y = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%z : tensor<?xf64>) -> tensor<?xf64>
  %t = math.tanh %y : tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %s0 = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %s = linalg.reduce ins(%t : tensor<?xf64>) outs(%s0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %acc, %in : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %s[] : tensor<f64>
  return %r : f64
}
"""


def test_threads_run_the_same_program_on_every_core():
    # 500 x 200: large enough for the matrix-vector product to be split.
    rng = np.random.default_rng(0)
    x, w = rng.uniform(-1, 1, (500, 200)), rng.uniform(-1, 1, 200)
    serial = rewind.value_and_grad(rewind.compile(ROWS, threads=1).loss,
                                   argnums=1)(x, w)
    for threads in (None, 2, 3):
        parallel = rewind.compile(ROWS, threads=threads).loss
        first = rewind.value_and_grad(parallel, argnums=1)(x, w)
        again = rewind.value_and_grad(parallel, argnums=1)(x, w)
        assert first[0] == again[0] and np.array_equal(first[1], again[1])
        assert abs(first[0] - serial[0]) <= 1e-12 * abs(serial[0])
        assert np.allclose(first[1], serial[1], rtol=1e-12, atol=0)
    with rewind.GradientTape(threads=2) as tape:
        wv = rewind.Variable(w)
        loss = np.tanh(x @ wv).sum()
    assert np.allclose(tape.gradient(loss, wv), serial[1], rtol=1e-12, atol=0)
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="threads"):
            rewind.compile(ROWS, threads=bad)
        with pytest.raises(ValueError, match="threads"):
            rewind.GradientTape(threads=bad)


KINDS = """
func.func @half(%x: tensor<?xf16>, %y: bf16) -> f32 {
  %c0 = arith.constant 0 : index
  %a = tensor.extract %x[%c0] : tensor<?xf16>
  %a32 = arith.extf %a : f16 to f32
  %y32 = arith.extf %y : bf16 to f32
  %m = arith.mulf %a32, %y32 : f32
  return %m : f32
}
func.func @bf(%x: tensor<2xbf16>) -> tensor<2xbf16> {
  %r = arith.mulf %x, %x : tensor<2xbf16>
  return %r : tensor<2xbf16>
}
func.func @ints(%a: i64, %b: ui64, %c: i8) -> (i64, ui64, i8) {
  return %a, %b, %c : i64, ui64, i8
}
"""


def test_half_precision_and_exact_integers():
    m = rewind.compile(KINDS)
    x = np.array([0.5, 2.0], dtype=np.float16)
    value, (gx, gy) = rewind.value_and_grad(m.half, argnums=(0, 1))(x, 1.5)
    assert value == 0.75
    assert gx.dtype == np.float16 and list(gx) == [1.5, 0.0]
    assert gy == 0.5
    # numpy has no bfloat16: bf16 crosses as float32 (arguments rounded).
    r = m.bf(np.array([3.14159, 2.0], dtype=np.float32))
    assert r.dtype == np.float32 and r[0] == np.float32(9.875) and r[1] == 4.0
    # Integers are exact across the whole 64-bit range, and must fit.
    assert m.ints(2**63 - 1, 2**64 - 1, -128) == (2**63 - 1, 2**64 - 1, -128)
    assert m.ints(2**53 + 1, 0, 0)[0] == 2**53 + 1
    with pytest.raises(ValueError, match=r"2\*\*63|9223372036854775808 does "
                       r"not fit \(the range is \[-9223372036854775808, "
                       r"9223372036854775807\]\)"):
        m.ints(2**63, 0, 0)
    with pytest.raises(ValueError, match=r"-1 does not fit"):
        m.ints(0, -1, 0)
    with pytest.raises(ValueError, match=r"300 does not fit \(the range is "
                       r"\[-128, 127\]\)"):
        m.ints(0, 0, 300)


def test_run_time_errors_from_several_threads_stay_in_their_thread():
    import threading
    ok = rewind.compile(LOOP, name="ok.mlir", max_tape_bytes=8000)
    results, failures = [], []

    def work(steps):
        for _ in range(30):
            try:
                results.append((steps, rewind.grad(ok.power)(0.5, steps)))
            except rewind.RewindError as error:
                failures.append((steps, str(error)))

    threads = [threading.Thread(target=work, args=(steps,))
               for steps in (100, 2000, 1000, 5000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 8 bytes of tape an iteration: 100 and 1000 fit in 8000 bytes.
    assert sorted({s for s, _ in results}) == [100, 1000]
    assert sorted({s for s, _ in failures}) == [2000, 5000]
    assert len(results) == len(failures) == 60
    assert len({g for s, g in results if s == 1000}) == 1
    assert all("exceeds its limit of 8000 bytes" in e for _, e in failures)


NONFINITE = """
func.func @f(%x: f64, %y: f64) -> f64 {
  %a = arith.mulf %x, %y : f64
  %s = math.sqrt %a : f64
  return %s : f64
}
"""


def test_explain_nonfinite_names_the_first_op():
    m = rewind.compile(NONFINITE, name="nf.mlir", explain_nonfinite=True)
    # The primal: sqrt(-2), named with its operand.
    with pytest.warns(rewind.RewindWarning,
                      match=r"@f: the first NaN or infinity was 'math\.sqrt' "
                            r"at nf\.mlir:4:8, from operands -2"):
        value = m.f(-1.0, 2.0)
    assert np.isnan(value)
    # The adjoint: sqrt's derivative at 0 (the value is finite).
    with pytest.warns(rewind.RewindWarning,
                      match=r"'arith\.divf' of the adjoint of 'math\.sqrt' "
                            r"at nf\.mlir:4:8"):
        value, (dx, dy) = rewind.value_and_grad(m.f, (0, 1))(0.0, 2.0)
    assert value == 0.0 and np.isinf(dx)
    # All finite: no warning; without the option, none either.
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert abs(rewind.grad(m.f)(2.0, 2.0) - 0.5) < 1e-12
        plain = rewind.compile(NONFINITE, name="nf.mlir")
        assert np.isnan(plain.f(-1.0, 2.0))


def test_transforms_of_python_functions():
    """grad, value_and_grad, vjp, jacobian and hessian take plain Python
    functions of rewind arrays (numpy functions and rewind.nn inside),
    recorded at each call and compiled once."""
    rng = np.random.default_rng(5)
    W, X, b = rng.normal(size=(3, 2)), rng.normal(size=(4, 3)), rng.normal(size=2)
    labels = np.array([1, 0, 1, 1])

    def loss(w, x, b):
        return rewind.nn.cross_entropy(np.tanh(x @ w + b), labels)

    def numpy_loss(w, x, b):
        z = np.tanh(x @ w + b)
        return (np.log(np.exp(z).sum(-1)) - z[np.arange(4), labels]).mean()

    value, (dw, db) = rewind.value_and_grad(loss, (0, 2))(W, X, b)
    assert np.isclose(value, numpy_loss(W, X, b))
    for grad, i in ((dw, 0), (db, 2)):
        assert np.allclose(grad, fd_gradient(numpy_loss, [W, X, b], i), atol=1e-7)
    before = rewind.compilations()
    rewind.value_and_grad(loss, (0, 2))(W + 1.0, X, b)  # same program
    assert rewind.compilations() == before
    # A Python number in, a float out.
    assert rewind.grad(lambda s: s * s * 3.0)(2.0) == 12.0
    # vjp and jacobian of a vector function, hessian of a scalar one.
    x0 = np.array([0.3, -1.2, 2.0])
    out, pullback = rewind.vjp(lambda x: rewind.sin(x) * x, x0)
    assert np.allclose(out, np.sin(x0) * x0)
    (g,) = pullback(np.array([1.0, 2.0, 3.0]))
    assert np.allclose(g, np.array([1.0, 2.0, 3.0]) * (np.cos(x0) * x0 + np.sin(x0)))
    jac = rewind.jacobian(lambda x: rewind.sin(x) * x)(x0)
    assert np.allclose(jac, np.diag(np.cos(x0) * x0 + np.sin(x0)))
    hess = rewind.hessian(lambda x: (rewind.exp(x[0] * x[1]) + x[2] ** 3).sum())(x0)
    e = np.exp(x0[0] * x0[1])
    expected = np.array([[x0[1] ** 2 * e, e + x0[0] * x0[1] * e, 0],
                         [e + x0[0] * x0[1] * e, x0[0] ** 2 * e, 0],
                         [0, 0, 6 * x0[2]]])
    assert np.allclose(hess, expected)
    with pytest.raises(TypeError, match="must return one floating-point scalar"):
        rewind.grad(lambda x: x * 2.0)(x0)
