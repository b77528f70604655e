"""rewind.nn: every layer's value against a plain numpy reference and its
gradient against central differences of the eager value."""

import numpy as np
import pytest

import rewind
from rewind import nn

from gradcheck import check_tape_gradients as _check


def check_gradients(f, values, atol=1e-6):
    """The layers' checks: relative 1e-5, absolute `atol`."""
    _check(f, values, rtol=1e-5, atol=atol)


def naive_conv2d_nhwc(x, w, stride, dilation, pad):
    x = np.pad(x, [(0, 0), pad[0], pad[1], (0, 0)])
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    oh = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, f))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for p in range(kh):
                    for q in range(kw):
                        out[b, i, j] += x[b, i * stride[0] + p * dilation[0],
                                          j * stride[1] + q * dilation[1]] @ w[p, q]
    return out


RNG = np.random.default_rng(7)


@pytest.mark.parametrize("stride,dilation,padding", [
    (1, 1, "valid"), (2, 1, "valid"), (1, 2, "same"), ((2, 1), 1, 1)])
def test_conv2d(stride, dilation, padding):
    X, W = RNG.normal(size=(2, 7, 6, 3)), RNG.normal(size=(3, 2, 3, 4)) * 0.5
    s = stride if isinstance(stride, tuple) else (stride, stride)
    d = (dilation, dilation)
    pad = {"valid": [(0, 0), (0, 0)], 1: [(1, 1), (1, 1)],
           "same": [(d[0] * 2 // 2, d[0] * 2 - d[0] * 2 // 2),
                    (d[1] * 1 // 2, d[1] * 1 - d[1] * 1 // 2)]}[padding]
    expected = naive_conv2d_nhwc(X, W, s, d, pad)
    y = nn.conv2d(rewind.array(X), rewind.array(W), stride, padding, dilation)
    assert np.allclose(y.numpy(), expected)
    # NCHW gives the same numbers, transposed.
    y2 = nn.conv2d(rewind.array(X.transpose(0, 3, 1, 2)),
                   rewind.array(W.transpose(3, 2, 0, 1)), stride, padding,
                   dilation, data_format="NCHW")
    assert np.allclose(y2.numpy(), expected.transpose(0, 3, 1, 2))
    check_gradients(lambda x, w: (nn.conv2d(x, w, stride, padding, dilation)
                                  ** 2).sum() * 0.1, [X, W], atol=1e-5)
    check_gradients(lambda x, w: rewind.tanh(nn.conv2d(
        x, w, stride, padding, dilation, data_format="NCHW")).sum(),
        [X.transpose(0, 3, 1, 2).copy(), W.transpose(3, 2, 0, 1).copy()],
        atol=1e-5)


def test_conv1d():
    X, W = RNG.normal(size=(2, 9, 3)), RNG.normal(size=(3, 3, 2))
    y = nn.conv1d(rewind.array(X), rewind.array(W), stride=2)
    expected = naive_conv2d_nhwc(X[:, None], W[None], (1, 2), (1, 1),
                                 [(0, 0), (0, 0)])[:, 0]
    assert np.allclose(y.numpy(), expected)
    check_gradients(lambda x, w: rewind.sin(nn.conv1d(x, w, padding=1)).sum(),
                    [X, W])
    check_gradients(lambda x, w: rewind.sin(nn.conv1d(
        x, w, data_format="NCW")).sum(),
        [X.transpose(0, 2, 1).copy(), W.transpose(2, 1, 0).copy()])


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_pooling(data_format):
    X = RNG.normal(size=(2, 6, 5, 3))
    naive_max = np.array([[[[X[b, i:i + 2, j:j + 2, c].max() for c in range(3)]
                            for j in range(0, 4, 2)] for i in range(0, 6, 2)]
                          for b in range(2)])
    naive_avg = np.array([[[[X[b, i:i + 3, j:j + 3, c].mean() for c in range(3)]
                            for j in range(3)] for i in range(4)]
                          for b in range(2)])
    if data_format == "NCHW":
        X = X.transpose(0, 3, 1, 2).copy()
        naive_max = naive_max.transpose(0, 3, 1, 2)
        naive_avg = naive_avg.transpose(0, 3, 1, 2)
    x = rewind.array(X)
    assert np.allclose(nn.max_pool(x, 2, data_format=data_format).numpy(),
                       naive_max)
    assert np.allclose(nn.avg_pool(x, 3, stride=1,
                                   data_format=data_format).numpy(), naive_avg)
    check_gradients(lambda x: (nn.max_pool(x, 2, data_format=data_format)
                               ** 2).sum(), [X])
    check_gradients(lambda x: rewind.tanh(nn.avg_pool(
        x, (2, 3), stride=(1, 2), padding=1, data_format=data_format)).sum(),
        [X])


def test_max_pool_ties_split_evenly():
    x = rewind.Variable(np.ones((1, 2, 2, 1)))
    with rewind.GradientTape() as tape:
        y = nn.max_pool(x, 2).sum()
    assert np.allclose(tape.gradient(y, x), 0.25)


def test_softmax_family_and_activations():
    X = RNG.normal(size=(3, 5)) * 3
    e = np.exp(X - X.max(-1, keepdims=True))
    assert np.allclose(nn.softmax(rewind.array(X)).numpy(), e / e.sum(-1, keepdims=True))
    assert np.allclose(nn.logsumexp(rewind.array(X), axis=0).numpy(),
                       np.log(np.exp(X).sum(0)))
    weights = RNG.normal(size=(3, 5))
    for f in (lambda x: (nn.softmax(x) * weights).sum(),
              lambda x: (nn.log_softmax(x, axis=0) * weights).sum(),
              lambda x: nn.logsumexp(x, axis=-1, keepdims=True).sum(),
              lambda x: (nn.relu(x) * weights).sum(),
              lambda x: (nn.gelu(x) * weights).sum(),
              lambda x: (nn.sigmoid(x) * weights).sum(),
              lambda x: (nn.softplus(x) * weights).sum()):
        check_gradients(f, [X + 0.01])  # away from relu's kink at 0
    # softplus does not overflow.
    assert np.isclose(float(nn.softplus(rewind.array(np.array(800.0)))), 800.0)


def test_cross_entropy_one_hot_layer_norm_embedding():
    logits, labels = RNG.normal(size=(4, 6)), np.array([5, 0, 2, 2])
    lse = np.log(np.exp(logits).sum(-1))
    expected = (lse - logits[np.arange(4), labels]).mean()
    assert np.isclose(float(nn.cross_entropy(rewind.array(logits), labels)), expected)
    check_gradients(lambda l: nn.cross_entropy(l, labels), [logits])
    check_gradients(lambda l: nn.cross_entropy(l, rewind.array(labels),
                                               reduction="sum"), [logits])
    hot = nn.one_hot(rewind.array(labels), 6)
    assert np.array_equal(hot.numpy(), np.eye(6)[labels])
    with pytest.raises(ValueError, match=r"labels must be in \[0, 6\)"):
        nn.cross_entropy(rewind.array(logits), np.array([6, 0, 0, 0]))
    X, gamma, beta = RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.normal(size=4)
    normalized = (X - X.mean(-1, keepdims=True)) / np.sqrt(X.var(-1, keepdims=True) + 1e-5)
    assert np.allclose(nn.layer_norm(rewind.array(X), gamma, beta).numpy(),
                       normalized * gamma + beta)
    check_gradients(lambda x, g, b: (nn.layer_norm(x, g, b) ** 3).sum(),
                    [X, gamma, beta], atol=1e-5)
    table, ids = RNG.normal(size=(7, 3)), np.array([[1, 1], [6, 0]])
    assert np.allclose(nn.embedding(rewind.array(table), ids).numpy(), table[ids])
    check_gradients(lambda t: (nn.embedding(t, ids) ** 2).sum(), [table])


def test_the_cnn_tutorial_trains():
    """examples/python/cnn_classifier.py (the tutorial in docs/python.md)
    learns its task, compiling its training step once."""
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                        "python", "cnn_classifier.py")
    spec = importlib.util.spec_from_file_location("cnn_classifier", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    before = rewind.compilations()
    losses, accuracy = example.train(steps=30, verbose=False)
    assert np.mean(losses[-5:]) < 0.5 * np.mean(losses[:5])
    assert accuracy > 0.9
    assert rewind.compilations() - before <= 2  # the step, and the evaluation
