#!/usr/bin/env bash
# Prints the absolute path of golangci-lint v2 (the version below) for `make lint`; only the
# path goes to stdout. The one on PATH is used if it is exactly that version; otherwise it is
# built once per machine with `go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint`
# through the Go module proxy (GOBIN in the cache, nothing downloads a binary) and cached in
# ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-cicd/golangci-lint-VERSION/.
set -euo pipefail

readonly VERSION=2.15.0

# shellcheck source=lib/gotool.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/gotool.sh"

log() { tool_log golangci-lint.sh "$@"; }

# lint_version BIN prints "X.Y.Z" or nothing.
lint_version() {
  "$1" version 2>/dev/null | sed -n 's/.*has version v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -n 1
}

build_lint() {
  local dir=$1 logfile=$1/build.log tmp start
  [ "$(lint_version "$dir/golangci-lint" 2>/dev/null)" = "$VERSION" ] && return 0
  command -v go >/dev/null 2>&1 || { log "go is not installed; cannot build golangci-lint $VERSION"; return 1; }
  log "building golangci-lint $VERSION from the Go module proxy into $dir (once per machine; log: $logfile)"
  start=$SECONDS
  : >"$logfile"
  tmp=$(mktemp -d "$dir/.build.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-buildvcs=false CGO_ENABLED=0 run_logged "$logfile" \
    go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$VERSION")
  mv -f "$tmp/golangci-lint" "$dir/golangci-lint"
  rm -rf "$tmp"
  trap - EXIT
  log "built golangci-lint $VERSION in $((SECONDS - start))s"
}

if onpath=$(command -v golangci-lint 2>/dev/null) && [ "$(lint_version "$onpath")" = "$VERSION" ]; then
  abspath "$onpath"
  exit 0
fi
dir="$(tool_cache_root)/golangci-lint-$VERSION"
if [ "$(lint_version "$dir/golangci-lint" 2>/dev/null)" != "$VERSION" ]; then
  with_tool_lock "$dir" build_lint "$dir"
fi
printf '%s\n' "$dir/golangci-lint"
