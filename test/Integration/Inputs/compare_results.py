"""Compares two rewind-run --json outputs number by number: fails when a
value or gradient element differs by more than `rtol` relative to the
larger magnitude (or when their shapes or nulls differ); prints the largest
relative difference.

    python3 compare_results.py A.json B.json 1e-12
"""
import json
import sys


def numbers(x, path="result"):
    if isinstance(x, list):
        for i, y in enumerate(x):
            yield from numbers(y, f"{path}[{i}]")
    elif isinstance(x, dict):
        for key in sorted(x):
            yield from numbers(x[key], f"{path}.{key}")
    else:
        yield path, x


a, b = (json.load(open(p)) for p in sys.argv[1:3])
rtol = float(sys.argv[3])
pairs_a, pairs_b = list(numbers(a)), list(numbers(b))
if [p for p, _ in pairs_a] != [p for p, _ in pairs_b]:
    sys.exit("the two results differ in shape")
worst = 0.0
for (path, x), (_, y) in zip(pairs_a, pairs_b):
    if x is None or y is None or isinstance(x, str) or isinstance(y, str):
        if x != y:
            sys.exit(f"{path}: {x} vs {y}")
        continue
    scale = max(abs(x), abs(y))
    diff = abs(x - y) / scale if scale else 0.0
    worst = max(worst, diff)
    if diff > rtol:
        sys.exit(f"{path}: {x} vs {y} (relative difference {diff:.3e})")
print(f"max relative difference {worst:.3e}")
