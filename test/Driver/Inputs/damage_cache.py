"""Damages every entry of a Rewind code cache directory (argv[1]): with
"header", an entry loses the end of its header; with "object", it keeps a
valid header but its object file becomes bytes that do not link."""

import glob
import os
import sys

directory, how = sys.argv[1:]
entries = glob.glob(os.path.join(directory, "llvmcache-*"))
entries = [e for e in entries if not e.endswith(".timestamp")]
assert entries
for path in entries:
    with open(path, "rb") as f:
        parts = f.read().split(b"\n", 2)
    if len(parts) < 3:  # damaged already
        continue
    magic, header, _ = parts
    with open(path, "wb") as f:
        if how == "header":
            f.write(magic + b"\n" + header[:5])
        else:
            f.write(magic + b"\n" + header + b"\n" + b"\x7fELF not an object")
