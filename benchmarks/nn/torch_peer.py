"""Rewind (through its Python API) against PyTorch eager on one thread, on
the conv2d and embedding-bag layers of benchmarks/nn/, measured in one run:
median milliseconds of the objective and of value-and-gradient after a
warm-up, and the gradients compared. Skipped when PyTorch is not installed.

    PYTHONPATH=build/python python3 benchmarks/nn/torch_peer.py [--repeats N]
"""
import argparse
import os
import statistics
import time

import numpy as np
import rewind

HERE = os.path.dirname(os.path.abspath(__file__))


def median_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def load(name):
    with open(os.path.join(HERE, name + ".mlir")) as f:
        return rewind.compile(f.read(), name=name + ".mlir").loss


def conv(torch, repeats):
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (8, 32, 32, 64)).astype(np.float32)
    w = rng.uniform(-0.1, 0.1, (3, 3, 64, 64)).astype(np.float32)
    loss = load("conv2d")
    vg = rewind.value_and_grad(loss, (0, 1))
    # PyTorch: NCHW / OIHW.
    tx = torch.tensor(x.transpose(0, 3, 1, 2).copy(), requires_grad=True)
    tw = torch.tensor(w.transpose(3, 2, 0, 1).copy(), requires_grad=True)

    def t_obj():
        with torch.no_grad():
            return 0.5 * (torch.nn.functional.conv2d(tx, tw) ** 2).sum()

    def t_grad():
        tx.grad = tw.grad = None
        y = torch.nn.functional.conv2d(tx, tw)
        (0.5 * (y ** 2).sum()).backward()

    t_grad()
    _, (dx, dw) = vg(x, w)
    diff = max(np.abs(dx - tx.grad.numpy().transpose(0, 2, 3, 1)).max(),
               np.abs(dw - tw.grad.numpy().transpose(2, 3, 1, 0)).max())
    return ("conv2d 8x32x32x64, 3x3x64x64", diff,
            median_ms(lambda: loss(x, w), repeats),
            median_ms(lambda: vg(x, w), repeats),
            median_ms(t_obj, repeats), median_ms(t_grad, repeats))


def embedding(torch, repeats):
    rng = np.random.default_rng(2)
    vocabulary, dim, classes, batch, bag = 50000, 128, 10, 512, 16
    e = rng.uniform(-0.1, 0.1, (vocabulary, dim)).astype(np.float32)
    w = rng.uniform(-0.1, 0.1, (dim, classes)).astype(np.float32)
    ids = rng.integers(0, vocabulary, (batch, bag)).astype(np.int32)
    labels = rng.integers(0, classes, (batch,)).astype(np.int32)
    loss = load("embedding")
    vg = rewind.value_and_grad(loss, (0, 1))
    te = torch.tensor(e, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tids = torch.tensor(ids.astype(np.int64))
    tlabels = torch.tensor(labels.astype(np.int64))

    def t_loss():
        h = torch.nn.functional.embedding_bag(tids, te, mode="sum")
        return torch.nn.functional.cross_entropy(h @ tw, tlabels,
                                                 reduction="sum")

    def t_obj():
        with torch.no_grad():
            return t_loss()

    def t_grad():
        te.grad = tw.grad = None
        t_loss().backward()

    t_grad()
    _, (de, dw) = vg(e, w, ids, labels)
    diff = max(np.abs(de - te.grad.numpy()).max(),
               np.abs(dw - tw.grad.numpy()).max())
    return ("embedding bag 512x16 of 50000x128", diff,
            median_ms(lambda: loss(e, w, ids, labels), repeats),
            median_ms(lambda: vg(e, w, ids, labels), repeats),
            median_ms(t_obj, repeats), median_ms(t_grad, repeats))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed (python3-torch): skipped")
        return
    torch.set_num_threads(1)
    print(f"Rewind vs PyTorch {torch.__version__} eager, 1 thread (f32, "
          f"median ms of {args.repeats} runs after a warm-up)")
    print(f"  {'':36} {'Rewind obj / grad':>20} {'PyTorch obj / grad':>20}"
          f" {'Rewind/PyTorch grad':>20}")
    for bench in (conv, embedding):
        name, diff, r_obj, r_grad, t_obj, t_grad = bench(torch, args.repeats)
        print(f"  {name:36} {r_obj:9.2f} / {r_grad:7.2f} {t_obj:9.2f} / "
              f"{t_grad:7.2f} {r_grad / t_grad:20.2f}   (gradients differ "
              f"by {diff:.1e})")


if __name__ == "__main__":
    main()
