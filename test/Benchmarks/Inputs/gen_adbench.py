#!/usr/bin/env python3
"""Writes small random inputs in ADBench's text formats (for the lit tests).

  gen_adbench.py gmm D K N SEED OUT
  gen_adbench.py lstm L C B SEED OUT
"""
import random
import sys


def fmt(row):
    return " ".join("%.6f" % v for v in row) + "\n"


def gmm(d, k, n, rng, out):
    out.write("%d %d %d\n" % (d, k, n))
    for _ in range(k):
        out.write(fmt([rng.gauss(0, 1)]))
    for _ in range(k):
        out.write(fmt([rng.uniform(0, 1) for _ in range(d)]))
    for _ in range(k):
        out.write(fmt([rng.gauss(0, 1) for _ in range(d + d * (d - 1) // 2)]))
    for _ in range(n):
        out.write(fmt([rng.gauss(0, 1) for _ in range(d)]))
    out.write("1.000000 0\n")


def lstm(l, c, b, rng, out):
    out.write("%d %d %d\n" % (l, c, b))
    for _ in range(2 * l):
        out.write(fmt([rng.uniform(0, 1) for _ in range(4 * b)]))
    for _ in range(3):
        out.write(fmt([rng.uniform(0, 1) for _ in range(b)]))
    for _ in range(2 * l):
        out.write(fmt([rng.uniform(0, 1) for _ in range(b)]))
    for _ in range(c):
        out.write(" ".join(str(rng.randint(0, 1)) for _ in range(b)) + "\n")


def main():
    kind, a, b, c, seed, path = sys.argv[1:7]
    rng = random.Random(int(seed))
    with open(path, "w") as out:
        {"gmm": gmm, "lstm": lstm}[kind](int(a), int(b), int(c), rng, out)


if __name__ == "__main__":
    main()
