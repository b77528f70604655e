"""Neural-network layers on rewind arrays, recorded as the linalg ops
Rewind differentiates (convolutions and pooling as linalg.conv_* and
linalg.pooling_*, the rest as elementwise ops, reductions and gathers), not
unrolled scalar code.

Layouts follow numpy/TensorFlow (NHWC) by default; `data_format="NCHW"`
gives PyTorch's.
"""

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from . import ops as _ops
from .array import Array, ArrayLike, _as_array
from .recording import _record, _tensor_type, _zeros
from .ops import exp, log, log1p, maximum, erf, abs as _abs

# An axis or axes; an int or two; a padding.
Axis = Union[int, Tuple[int, ...]]
Pair = Union[int, Sequence[int]]
Padding = Union[str, int, Sequence[int]]

__all__ = ["relu", "sigmoid", "softplus", "gelu", "softmax", "log_softmax",
           "logsumexp", "one_hot", "cross_entropy", "layer_norm", "embedding",
           "conv1d", "conv2d", "max_pool", "avg_pool"]


def relu(x: ArrayLike) -> Array:
    """max(x, 0), with derivative 0 at 0 (as JAX, TensorFlow and PyTorch)."""
    x = _as_array(x)
    return _ops.where(x > 0, x, 0.0)


def sigmoid(x: ArrayLike) -> Array:
    """1 / (1 + exp(-x))."""
    return _ops.sigmoid(x)


def softplus(x: ArrayLike) -> Array:
    """log(1 + exp(x)), computed without overflow: max(x, 0) +
    log1p(exp(-|x|))."""
    x = _as_array(x)
    return maximum(x, 0.0) + log1p(exp(-_abs(x)))


def gelu(x: ArrayLike) -> Array:
    """x * Phi(x) (the exact form, with erf)."""
    x = _as_array(x)
    return 0.5 * x * (1.0 + erf(x * (1.0 / np.sqrt(2.0))))


def logsumexp(x: ArrayLike, axis: Axis = -1,
              keepdims: bool = False) -> Array:
    """log(sum(exp(x))) along `axis`, stabilized by the maximum (whose
    derivative contribution cancels, so it is not differentiated)."""
    x = _as_array(x)
    m = _ops.stop_gradient(x.max(axis=axis, keepdims=True))
    s = log(exp(x - m).sum(axis=axis, keepdims=True)) + m
    return s if keepdims else _ops._squeeze_axes(s, axis)


def log_softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """x - logsumexp(x) along `axis`."""
    x = _as_array(x)
    return x - logsumexp(x, axis=axis, keepdims=True)


def softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """exp(x) / sum(exp(x)) along `axis`, stabilized by the maximum."""
    x = _as_array(x)
    e = exp(x - _ops.stop_gradient(x.max(axis=axis, keepdims=True)))
    return e / e.sum(axis=axis, keepdims=True)


def one_hot(labels: ArrayLike, classes: int,
            dtype: Any = np.float64) -> Array:
    """labels[..., None] == arange(classes), as `dtype` (no gradient);
    recorded, so the labels may come from the tape."""
    labels = _as_array(labels)
    if labels.dtype.kind != "i":
        raise TypeError("one_hot takes integer labels")
    column = labels.astype(np.float64).reshape(labels.shape + (1,))
    return (column == np.arange(classes, dtype=np.float64)).astype(dtype)


def cross_entropy(logits: ArrayLike, labels: ArrayLike,
                  reduction: str = "mean") -> Array:
    """Softmax cross-entropy of `logits` (..., classes) with integer
    `labels` (...): logsumexp(logits) - logits[label], the label's logit a
    gather; or with probabilities `labels` (..., classes), one-hot or soft:
    -sum(labels * log_softmax(logits)), differentiable in the labels too.
    Averaged ("mean"), summed ("sum") or per example ("none")."""
    logits = _as_array(logits)
    labels = _as_array(labels)
    if labels.dtype.kind == "f" and labels.shape == logits.shape:
        losses = -(labels * log_softmax(logits, axis=-1)).sum(axis=-1)
    else:
        if labels.dtype.kind not in "iu":
            raise TypeError("cross_entropy takes integer labels of shape "
                            "logits.shape[:-1] or probabilities of the "
                            "logits' shape")
        if labels.shape != logits.shape[:-1]:
            raise ValueError(f"labels of shape {labels.shape} for logits of "
                             f"shape {logits.shape}")
        values = labels._value
        if values.size and (values.min() < 0
                            or values.max() >= logits.shape[-1]):
            raise ValueError(f"labels must be in [0, {logits.shape[-1]})")
        # The label's logit: a gather whose positions the program computes
        # from the labels (an argument), so other labels reuse the program.
        picked = logits[tuple(np.indices(labels.shape)) + (labels,)]
        losses = logsumexp(logits, axis=-1) - picked
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    if reduction == "mean":
        return losses.mean()
    raise ValueError("reduction must be 'mean', 'sum' or 'none'")


def layer_norm(x: ArrayLike, gamma: Optional[ArrayLike] = None,
               beta: Optional[ArrayLike] = None, axis: Axis = -1,
               eps: float = 1e-5) -> Array:
    """(x - mean) / sqrt(var + eps) along `axis`, then * gamma + beta."""
    x = _as_array(x)
    mean = x.mean(axis=axis, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(axis=axis, keepdims=True)
    y = centered * _ops.rsqrt(var + eps)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y


def embedding(table: ArrayLike, ids: ArrayLike) -> Array:
    """table[ids]: rows of `table` gathered by integer `ids` (any shape);
    repeated ids accumulate their gradients."""
    return _as_array(table)[ids]


def _pair(value, name, minimum=1):
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2 or any(int(v) < minimum for v in pair):
        raise ValueError(f"{name} takes an int >= {minimum} or two")
    return tuple(int(v) for v in pair)


def _padding(padding, kernel, dilation, stride, sizes):
    """Low and high padding of the two spatial dimensions (of sizes
    `sizes`). "same" is TensorFlow's: ceil(size / stride) outputs, the
    padding split evenly with the odd one at the end."""
    if padding == "valid":
        return [(0, 0), (0, 0)]
    if padding == "same":
        pads = []
        for k, d, s, n in zip(kernel, dilation, stride, sizes):
            total = max((-(-n // s) - 1) * s + d * (k - 1) + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        return pads
    if isinstance(padding, str):
        raise ValueError("padding must be 'valid', 'same', an int or two")
    return [(p, p) for p in _pair(padding, "padding", minimum=0)]


def _pad(x, spatial, pads, value=0.0):
    """x padded (tensor.pad) along the dimensions `spatial`."""
    widths = [(0, 0)] * x.ndim
    for d, p in zip(spatial, pads):
        widths[d] = p
    return _ops.pad(x, widths, value)


def conv2d(x: ArrayLike, w: ArrayLike, stride: Pair = 1,
           padding: Padding = "valid", dilation: Pair = 1,
           data_format: str = "NHWC") -> Array:
    """2-D convolution (cross-correlation, as in every framework).

    NHWC: x (N, H, W, C), w (KH, KW, C, F) -> (N, OH, OW, F)
    (linalg.conv_2d_nhwc_hwcf); NCHW: x (N, C, H, W), w (F, C, KH, KW) ->
    (N, F, OH, OW) (linalg.conv_2d_nchw_fchw). `padding`: "valid", "same"
    (TensorFlow's: ceil(size / stride) outputs), an int or two (zeros on
    both sides)."""
    x, w = _ops._promote(x, w)
    if x.dtype.kind != "f" or x.ndim != 4 or w.ndim != 4:
        raise ValueError("conv2d takes 4-D floating-point x and w")
    nhwc = data_format == "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format must be 'NHWC' or 'NCHW'")
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    kernel = w.shape[:2] if nhwc else w.shape[2:]
    channels = (x.shape[3], w.shape[2]) if nhwc else (x.shape[1], w.shape[1])
    if channels[0] != channels[1]:
        raise ValueError(f"conv2d: x has {channels[0]} channels, w expects "
                         f"{channels[1]}")
    spatial = (1, 2) if nhwc else (2, 3)
    x = _pad(x, spatial, _padding(padding, kernel, dilation, stride,
                                  [x.shape[d] for d in spatial]))
    size = [(x.shape[d] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1
            for i, d in enumerate(spatial)]
    if min(size) < 1:
        raise ValueError("conv2d: the kernel is larger than the padded input")
    out_shape = ((x.shape[0], size[0], size[1], w.shape[3]) if nhwc else
                 (x.shape[0], w.shape[0], size[0], size[1]))
    result = Array(_reference_conv2d(x._value, w._value, stride, dilation,
                                     nhwc).reshape(out_shape))
    op = "linalg.conv_2d_nhwc_hwcf" if nhwc else "linalg.conv_2d_nchw_fchw"

    def emit(n, out):
        return _zeros(out, result._value) + [
            f"{out} = {op} {{dilations = dense<[{dilation[0]}, {dilation[1]}]> "
            f": tensor<2xi64>, strides = dense<[{stride[0]}, {stride[1]}]> : "
            f"tensor<2xi64>}} ins({n[0]}, {n[1]} : {_tensor_type(x._value)}, "
            f"{_tensor_type(w._value)}) outs({out}_z : "
            f"{_tensor_type(result._value)}) -> {_tensor_type(result._value)}"]

    return _record(result, emit, x, w)


def _reference_conv2d(x, w, stride, dilation, nhwc):
    """The values (numpy), for eager execution."""
    if not nhwc:
        x, w = x.transpose(0, 2, 3, 1), w.transpose(2, 3, 1, 0)
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    oh = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, f), dtype=np.result_type(x, w))
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dilation[0], i * dilation[0] + stride[0] * (oh - 1) + 1,
                         stride[0])
            cols = slice(j * dilation[1], j * dilation[1] + stride[1] * (ow - 1) + 1,
                         stride[1])
            out += x[:, rows, cols, :] @ w[i, j]
    return out if nhwc else out.transpose(0, 3, 1, 2)


def conv1d(x: ArrayLike, w: ArrayLike, stride: int = 1,
           padding: Union[str, int] = "valid", dilation: int = 1,
           data_format: str = "NWC") -> Array:
    """1-D convolution: NWC x (N, W, C), w (K, C, F); NCW x (N, C, W),
    w (F, C, K). Recorded as a 2-D convolution with a unit height."""
    if data_format not in ("NWC", "NCW"):
        raise ValueError("data_format must be 'NWC' or 'NCW'")
    x, w = _as_array(x), _as_array(w)
    if x.ndim != 3 or w.ndim != 3:
        raise ValueError("conv1d takes 3-D x and w")
    if data_format == "NWC":
        y = conv2d(x.reshape(x.shape[0], 1, *x.shape[1:]),
                   w.reshape(1, *w.shape), stride=(1, _pair(stride, "stride")[0]),
                   padding=padding if isinstance(padding, str)
                   else (0, _pair(padding, "padding")[0]),
                   dilation=(1, _pair(dilation, "dilation")[0]))
        return y.reshape(y.shape[0], y.shape[2], y.shape[3])
    y = conv2d(x.reshape(x.shape[0], x.shape[1], 1, x.shape[2]),
               w.reshape(w.shape[0], w.shape[1], 1, w.shape[2]),
               stride=(1, _pair(stride, "stride")[0]),
               padding=padding if isinstance(padding, str)
               else (0, _pair(padding, "padding")[0]),
               dilation=(1, _pair(dilation, "dilation")[0]), data_format="NCHW")
    return y.reshape(y.shape[0], y.shape[1], y.shape[3])


def _pool(x, window, stride, padding, data_format, kind):
    x = _as_array(x)
    if x.dtype.kind != "f" or x.ndim != 4:
        raise ValueError("pooling takes a 4-D floating-point x")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format must be 'NHWC' or 'NCHW'")
    nhwc = data_format == "NHWC"
    window = _pair(window, "window")
    stride = _pair(stride if stride is not None else window, "stride")
    spatial = (1, 2) if nhwc else (2, 3)
    fill = -np.inf if kind == "max" else 0.0
    x = _pad(x, spatial, _padding(padding, window, (1, 1), stride,
                                  [x.shape[d] for d in spatial]), fill)
    size = [(x.shape[d] - window[i]) // stride[i] + 1
            for i, d in enumerate(spatial)]
    if min(size) < 1:
        raise ValueError("pooling: the window is larger than the padded input")
    values = x._value if nhwc else x._value.transpose(0, 2, 3, 1)
    windows = np.stack([values[:, i:i + stride[0] * (size[0] - 1) + 1:stride[0],
                               j:j + stride[1] * (size[1] - 1) + 1:stride[1], :]
                        for i in range(window[0]) for j in range(window[1])])
    pooled = windows.max(axis=0) if kind == "max" else windows.sum(axis=0)
    result = Array(pooled if nhwc else pooled.transpose(0, 3, 1, 2))
    op = f"linalg.pooling_{'nhwc' if nhwc else 'nchw'}_{'max' if kind == 'max' else 'sum'}"
    kernel = np.zeros(window, dtype=x.dtype)

    def emit(n, out):
        return _zeros(out, result._value, fill) + [
            f"{out}_w = tensor.empty() : {_tensor_type(kernel)}",
            f"{out} = {op} {{dilations = dense<1> : tensor<2xi64>, strides = "
            f"dense<[{stride[0]}, {stride[1]}]> : tensor<2xi64>}} "
            f"ins({n[0]}, {out}_w : {_tensor_type(x._value)}, "
            f"{_tensor_type(kernel)}) outs({out}_z : "
            f"{_tensor_type(result._value)}) -> {_tensor_type(result._value)}"]

    return _record(result, emit, x)


def max_pool(x: ArrayLike, window: Pair, stride: Optional[Pair] = None,
             padding: Padding = "valid", data_format: str = "NHWC") -> Array:
    """The maximum of each window (linalg.pooling_*_max); ties split the
    gradient evenly. `stride` defaults to the window."""
    return _pool(x, window, stride, padding, data_format, "max")


def avg_pool(x: ArrayLike, window: Pair, stride: Optional[Pair] = None,
             padding: Padding = "valid", data_format: str = "NHWC") -> Array:
    """The mean of each window (linalg.pooling_*_sum divided by its size;
    padding counts as zeros)."""
    window = _pair(window, "window")
    summed = _pool(x, window, stride, padding, data_format, "sum")
    return summed * (1.0 / (window[0] * window[1]))
