"""Runs rewind-adbench on every ADBench GMM and LSTM input and prints one
Markdown table: Rewind's objective and gradient (vectorized, and with
--no-vectorize), the hand-written C++ objective and hand-derived gradient,
the ratios and the compile time, under a header naming the CPU and its
vector ISA. With --readme FILE, also writes the table into FILE between
the markers <!-- adbench:begin --> and <!-- adbench:end -->.

    python3 table.py ADBENCH_DIR [--readme README.md] [--repeats N]
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys

INPUTS = [("gmm", "1k/gmm_d2_K5.txt", "GMM d2 K5, 1k", 21),
          ("gmm", "10k/gmm_d2_K5.txt", "GMM d2 K5, 10k", 11),
          ("gmm", "1k/gmm_d10_K25.txt", "GMM d10 K25, 1k", 11),
          ("gmm", "10k/gmm_d10_K25.txt", "GMM d10 K25, 10k", 5),
          ("gmm", "1k/gmm_d64_K100.txt", "GMM d64 K100, 1k", 5),
          ("lstm", "lstm_l2_c1024.txt", "LSTM l2 c1024", 11),
          ("lstm", "lstm_l2_c4096.txt", "LSTM l2 c4096", 5),
          ("lstm", "lstm_l4_c1024.txt", "LSTM l4 c1024", 11),
          ("lstm", "lstm_l4_c4096.txt", "LSTM l4 c4096", 5)]

NUMBER = r"([0-9.]+)"


def cpu():
    """The CPU's model name and its widest vector ISA."""
    model, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() == "flags":
                    flags = set(value.split())
    except OSError:
        pass
    isa = ("AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags
           else "AVX" if "avx" in flags else "SSE2")
    return model, isa, os.cpu_count()


def run(tool, objective, path, repeats, *extra):
    out = subprocess.run([tool, objective, path, "--repeats", str(repeats),
                          *extra], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{tool} failed on {path}:\n{out.stderr}")
    text = out.stdout
    rewind = re.search(rf"Rewind\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}", text)
    peer = re.search(rf"C\+\+ / hand-derived\s+{NUMBER}\s+{NUMBER}", text)
    compile_ms = re.search(rf"JIT compile[^:]*: {NUMBER} ms", text)
    return (float(rewind.group(1)), float(rewind.group(2)),
            float(peer.group(1)), float(peer.group(2)),
            float(compile_ms.group(1)))


def fmt(ms):
    return f"{ms:.3g}" if ms < 100 else f"{ms:.0f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("adbench")
    parser.add_argument("--readme")
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--tool", default="rewind-adbench")
    parser.add_argument("--target-cpu",
                        help="Rewind's code for this CPU (e.g. znver3 for "
                        "AVX2 code on an AVX-512 host); the C++ peers stay "
                        "compiled for the host")
    args = parser.parse_args()
    model, isa, cores = cpu()
    target = (["--target-cpu", args.target_cpu] if args.target_cpu
              else [])
    if args.target_cpu:
        isa += f" (Rewind's code for {args.target_cpu})"
    lines = [f"{model}, {isa}, {cores} cores; one run, "
             f"{datetime.date.today().isoformat()}; medians after a warm-up "
             "(ms)", "",
             "| input | Rewind objective / gradient | grad/obj | "
             "`--vectorize=false` objective / gradient | C++ objective / "
             "hand-derived gradient | Rewind gradient ÷ hand-derived | "
             "compile (ms) |",
             "|---|---|---|---|---|---|---|"]
    print("\n".join(lines), flush=True)
    for objective, file, label, repeats in INPUTS:
        path = os.path.join(args.adbench, objective, file)
        if not os.path.exists(path):
            continue
        repeats = args.repeats or repeats
        obj, grad, peer_obj, peer_grad, compile_ms = run(
            args.tool, objective, path, repeats, *target)
        plain_obj, plain_grad, _, _, _ = run(args.tool, objective, path,
                                             repeats, "--no-vectorize",
                                             *target)
        row = (f"| {label} | {fmt(obj)} / {fmt(grad)} | {grad / obj:.2f} | "
               f"{fmt(plain_obj)} / {fmt(plain_grad)} | {fmt(peer_obj)} / "
               f"{fmt(peer_grad)} | {grad / peer_grad:.2f} | "
               f"{compile_ms:.0f} |")
        lines.append(row)
        print(row, flush=True)
    if args.readme:
        with open(args.readme) as f:
            text = f.read()
        block = f"adbench-{args.target_cpu}" if args.target_cpu else "adbench"
        begin, end = f"<!-- {block}:begin -->", f"<!-- {block}:end -->"
        if begin not in text or end not in text:
            sys.exit(f"{args.readme} has no {begin} ... {end} block")
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        with open(args.readme, "w") as f:
            f.write(head + begin + "\n" + "\n".join(lines) + "\n" + end + tail)
        print(f"(written into {args.readme})")


if __name__ == "__main__":
    main()
