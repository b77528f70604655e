"""The dot-product test between forward and reverse mode on every execution
test program: for each `rewind-run ... --grad` RUN line of the given files,
the tangent along random directions v (forward mode, --jvp) must equal
<gradient, v> (reverse mode, --grad), to 1e-8 relative. With --hvp, the
Hessian-vector product along v (--grad --hvp, reverse over forward mode)
must match central differences of the gradient (--check) instead. Prints one
line per program that fails and a summary; exits 1 if any failed.

With --budget, the gradient under a 1-byte tape budget (--tape-budget=1:
every loop at the top of a function checkpointed, as deep as allowed) must
equal the gradient without one, up to the order of sums.

Usage: dot_product_test.py [--hvp | --budget] REWIND_RUN FILE.mlir...
"""
import concurrent.futures
import json
import os
import random
import re
import shlex
import subprocess
import sys

mode = sys.argv[1] if sys.argv[1] in ("--hvp", "--budget") else None
hvp_mode = mode == "--hvp"
budget_mode = mode == "--budget"
rewind_run = sys.argv[2 if mode else 1]
files = sys.argv[3 if mode else 2:]


def run_lines(path):
    """(entry, args, wrt, extra flags) of each --grad RUN line of `path`."""
    found = []
    for line in open(path):
        match = re.match(r"\s*//\s*RUN:\s*rewind-run %s (.*?)(\||$)", line)
        if not match or "--grad" not in match.group(1) or "%{" in line:
            continue
        try:
            words = shlex.split(match.group(1))
        except ValueError:
            continue
        entry = args = None
        wrt, extra = [], []
        i = 0
        while i < len(words):
            w = words[i]
            value = words[i + 1] if i + 1 < len(words) else None
            if w == "--entry":
                entry, i = value, i + 2
                continue
            if w == "--args":
                args, i = value, i + 2
                continue
            if w.startswith("--wrt"):
                wrt = [w.split("=", 1)[1]] if "=" in w else [value]
                i += 1 if "=" in w else 2
                continue
            if w.startswith(("--vectorize", "--fp-contract", "--unconnected")):
                extra.append(w)
            i += 1
        if entry and args:
            found.append((entry, args, tuple(wrt), tuple(extra)))
    return list(dict.fromkeys(found))


def random_like(value, rng):
    if isinstance(value, list):
        return [random_like(v, rng) for v in value]
    return round(rng.uniform(-1, 1), 3)


def dot(a, b):
    if isinstance(a, list):
        return sum(dot(x, y) for x, y in zip(a, b))
    return a * b


def close(a, b, tol):
    if isinstance(a, list):
        return (isinstance(b, list) and len(a) == len(b)
                and all(close(x, y, tol) for x, y in zip(a, b)))
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def finite(value):
    if isinstance(value, list):
        return all(finite(v) for v in value)
    return isinstance(value, (int, float)) and abs(value) < float("inf")


# Programs whose gradient has kinks at the test's arguments (ties of a max):
# central differences of the gradient straddle them.
KNOWN_HVP = {
    ("linalg-max-reduction-ties.mlir", "maxtie"),
    ("linalg-conv-pool.mlir", "maxpool"),
    ("custom-rule-attributes.mlir", "loss"),
}


def tolerance(path, entry):
    """Relative tolerance for the narrowest floating-point type the program
    uses: rounding (of results, gradients and printed values) dominates in
    f32 and narrower types."""
    text = open(path).read()
    if re.search(r"\b(f16|bf16)\b", text):
        return 3e-3
    if re.search(r"\bf32\b", text):
        return 1e-5
    return 1e-8


# Programs where forward and reverse mode may rightly differ: (file, entry)
# and why.
KNOWN = {
    ("custom-rule-attributes.mlir", "loss"):
        "user rules that clip the derivative (nonlinear: the pullback is "
        "not the transpose of the tangent function)",
}


def call(path, entry, args, flags):
    command = [rewind_run, path, "--entry", entry, "--args", args, "--json"]
    done = subprocess.run(command + list(flags), capture_output=True,
                          text=True, env=dict(os.environ, REWIND_CACHE="off"))
    if done.returncode != 0:
        return None, done.stderr.strip()
    return json.loads(done.stdout.replace("NaN", "null")
                      .replace("-Infinity", "null")
                      .replace("Infinity", "null")), done.stderr


def check(job):
    path, (entry, args, wrt, extra) = job
    name = f"{os.path.basename(path)} @{entry} {args}"
    wrt_flags = ["--wrt", wrt[0]] if wrt else []
    reverse, error = call(path, entry, args, ["--grad", *wrt_flags, *extra])
    if reverse is None or not finite(reverse["gradient"] and
                                     [g for g in reverse["gradient"] if g is not None]):
        return None  # no gradient to compare with (an expected error, NaN)
    if budget_mode:
        budgeted, error = call(path, entry, args,
                               ["--grad", *wrt_flags, *extra,
                                "--tape-budget=1", "--measure"])
        if budgeted is None:
            return f"{name}: --tape-budget=1 failed: {error}"
        recomputed = re.search(r"recomputed (\d+) iterations", error)
        if recomputed and int(recomputed.group(1)) > 0:
            checkpointed.add(name)
        for want, got in zip(reverse["gradient"], budgeted["gradient"]):
            if not close(want, got, tolerance(path, entry)):
                return (f"{name}: gradient {got!r} under a budget, "
                        f"{want!r} without")
        return ""
    rng = random.Random(name)  # the same directions on every run
    tangents = [None if g is None else random_like(g, rng)
                for g in reverse["gradient"]]
    forward, error = call(path, entry, args,
                          ["--jvp", json.dumps(tangents), *extra])
    if forward is None and "but no tangent function" in error:
        return None  # a custom reverse rule has no forward counterpart
    if forward is None:
        return f"{name}: --jvp failed: {error}"
    if hvp_mode:
        # H v against central differences of the gradient along v: where
        # those are meaningful (f64 throughout, finite arguments, no ties).
        text = open(path).read()
        if (re.search(r"\b(f32|f16|bf16)\b", text) or "NaN" in args
                or "Infinity" in args
                or (os.path.basename(path), entry) in KNOWN_HVP):
            return None
        second, error = call(path, entry, args,
                             ["--grad", *wrt_flags, *extra, "--hvp",
                              json.dumps(tangents), "--check"])
        if second is None:
            return f"{name}: --hvp failed: {error}"
        err = second.get("max_rel_error")
        if err is None or err > 1e-5:
            return f"{name}: H v differs from finite differences: {err}"
        return ""
    expected = sum(dot(g, v) for g, v in zip(reverse["gradient"], tangents)
                   if g is not None)
    got = forward["tangent"]
    if not isinstance(got, (int, float)) or not finite(got):
        return f"{name}: tangent {got}, <gradient, v> = {expected}"
    if (os.path.basename(path), entry) in KNOWN:
        return None
    if abs(got - expected) > tolerance(path, entry) * max(1.0, abs(got),
                                                          abs(expected)):
        return f"{name}: tangent {got!r} but <gradient, v> = {expected!r}"
    return ""


checkpointed = set()  # programs whose gradient recomputed iterations
jobs = [(path, line) for path in files for line in run_lines(path)]
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(check, jobs))
failures = [r for r in results if r]
for failure in failures:
    print("FAIL:", failure)
compared = sum(1 for r in results if r is not None)
print(f"{mode[2:] if mode else 'dot-product'} test: "
      f"{compared - len(failures)} of {compared} programs "
      f"agree ({len(jobs) - compared} skipped: no finite gradient, a custom "
      f"reverse rule, or a known difference)")
if budget_mode:
    print(f"checkpointed: {len(checkpointed)} programs recomputed iterations")
sys.exit(1 if failures else 0)
