#!/usr/bin/env bash
# Prints the absolute path of OpenTofu for the compatibility check (`make test-compat`);
# only the path goes to stdout.
#
#   scripts/tofu.sh [--version X.Y.Z]     default: the version below
#
# The `tofu` on PATH is used if it is exactly that version; otherwise it is built once per
# machine from the Go module proxy: `go mod download -json github.com/opentofu/opentofu@vX`,
# then `go build ./cmd/tofu` in a copy of the module (its only replace directive points at
# another published module, so nothing needs removing). Nothing downloads a binary.
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-cicd/tofu-X.Y.Z/tofu.
set -euo pipefail

version=1.12.6

# shellcheck source=lib/gotool.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/gotool.sh"

case "${1:-}" in
  "") ;;
  --version) version=${2:?usage: scripts/tofu.sh [--version X.Y.Z]} ;;
  *)
    tool_log tofu.sh "usage: scripts/tofu.sh [--version X.Y.Z]"
    exit 2
    ;;
esac

if onpath=$(command -v tofu 2>/dev/null) && cli_is "$onpath" "$version"; then
  abspath "$onpath"
  exit 0
fi
dir="$(tool_cache_root)/tofu-$version"
if ! cli_is "$dir/tofu" "$version"; then
  with_tool_lock "$dir" build_module_cli tofu.sh tofu github.com/opentofu/opentofu "$version" ./cmd/tofu \
    '-X github.com/opentofu/opentofu/version.dev=no' "$dir"
fi
printf '%s\n' "$dir/tofu"
