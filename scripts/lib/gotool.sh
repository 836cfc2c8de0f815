# shellcheck shell=bash
# Shared by scripts/terraform.sh, scripts/tofu.sh and scripts/golangci-lint.sh: build a
# command-line tool from the Go module proxy once per machine and cache it outside the
# work tree, in ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-cicd/NAME-VERSION/.
#
# Builds run in a private temporary directory under the cache and the finished binary is
# renamed into place, so a concurrent caller never sees half a binary; a lock (flock, when
# the machine has it) makes a second caller wait for the first build instead of repeating it.
# Go's own output (`go: downloading ...`) goes to a log file that is named on failure.

export CHECKPOINT_DISABLE=1 GOWORK=off GOTOOLCHAIN=${GOTOOLCHAIN:-local}

tool_cache_root() {
  printf '%s/terraform-provider-cicd\n' "${XDG_CACHE_HOME:-$HOME/.cache}"
}

# tool_log PREFIX MESSAGE... writes one line to stderr.
tool_log() {
  local prefix=$1
  shift
  printf '%s: %s\n' "$prefix" "$*" >&2
}

abspath() { printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd -P)" "$(basename "$1")"; }

# version_ge A B succeeds when dotted version A >= B (numeric, major.minor.patch).
version_ge() {
  local a b i x y
  IFS=. read -r -a a <<<"$1"
  IFS=. read -r -a b <<<"$2"
  for i in 0 1 2; do
    x=${a[i]:-0}
    y=${b[i]:-0}
    x=${x%%[!0-9]*}
    y=${y%%[!0-9]*}
    [ "${x:-0}" -gt "${y:-0}" ] && return 0
    [ "${x:-0}" -lt "${y:-0}" ] && return 1
  done
  return 0
}

# with_tool_lock DIR CMD... runs CMD holding DIR/.lock (no lock when flock is missing:
# the temp-dir-and-rename build is still safe, only possibly done twice).
with_tool_lock() {
  local dir=$1
  shift
  mkdir -p "$dir"
  if command -v flock >/dev/null 2>&1; then
    (
      flock 9
      "$@"
    ) 9>"$dir/.lock"
  else
    "$@"
  fi
}

# run_logged LOG CMD... runs CMD with all its output appended to LOG; on failure prints
# the last lines of LOG and where the whole of it is.
run_logged() {
  local logfile=$1
  shift
  printf '+ %s\n' "$*" >>"$logfile"
  if ! "$@" >>"$logfile" 2>&1; then
    {
      echo "---- last lines of $logfile ----"
      tail -n 25 "$logfile"
      echo "---- the full log is $logfile ----"
    } >&2
    return 1
  fi
}

# module_dir PATH@VERSION LOG prints the extracted module directory from the module cache
# (downloading it through the Go module proxy if needed).
module_dir() {
  local mod=$1 logfile=$2 json dir
  json=$(cd / && GOFLAGS=-mod=mod go mod download -json "$mod" 2>>"$logfile") || {
    printf '%s\n' "$json" >>"$logfile"
    {
      echo "go mod download -json $mod failed:"
      tail -n 25 "$logfile"
      echo "---- the full log is $logfile ----"
    } >&2
    return 1
  }
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' | head -n 1)
  [ -n "$dir" ] && [ -d "$dir" ] || {
    printf 'go mod download -json %s printed no Dir:\n%s\n' "$mod" "$json" >&2
    return 1
  }
  printf '%s\n' "$dir"
}

# build_module_cli LOGPREFIX NAME MODULE VERSION PKG LDFLAGS DIR [PREP]
# builds package PKG of MODULE@vVERSION from a copy of its module source into DIR/NAME:
# PREP (a function, optional) is called with the copy's directory first; `BIN version -json`
# of the result must report VERSION. Run it under with_tool_lock DIR.
build_module_cli() {
  local prefix=$1 name=$2 module=$3 version=$4 pkg=$5 ldflags=$6 dir=$7 prep=${8:-}
  local logfile=$dir/build.log tmp src start
  if cli_is "$dir/$name" "$version"; then
    return 0 # another caller built it while this one waited for the lock
  fi
  command -v go >/dev/null 2>&1 || { tool_log "$prefix" "go is not installed; cannot build $module@v$version"; return 1; }
  tool_log "$prefix" "building $name $version from the Go module proxy ($module) into $dir (once per machine; a few minutes; log: $logfile)"
  start=$SECONDS
  : >"$logfile"
  tmp=$(mktemp -d "$dir/.build.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  src=$(module_dir "$module@v$version" "$logfile")
  cp -R "$src/." "$tmp/src"
  chmod -R u+w "$tmp/src"
  if [ -n "$prep" ]; then
    "$prep" "$tmp/src" >>"$logfile"
  fi
  (
    cd "$tmp/src"
    CGO_ENABLED=0 GOFLAGS='-mod=mod -buildvcs=false' run_logged "$logfile" \
      go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp/$name" "$pkg"
  )
  cli_is "$tmp/$name" "$version" || {
    tool_log "$prefix" "the $name built from $module@v$version does not report version $version (log: $logfile)"
    return 1
  }
  mv -f "$tmp/$name" "$dir/$name"
  rm -rf "$tmp"
  trap - EXIT
  tool_log "$prefix" "built $name $version in $((SECONDS - start))s"
}

# cli_version BIN prints the "X.Y.Z" that `BIN version -json` reports (Terraform and
# OpenTofu both use the key terraform_version), without a prerelease suffix, or nothing.
cli_version() {
  local out
  [ -x "$1" ] || return 0
  out=$("$1" version -json 2>/dev/null) || return 0
  printf '%s\n' "$out" | sed -n 's/.*"terraform_version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\)[^"]*".*/\1/p' | head -n 1
}

# cli_is BIN VERSION succeeds when BIN runs and reports exactly VERSION.
cli_is() {
  [ -x "$1" ] && [ "$(cli_version "$1")" = "$2" ]
}
