#!/usr/bin/env python3
"""Rewind's own fuzzer: mutates the programs and --args of the test corpus
and runs them through rewind-run and rewind-opt, looking for what a user
must never see: a crash, a hang, an abort, a non-zero exit without a
one-line error, or an error message that is not Rewind's.

    python3 scripts/fuzz.py --bin build/bin --cases 200            # a quick run
    python3 scripts/fuzz.py --bin build/bin --cases 100000 --jobs 2 \\
        --seed 7 --out fuzz-findings                               # longer

Each case is deterministic in (seed, case number): a finding prints the
command that reproduces it and, with --out, saves the mutated program and
arguments. Exit status 1 when anything was found.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Interesting values for numbers in programs and arguments.
NUMBERS = ["0", "1", "-1", "2", "3", "7", "64", "1000", "-1000",
           "2147483647", "2147483648", "-2147483649", "4294967296",
           "9223372036854775807", "-9223372036854775808",
           "9223372036854775808", "18446744073709551616",
           "1.0e308", "-1.0e308", "1.0e-320", "0.5", "-0.0", "1e400"]
ARG_NUMBERS = NUMBERS + ["NaN", "Infinity", "-Infinity", "true", "null",
                         "\"x\"", "[]", "[[1]]", "1e", "+1", ".5", "01"]
# Ops that may replace one another (same operands and results).
OP_GROUPS = [
    ["arith.addf", "arith.subf", "arith.mulf", "arith.divf", "arith.remf",
     "arith.maximumf", "arith.minimumf", "arith.maxnumf", "arith.minnumf",
     "math.powf", "math.atan2", "math.copysign"],
    ["math.sin", "math.cos", "math.exp", "math.log", "math.sqrt", "math.tanh",
     "math.rsqrt", "math.abs", "math.floor", "math.erf", "math.log1p",
     "math.expm1", "math.cbrt", "math.atan", "math.asin", "arith.negf",
     "math.absf", "math.round", "math.tan", "math.acos", "math.sinh"],
    ["arith.addi", "arith.subi", "arith.muli", "arith.divsi", "arith.remsi",
     "arith.divui", "arith.maxsi", "arith.minsi", "arith.shli", "arith.andi"],
    ["scf.for", "scf.while", "scf.if", "linalg.generic", "linalg.map"],
    ['"parallel"', '"reduction"'],
    ["tensor<", "memref<", "vector<"],
    ["f64", "f32", "f16", "bf16", "i64", "i32", "i1", "index"],
    ["ogt", "olt", "oeq", "une", "uno", "slt", "sge", "ult"],
]
NUMBER_RE = re.compile(r"(?<![\w%#.@^])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")
VALUE_RE = re.compile(r"%[A-Za-z_0-9#]+")


def corpus():
    """(program text, [(entry, args or None)]) for each .mlir test file."""
    items = []
    for top in ("test", "examples", os.path.join("benchmarks", "adbench")):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in sorted(files):
                if not name.endswith(".mlir"):
                    continue
                with open(os.path.join(folder, name), errors="replace") as f:
                    text = f.read()
                calls = []
                for line in text.splitlines():
                    m = re.search(r"--entry[ =](\w+)", line)
                    if "RUN:" in line and m:
                        a = re.search(r"--args '([^']*)'", line)
                        calls.append((m.group(1), a.group(1) if a else None))
                if not calls:
                    calls = [(e, None) for e in
                             re.findall(r"func\.func (?:private )?@(\w+)", text)]
                if calls:
                    items.append((os.path.relpath(folder + "/" + name, ROOT),
                                  text, calls))
    return sorted(items)


def mutate_text(rng, text):
    lines = text.split("\n")
    code = [i for i, l in enumerate(lines)
            if l.strip() and not l.lstrip().startswith("//")]
    if not code:
        return text
    kind = rng.randrange(9)
    i = rng.choice(code)
    line = lines[i]
    if kind == 0:  # a number
        spots = list(NUMBER_RE.finditer(line))
        if spots:
            m = rng.choice(spots)
            line = line[:m.start()] + rng.choice(NUMBERS) + line[m.end():]
    elif kind == 1:  # an op or keyword of the same group
        for group in rng.sample(OP_GROUPS, len(OP_GROUPS)):
            present = [w for w in group if w in line]
            if present:
                line = line.replace(rng.choice(present), rng.choice(group), 1)
                break
    elif kind == 2:  # delete a line
        line = None
    elif kind == 3:  # duplicate a line
        lines.insert(i, line)
    elif kind == 4:  # another SSA value
        names = VALUE_RE.findall(text)
        spots = list(VALUE_RE.finditer(line))
        if spots and names:
            m = rng.choice(spots)
            line = line[:m.start()] + rng.choice(names) + line[m.end():]
    elif kind == 5:  # a dimension
        line = re.sub(r"(tensor<)(\d+|\?)", lambda m: m.group(1) + rng.choice(
            ["?", "0", "1", "3", "65536"]), line, count=1)
    elif kind == 6:  # truncate the program
        return "\n".join(lines[:i]) + "\n" + line[:rng.randrange(len(line) + 1)]
    elif kind == 7:  # swap two lines
        j = rng.choice(code)
        lines[i], lines[j] = lines[j], lines[i]
        line = lines[i]
    else:  # a byte
        p = rng.randrange(len(line) + 1)
        line = line[:p] + rng.choice("{}()[]<>:,=%@#-0x\"\\") + line[p:]
    if line is None:
        del lines[i]
    else:
        lines[i] = line
    return "\n".join(lines)


def mutate_args(rng, args):
    if args is None or rng.random() < 0.15:
        return rng.choice(["[]", "[1.0]", "[1, 2, 3]", "[[1.5, 2.5]]",
                           "[0.5, 3]", "[" * 300 + "]" * 300, "", "{}"])
    spots = list(NUMBER_RE.finditer(args))
    kind = rng.randrange(4)
    if kind == 0 and spots:
        m = rng.choice(spots)
        return args[:m.start()] + rng.choice(ARG_NUMBERS) + args[m.end():]
    if kind == 1 and spots:  # drop or repeat an element
        m = rng.choice(spots)
        repeat = rng.random() < 0.5
        return (args[:m.start()] + (m.group(0) + ", " + m.group(0) if repeat
                                    else "") + args[m.end():]).replace(", ]", "]")
    if kind == 2:  # nest deeper
        p = rng.randrange(len(args) + 1)
        return args[:p] + "[" + args[p:] + "]"
    return args


def make_case(items, seed, number):
    rng = random.Random(seed * 1000003 + number)
    path, text, calls = rng.choice(items)
    entry, args = rng.choice(calls)
    program = text
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        program = mutate_text(rng, program)
    if rng.random() < 0.5:
        args = mutate_args(rng, args)
    tool = rng.choices(["run", "run-grad", "run-check", "opt-diff", "opt-lower"],
                       [3, 4, 1, 1, 1])[0]
    return {"source": path, "program": program, "entry": entry,
            "args": args, "tool": tool}


def command(case, binaries, path):
    if case["tool"].startswith("opt"):
        pipeline = ("--rewind-differentiate" if case["tool"] == "opt-diff"
                    else "--rewind-lower-to-llvm")
        return [os.path.join(binaries, "rewind-opt"), path, pipeline,
                "-o", os.devnull]
    cmd = [os.path.join(binaries, "rewind-run"), path, "--entry",
           case["entry"], "--timeout=20", "--max-tape-bytes=200000000"]
    if case["args"] is not None:
        cmd += ["--args", case["args"]]
    if case["tool"] != "run":
        cmd.append("--grad")
    if case["tool"] == "run-check":
        cmd.append("--check")
    return cmd


def verdict(case, result):
    """None when the run is acceptable, else what is wrong."""
    if result is None:
        return "hang (no exit within 60 s)"
    code, err = result.returncode, result.stderr
    if code < 0:
        return "killed by signal %d" % -code
    for marker in ("PLEASE submit a bug report", "Stack dump",
                   "LLVM ERROR", "Assertion", "UNREACHABLE",
                   "AddressSanitizer", "runtime error:",
                   "LeakSanitizer"):
        if marker in err:
            return "'%s' on stderr" % marker
    if case["tool"].startswith("opt"):
        return None if code in (0, 1) else "exit status %d" % code
    if code not in (0, 1, 3):
        return "exit status %d" % code
    if code != 0:
        last = err.rstrip("\n").split("\n")[-1]
        if not last.startswith("rewind-run: error: "):
            return "the error is not one 'rewind-run: error:' line: %r" % last
    return None


def run_case(binaries, seed, number, items, out):
    case = make_case(items, seed, number)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "case.mlir")
        with open(path, "w") as f:
            f.write(case["program"])
        cmd = command(case, binaries, path)
        try:
            result = subprocess.run(cmd, capture_output=True, text=True,
                                    errors="replace", timeout=60)
        except subprocess.TimeoutExpired:
            result = None
        problem = verdict(case, result)
        outcome = ("problem" if problem else
                   "ran" if result.returncode == 0 else "clean error")
        if problem and out:
            os.makedirs(out, exist_ok=True)
            saved = os.path.join(out, "case-%d-%d.mlir" % (seed, number))
            with open(saved, "w") as f:
                f.write(case["program"])
                f.write("\n// from %s\n// %s\n" % (case["source"], problem))
            cmd[1] = saved
        return number, problem, cmd, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"),
                        help="folder with rewind-run and rewind-opt")
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--first", type=int, default=0,
                        help="number of the first case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", help="folder for the cases that fail")
    options = parser.parse_args()

    items = corpus()
    found = 0
    outcomes = {}
    with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
        jobs = [pool.submit(run_case, options.bin, options.seed, n, items,
                            options.out)
                for n in range(options.first, options.first + options.cases)]
        for job in jobs:
            number, problem, cmd, outcome = job.result()
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if problem:
                found += 1
                print("case %d: %s\n  %s" % (number, problem,
                                             " ".join(shlex.quote(c) for c in cmd)))
    print("%d cases (seed %d): %s; %d problems" % (
        options.cases, options.seed,
        ", ".join("%d %s" % (n, k) for k, n in sorted(outcomes.items())),
        found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
