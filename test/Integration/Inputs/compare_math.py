"""Reads rewind-run --json output of a function mapping a tensor through
math functions (by default exp, log of the absolute value, tanh and expm1:
four result tensors; or the comma-separated names given third) and compares
every element with Python's libm-based math functions. Fails above `ulps`
units in the last place; prints the worst error in ulps."""
import json
import math
import sys

inputs = json.loads(sys.argv[1])
ulps = float(sys.argv[2])
values = json.load(sys.stdin)["value"]
worst = 0.0
names = sys.argv[3].split(",") if len(sys.argv) > 3 else [
    "exp", "log", "tanh", "expm1"]
for name, got_all in zip(names, values):
    fn = getattr(math, name)
    for x, got in zip(inputs, got_all):
        if name == "log":
            x = abs(x)
        try:
            want = fn(x)
        except OverflowError:
            want = math.inf
        except ValueError:  # log(0), log(x < 0), sin(inf)
            want = -math.inf if name == "log" and x == 0 else math.nan
        if math.isnan(want) or math.isinf(want):
            ok = (math.isnan(want) and math.isnan(got)) or want == got
            if not ok:
                sys.exit(f"{name}({x}) = {got}, want {want}")
            continue
        err = abs(got - want) / (math.ulp(want) if want != 0 else 5e-324)
        if err > ulps:
            sys.exit(f"{name}({x}) = {got!r}, want {want!r}: {err:.1f} ulp")
        worst = max(worst, err)
print(f"max error {worst:.2f} ulp")
