"""Compile time against program length: N recorded steps of
x = x + 0.001 * sin(x * w) on 16-element tensors, differentiated with
respect to w (the kind of long straight-line program a Python loop
records). Prints the compile time (differentiate, MLIR lowering, LLVM) per
N; stops after the first N that takes longer than --limit seconds.

    python3 compile_scaling.py [--steps 100,200,400,1000,4000] [--limit 60]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

import rewind


def program(steps):
    """The recorded program, as MLIR with a scalar result, and its
    arguments as rewind-run --args JSON."""
    w = rewind.Variable(np.linspace(0.1, 1.0, 16))
    with rewind.GradientTape() as tape:
        x = rewind.array(np.linspace(-1, 1, 16))
        for _ in range(steps):
            x = x + 0.001 * rewind.sin(x * w)
        loss = x.sum()
    text = tape._program(loss)[1]
    text = text.replace(") -> tensor<f64> {", ") -> f64 {", 1)
    text = re.sub(r"return (%\w+) : tensor<f64>",
                  r"%r = tensor.extract \1[] : tensor<f64>\n    return %r : f64",
                  text)
    args = [np.asarray(a).tolist() for a in tape._recording.values]
    return text, args


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="100,200,400,1000,4000")
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--tool", default="rewind-run")
    options = parser.parse_args()
    print("steps  compile s  (differentiate, lower, llvm ms)  gradient run ms")
    with tempfile.TemporaryDirectory() as directory:
        for steps in map(int, options.steps.split(",")):
            text, args = program(steps)
            source = os.path.join(directory, f"steps{steps}.mlir")
            with open(source, "w") as f:
                f.write(text)
            with open(source + ".json", "w") as f:
                json.dump(args, f)
            start = time.perf_counter()
            out = subprocess.run(
                [options.tool, source, "--entry", "tape", "--grad",
                 "--wrt=1", "--args-file", source + ".json", "--measure",
                 "--cache=false"],
                capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if out.returncode:
                sys.exit(out.stderr)
            m = re.search(r"compile ([0-9.]+) ms \(differentiate ([0-9.]+), "
                          r"lower ([0-9.]+), llvm ([0-9.]+)\), run ([0-9.]+)",
                          out.stderr)
            print(f"{steps:5d}  {float(m.group(1)) / 1e3:9.1f}  "
                  f"({m.group(2)}, {m.group(3)}, {m.group(4)})  "
                  f"{m.group(5)}", flush=True)
            if seconds > options.limit:
                print(f"(stopping: {steps} steps took more than "
                      f"{options.limit:.0f} s)")
                break


if __name__ == "__main__":
    main()
