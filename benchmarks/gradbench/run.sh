#!/usr/bin/env bash
# GradBench: every eval Rewind serves, against Rewind and the bundled tools
# (manual, adol-c; pytorch with WITH_TORCH=1), in one table (table.py).
# Sets up ../shared/gradbench in build/gradbench first (idempotent).
#   benchmarks/gradbench/run.sh [table.py options, e.g. --evals gmm,lstm]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/setup.sh >/dev/null
bash ../shared/gradbench/setup.sh build/gradbench >/dev/null
tools=rewind,manual,adol-c
[ "${WITH_TORCH:-0}" = 1 ] && tools+=",pytorch"
exec /usr/bin/python3 benchmarks/gradbench/table.py --tools "$tools" "$@"
