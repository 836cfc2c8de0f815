#!/usr/bin/env bash
# Prints the absolute path of a Terraform CLI (>= 1.5) to use for docs, acceptance
# tests and the demo. Nothing is downloaded as a binary:
#
#   1. $TF_ACC_TERRAFORM_PATH, if set (it must be >= 1.5, or this fails);
#   2. the `terraform` on PATH, if its version is >= 1.5;
#   3. <repo>/bin/terraform, built once from source through the Go module proxy with
#      `go install github.com/hashicorp/terraform@v1.5.7` (the last release that can be
#      installed that way; later ones are BUSL and carry replace directives).
#
# Only the path goes to stdout; progress goes to stderr.
set -euo pipefail

readonly MIN_MAJOR=1 MIN_MINOR=5
readonly FALLBACK_VERSION=1.5.7

export CHECKPOINT_DISABLE=1

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bindir="$root/bin"

log() { printf 'terraform.sh: %s\n' "$*" >&2; }

# tf_version BIN prints "X.Y.Z" or nothing.
tf_version() {
  local out
  out=$("$1" version -json 2>/dev/null) || return 0
  printf '%s\n' "$out" | sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\)[^"]*".*/\1/p' | head -n 1
}

# usable BIN succeeds when BIN is executable and reports a version >= MIN.
usable() {
  local v major minor
  [ -x "$1" ] || return 1
  v=$(tf_version "$1")
  [ -n "$v" ] || return 1
  major=${v%%.*}
  minor=${v#*.}; minor=${minor%%.*}
  [ "$major" -gt "$MIN_MAJOR" ] || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

abspath() { printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")"; }

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  if usable "$TF_ACC_TERRAFORM_PATH"; then
    abspath "$TF_ACC_TERRAFORM_PATH"
    exit 0
  fi
  log "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable Terraform >= $MIN_MAJOR.$MIN_MINOR"
  exit 1
fi

if onpath=$(command -v terraform 2>/dev/null) && usable "$onpath"; then
  abspath "$onpath"
  exit 0
fi

local_tf="$bindir/terraform"
if usable "$local_tf"; then
  printf '%s\n' "$local_tf"
  exit 0
fi

if [ -n "${onpath:-}" ]; then
  log "terraform on PATH ($onpath, version '$(tf_version "$onpath")') is older than $MIN_MAJOR.$MIN_MINOR"
else
  log "no terraform on PATH"
fi
command -v go >/dev/null 2>&1 || { log "go is not installed; cannot build Terraform $FALLBACK_VERSION"; exit 1; }
log "building Terraform $FALLBACK_VERSION from source into $local_tf (once; takes a few minutes)"

mkdir -p "$bindir"
# Build into a private directory and rename, so concurrent callers never see half a binary.
tmp=$(mktemp -d "$bindir/.terraform-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
(cd "$tmp" && GOFLAGS='' GOBIN="$tmp" go install "github.com/hashicorp/terraform@v$FALLBACK_VERSION") >&2
mv -f "$tmp/terraform" "$local_tf"
usable "$local_tf" || { log "built $local_tf but it does not run"; exit 1; }
log "built Terraform $(tf_version "$local_tf") in $((SECONDS - start))s"
printf '%s\n' "$local_tf"
