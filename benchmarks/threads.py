"""Runs GMM (10k d10 K25, 1k d64 K100), LSTM (l4 c1024), a conv2d layer
and a tanh regression over 10^6 examples (reductions over the examples)
with Rewind on one thread and on every core (--threads), and prints one
Markdown table side by side: objective and gradient ms, the gradient's
speedup, grad/obj on each, under a header naming the CPU.

    python3 threads.py ADBENCH_DIR [--bin BUILD/bin] [--threads N]
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "adbench"))
from table import cpu  # noqa: E402

NUMBER = r"([0-9.]+)"


def rewind_times(command, threads):
    """(objective ms, gradient ms) from a benchmark's `Rewind` line."""
    out = subprocess.run(command + ["--threads", str(threads)],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{out.stderr}")
    match = re.search(rf"Rewind\s+{NUMBER}\s+{NUMBER}", out.stdout)
    return float(match.group(1)), float(match.group(2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("adbench")
    parser.add_argument("--bin", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "bin"))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    cases = [
        ("GMM 10k d10 K25", [os.path.join(args.bin, "rewind-adbench"), "gmm",
                             os.path.join(args.adbench, "gmm/10k/gmm_d10_K25.txt"),
                             "--repeats", "11"]),
        ("GMM 1k d64 K100", [os.path.join(args.bin, "rewind-adbench"), "gmm",
                             os.path.join(args.adbench, "gmm/1k/gmm_d64_K100.txt"),
                             "--repeats", "7"]),
        ("LSTM l4 c1024", [os.path.join(args.bin, "rewind-adbench"), "lstm",
                           os.path.join(args.adbench, "lstm/lstm_l4_c1024.txt"),
                           "--repeats", "11"]),
        ("conv2d 8x32x32x64 (f32)", [os.path.join(args.bin, "rewind-bench-nn"),
                                     "conv", "--repeats", "11"]),
        ("tanh regression 10^6 x 4", [os.path.join(args.bin, "rewind-bench-nn"),
                                      "regression", "--repeats", "11"]),
    ]
    model, isa, cores = cpu()
    n = args.threads
    print(f"{model} ({isa}), {cores} hardware threads; medians after a "
          f"warm-up, ms")
    print()
    print(f"| input | objective 1 | gradient 1 | objective {n} | gradient {n} "
          f"| gradient speedup | grad/obj 1 | grad/obj {n} |")
    print("|---|---|---|---|---|---|---|---|")
    for name, command in cases:
        (o1, g1), (on, gn) = rewind_times(command, 1), rewind_times(command, n)
        print(f"| {name} | {o1:.3f} | {g1:.3f} | {on:.3f} | {gn:.3f} "
              f"| {g1 / gn:.2f} | {g1 / o1:.2f} | {gn / on:.2f} |")


if __name__ == "__main__":
    main()
