"""Per-step cost of a small training loop (a 2-layer MLP on 256 x 32
inputs): recording with rewind.GradientTape every step (record + cached
compile + run), the same step traced once by rewind.function, against
calling a compiled value-and-gradient directly, and against the same loop
in PyTorch when it is installed. Medians after a warm-up; ratios measured
in one run."""

import statistics
import time

import numpy as np

import rewind

RNG = np.random.default_rng(0)
X = RNG.normal(size=(256, 32))
Y = RNG.normal(size=(256, 8))
W1_0 = RNG.normal(size=(32, 64)) * 0.1
W2_0 = RNG.normal(size=(64, 8)) * 0.1
STEPS, RATE = 60, 0.01


def median_ms(step):
    for _ in range(5):
        step()
    times = []
    for _ in range(STEPS):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def tape_loop():
    w1, w2 = rewind.Variable(W1_0.copy()), rewind.Variable(W2_0.copy())
    x, y = rewind.array(X), rewind.array(Y)

    def step():
        with rewind.GradientTape() as tape:
            h = rewind.tanh(x @ w1)
            err = h @ w2 - y
            loss = (err * err).mean()
        d1, d2 = tape.gradient(loss, [w1, w2])
        w1.assign_sub(RATE * d1)
        w2.assign_sub(RATE * d2)

    return step


def compiled_loop():
    # The program the tape records, compiled once and called directly.
    w1, w2 = rewind.Variable(W1_0.copy()), rewind.Variable(W2_0.copy())
    x, y = rewind.array(X), rewind.array(Y)
    with rewind.GradientTape() as tape:
        h = rewind.tanh(x @ w1)
        err = h @ w2 - y
        loss = (err * err).mean()
    functions, text = tape._program(loss)
    args = [a._value for a in tape._recording.arguments]
    order = [next(k for k, a in enumerate(tape._recording.arguments) if a is v)
             for v in (w1, w2)]
    entry = rewind._rewind.compile(text, "tape", vjp=True, wrt=sorted(order))
    seed = [np.ones(())]
    params = [W1_0.copy(), W2_0.copy()]

    def step():
        args[order[0]], args[order[1]] = params
        grads = entry.vjp(args, seed)
        params[0] -= RATE * grads[order[0]]
        params[1] -= RATE * grads[order[1]]

    return step


def function_loop():
    # The tape step traced once by rewind.function; later steps run the
    # compiled program (forward and gradient) on the current parameters.
    w1, w2 = rewind.Variable(W1_0.copy()), rewind.Variable(W2_0.copy())

    @rewind.function
    def gradients(x, y):
        with rewind.GradientTape() as tape:
            h = rewind.tanh(x @ w1)
            err = h @ w2 - y
            loss = (err * err).mean()
        return tape.gradient(loss, [w1, w2])

    def step():
        d1, d2 = gradients(X, Y)
        w1.assign_sub(RATE * d1)
        w2.assign_sub(RATE * d2)

    return step


def torch_loop():
    import torch
    torch.set_num_threads(1)
    w1 = torch.tensor(W1_0.copy(), requires_grad=True)
    w2 = torch.tensor(W2_0.copy(), requires_grad=True)
    x, y = torch.tensor(X), torch.tensor(Y)

    def step():
        loss = ((torch.tanh(x @ w1) @ w2 - y) ** 2).mean()
        g1, g2 = torch.autograd.grad(loss, [w1, w2])
        with torch.no_grad():
            w1.sub_(RATE * g1)
            w2.sub_(RATE * g2)

    return step


def main():
    before = rewind.compilations()
    taped = median_ms(tape_loop())
    recompiled = rewind.compilations() - before
    traced = median_ms(function_loop())
    direct = median_ms(compiled_loop())
    print(f"training step, 2-layer MLP 256x32 -> 64 -> 8 (f64), medians of {STEPS}:")
    print(f"  rewind.GradientTape (record + cached compile + run): {taped:8.3f} ms")
    print(f"  rewind.function (traced once, compiled code after): {traced:8.3f} ms")
    print(f"  compiled value_and_grad called directly:            {direct:8.3f} ms")
    print(f"  tape overhead: x{taped / direct:.2f}; rewind.function overhead: "
          f"x{traced / direct:.2f}; programs compiled by the tape loop: "
          f"{recompiled}")
    try:
        torch_step = torch_loop()
    except ImportError:
        print("  PyTorch: not installed (python3-torch), not compared")
        return
    torch_ms = median_ms(torch_step)
    print(f"  PyTorch eager autograd (1 thread):                  {torch_ms:8.3f} ms"
          f"  (tape / PyTorch: x{taped / torch_ms:.2f}, rewind.function / "
          f"PyTorch: x{traced / torch_ms:.2f})")


if __name__ == "__main__":
    main()
