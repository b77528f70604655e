#!/usr/bin/env bash
# Quick start, part 1: set up, build, then differentiate an example program and
# JIT-run it, printing its value, its gradient and a finite-difference check.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

example="$REWIND_ROOT/examples/pendulum.mlir"
echo
echo "== rewind-run $example --entry energy_after --args '[0.8, 0.0, 1.5]' --grad --check"
rewind-run "$example" --entry energy_after --args '[0.8, 0.0, 1.5]' --grad --check
echo
echo "== the same, as JSON"
rewind-run "$example" --entry energy_after --args '[0.8, 0.0, 1.5]' --grad --json
