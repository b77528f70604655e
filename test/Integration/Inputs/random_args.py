"""Prints a --args JSON array: each argument AxBxC (or a single N for a
1-d shape) becomes an array of that shape of pseudo-random numbers in
[-1, 1] with 3 decimals; an argument starting with '=' is taken as JSON
(=0.5, =[1, 2]). The same arguments and seed give the same values.

    python3 random_args.py [--seed N] 1x7x7x2 3x3x2x3 =2
"""
import json
import random
import sys

args = sys.argv[1:]
seed = 0
if args[:1] == ["--seed"]:
    seed, args = int(args[1]), args[2:]
rng = random.Random(seed)


def array(shape):
    if not shape:
        return round(rng.uniform(-1, 1), 3)
    return [array(shape[1:]) for _ in range(shape[0])]


print(json.dumps([json.loads(a[1:]) if a.startswith("=")
                  else array([int(d) for d in a.split("x")]) for a in args]))
