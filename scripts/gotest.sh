#!/usr/bin/env bash
# make test's `go test`: every package with TF_ACC=1 and the Terraform from
# scripts/terraform.sh, verbose into a log file; the terminal gets every skipped or failed
# test, the action CLI tests, the package lines and a count. On failure it shows the failing tests' output and where the full log is.
#
#   scripts/gotest.sh GO_TEST_FLAGS... PACKAGES...
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

tf=$(scripts/terraform.sh)
log=${TEST_LOG:-${TMPDIR:-/tmp}/terraform-provider-cicd-test.log}
echo "==> go test $* (TF_ACC=1, TF_ACC_TERRAFORM_PATH=$tf: $("$tf" version 2>/dev/null | sed -n 1p))"
echo "    full output: $log"

rc=0
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf" go test -v "$@" >"$log" 2>&1 || rc=$?

# Skips at any level (with the reason, the line before), failures, the action CLI tests
# (they must pass, not skip, on the Terraform this uses), and the package lines.
grep -E -B1 '^[[:space:]]*--- SKIP' "$log" | grep -v '^--$' || true
grep -E '^[[:space:]]*--- FAIL|^[[:space:]]*--- PASS: TestAccActionsCLI|^(ok|FAIL|panic:)[[:space:]]' "$log" || true

pass=$(grep -cE '^[[:space:]]*--- PASS' "$log" || true)
fail=$(grep -cE '^[[:space:]]*--- FAIL' "$log" || true)
skip=$(grep -cE '^[[:space:]]*--- SKIP' "$log" || true)
if [ "$rc" -ne 0 ]; then
  echo
  echo "==> output of the failed tests (full log: $log)"
  # Each failing test's own lines: from its === RUN to its --- FAIL.
  awk '
    /^=== RUN/ { name = $3; buf[name] = "" }
    { for (n in buf) buf[n] = buf[n] $0 "\n" }
    /^[[:space:]]*--- (PASS|SKIP)/ { delete buf[$3] }
    /^[[:space:]]*--- FAIL/ { sub(/:$/, "", $3); n = $3; if (n in buf) { printf "%s", buf[n]; delete buf[n] } }
  ' "$log" | tail -n 400
  grep -E '^(panic:|FAIL)' "$log" | head -n 20 || true
fi
echo "go test: $pass passed, $fail failed, $skip skipped"
exit "$rc"
