#!/usr/bin/env bash
# Quick start, part 2: set up, build, and run every test (lit + FileCheck
# regression and execution tests). Ends with a line "N passed, M failed".
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" || exit 1
set +e

# GradBench (../shared/gradbench, when present): its reference tool, which
# the suite's GradBench test validates Rewind's answers against.
gradbench="$REWIND_ROOT/../shared/gradbench/setup.sh"
if [ -f "$gradbench" ]; then
  bash "$gradbench" "$BUILD_DIR/gradbench" >/dev/null 2>&1 ||
    echo "test.sh: GradBench set-up failed; its test will be unsupported" >&2
fi

# The counts come from lit's JSON results, not from its human-readable
# summary, whose layout changes with the kinds of results present.
results=$(mktemp)
trap 'rm -f "$results"' EXIT
LIT_OPTS="${LIT_OPTS:-} -o $results" ninja -C "$BUILD_DIR" check-rewind
status=$?

summary=$(/usr/bin/python3 - "$results" <<'PY'
import collections, json, sys
try:
    with open(sys.argv[1]) as f:
        tests = json.load(f).get("tests", [])
except (OSError, ValueError):
    tests = []
codes = collections.Counter(t.get("code") for t in tests)
passed = codes["PASS"] + codes["XFAIL"]
failed = sum(n for code, n in codes.items()
             if code not in ("PASS", "XFAIL", "UNSUPPORTED"))
print(passed, failed, codes["UNSUPPORTED"])
PY
)
read -r passed failed unsupported <<<"$summary"
line="${passed:-0} passed, ${failed:-0} failed"
[ "${unsupported:-0}" -eq 0 ] || line+=", $unsupported unsupported"
echo "$line"
if [ "${passed:-0}" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
[ "${failed:-0}" -eq 0 ] || status=1
exit "$status"
