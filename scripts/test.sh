#!/usr/bin/env bash
# Quick start, part 2: set up, build, and run every test (lit + FileCheck
# regression and execution tests). Ends with a line "N passed, M failed".
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" || exit 1
set +e

log=$(mktemp)
trap 'rm -f "$log"' EXIT
ninja -C "$BUILD_DIR" check-rewind 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# lit's summary has "  Passed: N" and, when some fail, "  Failed: N".
count() { grep -Eo "^ *$1: *[0-9]+" "$log" | grep -Eo '[0-9]+' | tail -n 1; }
passed=$(count Passed)
failed=$(count Failed)
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
