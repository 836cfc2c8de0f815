#!/usr/bin/env bash
# make test-compat: the quickstart (resource form: apply, a plan that must show no changes,
# destroy) and import by string id of a template and a pipeline (scripts/compat_import.sh)
# against the local simulator with the oldest Terraform the provider supports and with OpenTofu, each built once per machine from the Go module proxy (scripts/terraform.sh
# --version, scripts/tofu.sh) unless the one on PATH is exactly that version.
# One result line per tool; exits non-zero if any of them failed.
set -euo pipefail

readonly FLOOR_TERRAFORM=1.11.4 # write-only attributes need Terraform 1.11
readonly OPENTOFU=1.12.6

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

failed=0
run() {
  local what=$1 bin
  shift
  if ! bin=$("$@"); then
    printf 'compat: %-18s FAIL  could not get the binary (%s)\n' "$what" "$*"
    failed=1
    return
  fi
  scripts/demo.sh --check --cli "$bin" || failed=1
  scripts/compat_import.sh --cli "$bin" || failed=1
}

echo "==> compatibility check: examples/quickstart and import by string id on Terraform $FLOOR_TERRAFORM (the floor) and OpenTofu $OPENTOFU"
run "Terraform $FLOOR_TERRAFORM" scripts/terraform.sh --version "$FLOOR_TERRAFORM"
run "OpenTofu $OPENTOFU" scripts/tofu.sh --version "$OPENTOFU"
if [ "$failed" -ne 0 ]; then
  echo "compat: FAILED (see above)" >&2
  exit 1
fi
echo "compat: all passed"
