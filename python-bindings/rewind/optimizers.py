"""Optimizers updating parameters in place: SGD (with momentum) and Adam.

Parameters are a structure (rewind.tree) of rewind.Variables or numpy
arrays; gradients have the same structure (as tape.gradient and
rewind.grad return them)::

    opt = rewind.optimizers.Adam(learning_rate=1e-3)
    for step in range(steps):
        with rewind.GradientTape() as tape:
            loss = model(params, batch)
        opt.update(params, tape.gradient(loss, params))
"""

from typing import Any

import numpy as np

from . import tree
from .array import Array

__all__ = ["SGD", "Adam"]


def _assign(parameter, value):
    if isinstance(parameter, Array):
        if not hasattr(parameter, "assign"):
            raise TypeError("rewind arrays are immutable: optimize "
                            "rewind.Variables or numpy arrays")
        parameter.assign(value)
    elif isinstance(parameter, np.ndarray):
        parameter[...] = value
    else:
        raise TypeError(f"cannot update a {type(parameter).__name__} in "
                        "place: parameters are rewind.Variables or numpy arrays")


def _value(parameter):
    return parameter.numpy() if isinstance(parameter, Array) else np.asarray(parameter)


class _Optimizer:
    def __init__(self):
        self._state = {}   # id(parameter) -> per-parameter state
        self.steps = 0

    def update(self, parameters: Any, gradients: Any) -> None:
        """Applies one step to every parameter (a structure of Variables or
        numpy arrays) given gradients of the same structure (None: skip)."""
        params, _, _ = tree.flatten(parameters)
        grads, _, _ = tree.flatten(gradients)
        if len(params) != len(grads):
            raise ValueError(f"{len(params)} parameters but {len(grads)} "
                             "gradients: the structures differ")
        self.steps += 1
        for parameter, gradient in zip(params, grads):
            if gradient is None:
                continue
            gradient = np.asarray(gradient, dtype=_value(parameter).dtype)
            if gradient.shape != _value(parameter).shape:
                raise ValueError(f"a gradient of shape {gradient.shape} for a "
                                 f"parameter of shape {_value(parameter).shape}")
            state = self._state.setdefault(id(parameter), {})
            _assign(parameter, self._step(_value(parameter), gradient, state))


class SGD(_Optimizer):
    """p -= learning_rate * v, v = momentum * v + g (v = g without
    momentum)."""

    def __init__(self, learning_rate: float = 0.01,
                 momentum: float = 0.0) -> None:
        super().__init__()
        self.learning_rate, self.momentum = learning_rate, momentum

    def _step(self, value, gradient, state):
        if self.momentum:
            velocity = state.get("velocity", np.zeros_like(gradient))
            velocity = self.momentum * velocity + gradient
            state["velocity"] = velocity
            gradient = velocity
        return value - self.learning_rate * gradient


class Adam(_Optimizer):
    """Adam (Kingma and Ba): bias-corrected first and second moments."""

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-8) -> None:
        super().__init__()
        self.learning_rate, self.beta1, self.beta2 = learning_rate, beta1, beta2
        self.epsilon = epsilon

    def _step(self, value, gradient, state):
        m = self.beta1 * state.get("m", 0.0) + (1 - self.beta1) * gradient
        v = self.beta2 * state.get("v", 0.0) + (1 - self.beta2) * gradient ** 2
        state["m"], state["v"] = m, v
        t = state["t"] = state.get("t", 0) + 1
        m_hat = m / (1 - self.beta1 ** t)
        v_hat = v / (1 - self.beta2 ** t)
        return value - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
