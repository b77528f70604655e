"""Checkpointing under a memory budget: the gradient of a 10^6-step scalar
recurrence (as an scf.for and as an scf.while, whose trip count is unknown
until it ends) and of the ADBench LSTM over 10^4 time steps, with no budget and
with --tape-budget of 1 MB and 64 KB. Prints, per program and budget, the
peak tape, the iterations recomputed per call, the median gradient time and
its ratio to the run without a budget (all measured by rewind-run --measure
in this run).

Usage: budget.py [--repeat N]   (rewind-run on PATH: source scripts/setup.sh)
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--repeat", type=int, default=7)
parser.add_argument("--steps", type=int, default=1000000,
                    help="steps of the scalar recurrence")
parser.add_argument("--lstm-steps", type=int, default=10000)
options = parser.parse_args()


def lstm_arguments(steps, layers=2, features=14):
    """ADBench's LSTM at l = 2, b = 14 (its input files' sizes) over `steps`
    time steps, random parameters and sequence (fixed seed)."""
    rng = random.Random(1)
    rows = lambda r, c: [[rng.uniform(-1, 1) for _ in range(c)]
                         for _ in range(r)]
    return [rows(2 * layers, 4 * features), rows(3, features),
            rows(2 * layers, features), rows(steps, features)]


def measure(program, entry, args_file, flags, budget):
    command = ["rewind-run", program, "--entry", entry, "--args-file",
               args_file, "--grad", "--json", "--measure",
               f"--repeat={options.repeat}", *flags]
    if budget:
        command.append(f"--tape-budget={budget}")
    done = subprocess.run(command, capture_output=True, text=True,
                          env=dict(os.environ, REWIND_CACHE="off"))
    if done.returncode != 0:
        sys.exit(f"budget.py: {' '.join(command)} failed:\n{done.stderr}")
    line = re.search(r"run ([0-9.]+) ms.*peak tape (\d+) bytes.*"
                     r"recomputed (\d+) iterations", done.stderr)
    gradient = json.loads(done.stdout)["gradient"]
    return float(line.group(1)), int(line.group(2)), int(line.group(3)), gradient


def flat(value):
    if isinstance(value, list):
        return [x for v in value for x in flat(v)]
    return [] if value is None else [value]


cpu = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
avx512 = "avx512f" in open("/proc/cpuinfo").read()
print(f"Checkpointing under a budget, {cpu} ({'AVX-512' if avx512 else 'AVX2'}),"
      f" median of {options.repeat} calls")
print(f"{'program':<28} {'budget':>10} {'peak tape':>12} {'recomputed':>12} "
      f"{'gradient ms':>12} {'x unlimited':>12} {'max rel diff':>12}")
budgets = [None, 1 << 20, 64 << 10]
with tempfile.TemporaryDirectory() as scratch:
    programs = []
    recurrence_args = os.path.join(scratch, "recurrence.json")
    with open(recurrence_args, "w") as f:
        json.dump([0.5, 1.3, 0.2, options.steps], f)
    programs.append((f"recurrence, {options.steps} steps",
                     os.path.join(here, "..", "scalar-loop", "recurrence.mlir"),
                     "recurrence", recurrence_args, ["--wrt", "0,1,2"]))
    programs.append((f"while loop, {options.steps} steps",
                     os.path.join(here, "..", "scalar-loop", "while.mlir"),
                     "recurrence_while", recurrence_args, ["--wrt", "0,1,2"]))
    lstm_args = os.path.join(scratch, "lstm.json")
    with open(lstm_args, "w") as f:
        json.dump(lstm_arguments(options.lstm_steps), f)
    programs.append((f"LSTM l2 b14, {options.lstm_steps} steps",
                     os.path.join(here, "..", "adbench", "lstm.mlir"), "lstm",
                     lstm_args, ["--wrt", "0,1"]))
    for name, program, entry, args_file, flags in programs:
        baseline = None
        for budget in budgets:
            ms, peak, recomputed, gradient = measure(program, entry, args_file,
                                                     flags, budget)
            if baseline is None:
                baseline = (ms, flat(gradient))
            diff = max((abs(a - b) / max(abs(a), abs(b), 1e-300)
                        for a, b in zip(baseline[1], flat(gradient))),
                       default=0.0)
            label = "unlimited" if budget is None else (
                f"{budget >> 20} MB" if budget >= 1 << 20 else f"{budget >> 10} KB")
            flag = "" if budget is None or peak <= budget else "  over budget"
            print(f"{name:<28} {label:>10} {peak:>12,} {recomputed:>12,} "
                  f"{ms:>12.2f} {ms / baseline[0]:>12.2f} {diff:>12.1e}{flag}")
