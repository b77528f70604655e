#!/usr/bin/env python3
"""Runs GradBench evals against rewind-gradbench and other tools through the
protocol (../shared/gradbench/run.py) and prints one table: eval x input x
function, each tool's median evaluate time, whether Rewind's answers were
valid, Rewind / best other tool, and Rewind's compile time per eval.

  table.py [--tools rewind,manual,adol-c] [--evals gmm,lstm] [--small | --largest]
           [--root build/gradbench] [--min-seconds S] [--rewind-gradbench BIN]

--small: the small inputs of every eval, Rewind only (the suite's check that
Rewind stays valid on GradBench); exit status 1 unless every answer is valid.
--largest: each eval's largest default input only.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(ROOT, "..", "shared", "gradbench", "run.py")

# The evals rewind-gradbench serves, with the arguments of a full run (the
# eval's defaults), of a quick check (--small) and of the largest default
# input alone (--largest; det at 10, not 11: a minute per gradient; ht up
# to 11, the last input GradBench's offline copy has).
EVALS = {
    "hello": ("", "", ""),
    "lse": ("", "-n 2500 5000", "-n 1280000"),
    "llsq": ("", "-n 16 1024", "-n 16392"),
    "det": ("", "-l 5 7", "-l 10"),
    "ode": ("", "-n 1000 -s 1 10", "-n 100000 -s 100"),
    "gmm": ("", "-n 1000 -k 5 -d 2 10", "-n 1000 -k 100 -d 64"),
    "lstm": ("", "-l 2 -c 1024", "-l 6 -c 8192"),
    "kmeans": ("", "-k 10 -n 1000 -d 8", "-k 1000 -n 10000 -d 16"),
    "ba": ("", "--min 1 --max 1", "--min 14 --max 14"),
    "ht": ("--max 11", "--model small --max 1", "--min 11 --max 11"),
    "particle": ("", "", ""),
    "saddle": ("", "", ""),
}


def run(eval_name, tool, eval_args, root, timeout, binary):
    """Runs one eval against one tool; the runner's summary records."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        summary = f.name
    command = [sys.executable, RUNNER, "--root", root, "--eval", eval_name,
               "--quiet", "--summary-json", summary,
               "--eval-args=" + eval_args, "--timeout", str(timeout)]
    if tool == "rewind":
        command += ["--", binary]
    elif tool == "pytorch":
        command += ["--py-tool", "pytorch"]
    else:
        command += ["--cpp-tool", tool]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(summary) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"outcome": "error", "evaluations": [], "define": None}
    finally:
        os.unlink(summary)


def fmt(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.0f} ns"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default="rewind,manual,adol-c")
    ap.add_argument("--evals", default=",".join(EVALS))
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--largest", action="store_true")
    ap.add_argument("--root", default=os.path.join(ROOT, "build", "gradbench"))
    ap.add_argument("--min-seconds", type=float, default=None)
    ap.add_argument("--rewind-gradbench",
                    default=os.path.join(ROOT, "build", "bin", "rewind-gradbench"))
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    tools = ["rewind"] if a.small else a.tools.split(",")
    min_seconds = a.min_seconds if a.min_seconds is not None else (
        0 if a.small else 1)
    all_valid = True
    rows = [("eval", "input", "function", *tools, "valid", "rewind/best",
             "compile")]
    for name in a.evals.split(","):
        full, small, largest = EVALS[name]
        args = (small if a.small else largest if a.largest else full).split()
        if name != "hello":
            args += ["--min-runs", "1", "--min-seconds", str(min_seconds)]
        results = {t: run(name, t, " ".join(args), a.root, a.timeout,
                          a.rewind_gradbench)
                   for t in tools}
        mine = results["rewind"]
        define = (mine.get("define") or {}).get("response") or {}
        # Compiled on define, and (ht: one entry per variant) on first use.
        compiles = [t["nanoseconds"] for t in define.get("timings", [])
                    if t.get("name") == "compile"]
        compiles += [e["other_timings"]["compile"]
                     for e in mine.get("evaluations", [])
                     if "compile" in e.get("other_timings", {})]
        compile_ns = sum(compiles) if compiles else None
        if mine.get("outcome") != "success":
            all_valid = False
            rows.append((name, "-", "-", *["-"] * len(tools),
                         mine.get("outcome"), "-", fmt(compile_ns)))
            for e in mine.get("evaluations", []):
                if e.get("error") or e.get("analysis_error"):
                    print(f"{name} {e['function']} {e['description']}: "
                          f"{e.get('error') or e.get('analysis_error')}",
                          file=sys.stderr)
        for e in mine.get("evaluations", []):
            key = (e["function"], e["description"])
            times = []
            for t in tools:
                match = next((r for r in results[t].get("evaluations", [])
                              if (r["function"], r["description"]) == key
                              and r.get("valid") is not False), None)
                times.append(match["evaluate_median_ns"] if match else None)
            others = [x for x in times[1:] if x]
            ratio = (f"{times[0] / min(others):.2f}"
                     if times[0] and others else "-")
            valid = "yes" if e.get("valid") else "NO"
            all_valid &= bool(e.get("valid"))
            rows.append((name, e["description"], e["function"],
                         *map(fmt, times), valid, ratio, fmt(compile_ns)))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("all answers valid" if all_valid else "SOME ANSWERS NOT VALID")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main())
