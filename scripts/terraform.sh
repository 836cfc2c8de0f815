#!/usr/bin/env bash
# Prints the absolute path of the Terraform CLI to use for acceptance tests, docs and the
# demo; only the path goes to stdout, one progress line (if any) to stderr.
#
#   scripts/terraform.sh               the Terraform for `make test` / `make demo`:
#     1. $TF_ACC_TERRAFORM_PATH, if set (it must be >= the floor, 1.11, or this fails);
#     2. the `terraform` on PATH, if it is >= 1.14 (so the action tests run);
#     3. Terraform 1.15.9, built once per machine from the Go module proxy (see below).
#   scripts/terraform.sh --version X.Y.Z
#                                      exactly Terraform X.Y.Z (the compatibility check uses
#                                      the floor): the `terraform` on PATH if it is exactly
#                                      that version, else built once per machine.
#
# Building: `go install github.com/hashicorp/terraform@vX` is refused for releases after
# 1.5 (their go.mod has replace directives for remote-state backend sub-modules, which the
# module zip leaves out). So this takes the module source (`go mod download -json`), drops
# the backends whose source is missing from it (go.mod requires/replaces, imports and
# registrations in internal/backend/init/init.go), and runs `go build`. The result is that
# Terraform CLI and plugin protocol without the azurerm, consul, cos, gcs, kubernetes, oci,
# oss, pg and s3 state backends, which no test here uses. Nothing downloads a binary.
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-cicd/terraform-X.Y.Z/terraform,
# shared by every clone on the machine. About 2 minutes warm, up to ~10 cold on 2 cores.
set -euo pipefail

readonly DEFAULT_VERSION=1.15.9 # newest release: runs every test, actions included
readonly PATH_MIN=1.14          # a terraform on PATH older than this is passed over (actions)
readonly FLOOR=1.11             # oldest Terraform the provider's examples support

# shellcheck source=lib/gotool.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/gotool.sh"

log() { tool_log terraform.sh "$@"; }

# at_least BIN MIN succeeds when BIN runs and reports a version >= MIN.
at_least() {
  local v
  v=$(cli_version "$1")
  [ -n "$v" ] && version_ge "$v" "$2"
}

# strip_missing_backends SRC removes from SRC's go.mod every `replace M => ./dir` whose dir
# is not in the module zip (and M's require line), then drops the packages' imports and the
# lines that use them from internal/backend/init/init.go.
strip_missing_backends() {
  local src=$1 mod dir alias init=$1/internal/backend/init/init.go
  local -a missing=()
  while read -r mod dir; do
    [ -d "$src/$dir" ] || missing+=("$mod")
  done < <(sed -n -E 's/^[[:space:]]*(replace[[:space:]]+)?(github\.com\/hashicorp\/terraform\/[^[:space:]]+)[[:space:]]+=>[[:space:]]+(\.\/[^[:space:]]+).*/\2 \3/p' "$src/go.mod")
  for mod in "${missing[@]}"; do
    sed -i -E "\\#^[[:space:]]*(replace[[:space:]]+|require[[:space:]]+)?${mod//./\\.}[[:space:]]#d" "$src/go.mod"
    alias=$(sed -n -E "s#^[[:space:]]*([A-Za-z0-9_]+)[[:space:]]+\"${mod//./\\.}\"[[:space:]]*\$#\\1#p" "$init" | head -n 1)
    if [ -n "$alias" ]; then
      sed -i -E "\\#\"${mod//./\\.}\"#d; /(^|[^A-Za-z0-9_])${alias}\\./d" "$init"
    fi
  done
  printf 'removed %d module(s) missing from the zip: %s\n' "${#missing[@]}" "${missing[*]}"
}

# cached VERSION prints the cached Terraform VERSION, building it first if needed.
cached() {
  local version=$1 dir
  dir="$(tool_cache_root)/terraform-$version"
  if ! cli_is "$dir/terraform" "$version"; then
    with_tool_lock "$dir" build_module_cli terraform.sh terraform github.com/hashicorp/terraform "$version" . \
      '-X github.com/hashicorp/terraform/version.dev=no' "$dir" strip_missing_backends
  fi
  printf '%s\n' "$dir/terraform"
}

want=
case "${1:-}" in
  "") ;;
  --version)
    want=${2:?usage: scripts/terraform.sh [--version X.Y.Z]}
    [[ $want =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { log "--version wants X.Y.Z, got '$want'"; exit 2; }
    ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    log "usage: scripts/terraform.sh [--version X.Y.Z]"
    exit 2
    ;;
esac

onpath=$(command -v terraform 2>/dev/null || true)

if [ -n "$want" ]; then
  if [ -n "$onpath" ] && cli_is "$onpath" "$want"; then
    abspath "$onpath"
  else
    cached "$want"
  fi
  exit 0
fi

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  if at_least "$TF_ACC_TERRAFORM_PATH" "$FLOOR"; then
    abspath "$TF_ACC_TERRAFORM_PATH"
    exit 0
  fi
  log "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable Terraform >= $FLOOR"
  exit 1
fi

if [ -n "$onpath" ] && at_least "$onpath" "$PATH_MIN"; then
  abspath "$onpath"
  exit 0
fi

cached "$DEFAULT_VERSION"
