#!/usr/bin/env bash
# Builds and runs Rewind's benchmarks; prints ratios measured in one run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
here="$REWIND_ROOT/benchmarks"
echo "== scalar loops: gradient / primal (both compiled by Rewind), tape size"
rewind-bench-scalar "$here/scalar-loop/recurrence.mlir" recurrence
rewind-bench-scalar "$here/scalar-loop/while.mlir" recurrence_while
