#!/usr/bin/env bash
# Builds and runs Rewind's benchmarks; prints ratios measured in one run.
#   bash benchmarks/run.sh [ADBENCH_DIR]
# (REWIND_UPDATE_README=1: also write the ADBench table, with the CPU it was
# measured on, into README.md.)
# ADBENCH_DIR holds ADBench's inputs ({gmm,lstm}/...; default ../shared/adbench
# relative to the repository); the ADBench runs are skipped when it is absent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
here="$REWIND_ROOT/benchmarks"
adbench="${1:-$REWIND_ROOT/../shared/adbench}"
echo "== scalar loops: gradient / primal (both compiled by Rewind), tape size"
rewind-bench-scalar "$here/scalar-loop/recurrence.mlir" recurrence
rewind-bench-scalar "$here/scalar-loop/while.mlir" recurrence_while

echo "== Checkpointing under a memory budget: peak tape, recomputed iterations, gradient time vs no budget"
/usr/bin/python3 "$here/checkpoint/budget.py"

echo "== CNN layer, embedding bag (f32), tanh regression (f64): Rewind vs hand-written, hand-derived C++"
rewind-bench-nn conv --repeats 11
rewind-bench-nn embedding --repeats 21
rewind-bench-nn regression --repeats 11
PYTHONPATH="$BUILD_DIR/python" /usr/bin/python3 "$here/nn/torch_peer.py" --repeats 11

echo "== Python: per-step cost of a training loop (GradientTape vs a direct compiled call)"
PYTHONPATH="$BUILD_DIR/python" /usr/bin/python3 "$here/python/training_loop.py"

echo "== Compile time against program length (recorded steps; stops after the first over 60 s)"
PYTHONPATH="$BUILD_DIR/python" /usr/bin/python3 "$here/python/compile_scaling.py"

if [ ! -d "$adbench" ]; then
  echo "== ADBench: no inputs at $adbench (pass their directory as argument); skipped"
  exit 0
fi
echo "== ADBench GMM and LSTM, every input: Rewind vs hand-written C++ objective and hand-derived gradient"
# REWIND_UPDATE_README=1 also writes the table into the README.
/usr/bin/python3 "$here/adbench/table.py" "$adbench" \
  ${REWIND_UPDATE_README:+--readme "$REWIND_ROOT/README.md"}
if grep -q avx512f /proc/cpuinfo; then
  echo "== The same with Rewind's code for an AVX2 CPU (16 ymm registers)"
  /usr/bin/python3 "$here/adbench/table.py" "$adbench" --target-cpu znver3 \
    ${REWIND_UPDATE_README:+--readme "$REWIND_ROOT/README.md"}
fi
echo "== Every core: one thread against all (--threads), gradient speedup and grad/obj"
/usr/bin/python3 "$here/threads.py" "$adbench" --bin "$BUILD_DIR/bin"
echo "== ADBench LSTM, variant with row slices and a linalg.generic cell"
rewind-adbench lstm "$adbench/lstm/lstm_l2_c1024.txt" "$adbench/lstm/lstm_l4_c1024.txt" \
  --repeats 11 --mlir-dir "$here/adbench/variants/rows"
