"""Train a small CNN classifier with Rewind's GradientTape, end to end.

Images: 8x8, one channel, horizontal or vertical bars plus noise (two
classes). Model: conv 3x3 (8 filters, "same") -> relu -> 2x2 max pool ->
dense -> softmax cross-entropy; Adam. Recording each step gives the same
program text, so it is compiled once.

    PYTHONPATH=build/python python3 examples/python/cnn_classifier.py
"""

import numpy as np

import rewind
from rewind import nn


def make_data(count, rng):
    """(images NHWC, labels): label 0 has a horizontal bar, 1 a vertical."""
    images = rng.normal(scale=0.3, size=(count, 8, 8, 1))
    labels = rng.integers(0, 2, size=count)
    where = rng.integers(1, 7, size=count)
    for k in range(count):
        if labels[k] == 0:
            images[k, where[k], :, 0] += 1.0
        else:
            images[k, :, where[k], 0] += 1.0
    return images, labels


def model(params, images):
    h = nn.relu(nn.conv2d(images, params["conv"], padding="same")
                + params["conv_bias"])
    h = nn.max_pool(h, 2)                          # (N, 4, 4, 8)
    return h.reshape(h.shape[0], -1) @ params["dense"] + params["dense_bias"]


def accuracy(params, images, labels):
    logits = model(params, rewind.array(images)).numpy()
    return float((logits.argmax(-1) == labels).mean())


def train(steps=40, batch=32, seed=0, verbose=True):
    rng = np.random.default_rng(seed)
    params = {
        "conv": rewind.Variable(rng.normal(scale=0.3, size=(3, 3, 1, 8))),
        "conv_bias": rewind.Variable(np.zeros(8)),
        "dense": rewind.Variable(rng.normal(scale=0.1, size=(4 * 4 * 8, 2))),
        "dense_bias": rewind.Variable(np.zeros(2)),
    }
    optimizer = rewind.optimizers.Adam(learning_rate=0.02)
    test_images, test_labels = make_data(200, rng)
    losses = []
    for step in range(steps):
        images, labels = make_data(batch, rng)
        with rewind.GradientTape() as tape:
            loss = nn.cross_entropy(model(params, rewind.array(images)), labels)
        optimizer.update(params, tape.gradient(loss, params))
        losses.append(float(loss))
        if verbose and step % 10 == 0:
            print(f"step {step:3d}  loss {losses[-1]:.4f}")
    final = accuracy(params, test_images, test_labels)
    if verbose:
        print(f"test accuracy {final:.3f} after {steps} steps "
              f"({rewind.compilations()} programs compiled)")
    return losses, final


if __name__ == "__main__":
    train()
