#!/usr/bin/env bash
# make demo: the provider end to end against the local simulator, no account needed.
#
#   1. build terraform-provider-cicd and the simulator into a temporary directory;
#   2. start the simulator (-print-env) and take its `export NAME=value` lines;
#   3. point Terraform at the fresh binary with a dev_overrides CLI config (no `terraform init`,
#      no registry);
#   4. terraform apply / output / destroy in a temporary copy of examples/quickstart;
#   5. stop the simulator and remove everything (also on failure or Ctrl-C) except the logs.
#
# It prints a page: what the plan creates, each resource and each run's progress as it goes
# (the provider's INFO log lines: TF_LOG_PROVIDER=INFO), the summary output once, and the
# destroy count. Terraform's full output, the provider's log and the simulator's log stay in
# a directory it names (under ${TMPDIR:-/tmp}, outside the work tree).
#
#   scripts/demo.sh [--cli BIN] [--check]
#     --cli BIN   the terraform (or tofu) binary to use; default: scripts/terraform.sh
#     --check     the compatibility check (scripts/compat.sh): apply, then a plan that must
#                 show no changes (-detailed-exitcode), then destroy; the commands' output
#                 goes to a log shown only on failure, and one result line is printed.
set -euo pipefail

tf=
check=
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) tf=${2:?--cli needs a path}; shift 2 ;;
    --check) check=1; shift ;;
    *) echo "usage: scripts/demo.sh [--cli BIN] [--check]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

bold=; reset=
if [ -t 1 ]; then bold=$'\e[1m'; reset=$'\e[0m'; fi
heading() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
if [ -n "$check" ]; then heading() { :; }; fi
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

started=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/cicd-demo.XXXXXX")
logs=
[ -n "$check" ] || logs=$(mktemp -d "${TMPDIR:-/tmp}/cicd-demo-logs.XXXXXX")
sim_pid=
step=setup
tf_name=

cleanup() {
  local rc=$?
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  if [ -n "$logs" ] && [ -s "$work/simulator.log" ]; then cp "$work/simulator.log" "$logs/" 2>/dev/null || true; fi
  if [ -n "$check" ] && [ "$rc" -ne 0 ] && [ -s "$work/check.log" ]; then
    printf -- '---- output of the failed run (%s) ----\n' "$tf_name" >&2
    tail -n 60 "$work/check.log" >&2
  fi
  rm -rf "$work"
  if [ -n "$check" ]; then
    if [ "$rc" -eq 0 ]; then
      printf 'compat: %-18s PASS  quickstart (resource form): apply, write-only secret not in state, plan shows no resource changes, destroy (%ss)\n' "$tf_name" "$((SECONDS - started))"
    else
      printf 'compat: %-18s FAIL  quickstart (resource form) at step "%s" (exit %s)\n' "${tf_name:-?}" "$step" "$rc"
    fi
  elif [ "$rc" -eq 0 ]; then
    heading "Done in $((SECONDS - started))s (simulator stopped, temporary files removed)"
    echo "full logs: $logs (apply.log, provider.log, destroy.log, simulator.log)"
  else
    printf '\ndemo: FAILED (exit %s); simulator stopped, temporary files removed; logs in %s\n' "$rc" "$logs" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# dev_overrides: Terraform uses the binary built below for cicdlabs/cicd and needs no
# `terraform init` (which would ask the registry). The user's own CLI config stays out.
# shellcheck source=lib/dev_override.sh
. "$root/scripts/lib/dev_override.sh"
use_dev_override "$work"

heading "Terraform"
[ -n "$tf" ] || tf=$(scripts/terraform.sh)
tf_name=$("$tf" version | sed -n 1p)
tf_name=${tf_name/ v/ }
[ -n "$check" ] || echo "$tf_name ($tf)"

heading "Building terraform-provider-cicd and the simulator"
mkdir -p "$work/plugins"
go build -trimpath -ldflags "-X main.version=0.0.0-demo" -o "$work/plugins/terraform-provider-cicd" .
# Built rather than `go run`, so that the PID below is the simulator itself and kill stops it.
go build -o "$work/cicd-simulator" ./internal/simulator/cmd/cicd-simulator
[ -n "$check" ] || echo "built into $work/plugins"

heading "Starting the simulator"
"$work/cicd-simulator" -addr 127.0.0.1:0 -print-env >"$work/simulator.out" 2>"$work/simulator.log" &
sim_pid=$!
for _ in $(seq 1 300); do # up to 30s
  grep -q '^listening on ' "$work/simulator.out" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/simulator.log" >&2; die "the simulator exited before it was ready"; }
  sleep 0.1
done
grep -q '^listening on ' "$work/simulator.out" || { cat "$work/simulator.log" >&2; die "the simulator did not print 'listening on' within 30s"; }
[ -n "$check" ] || grep '^listening on ' "$work/simulator.out"

# Only the simulator's settings: drop any real credentials from this shell first.
unset HW_REGION_NAME CLOUD_SDK_AK CLOUD_SDK_SK HW_ACCESS_KEY HW_SECRET_KEY HW_SECURITY_TOKEN \
  HW_AUTH_TOKEN HW_USER_NAME HW_USER_PASSWORD HW_DOMAIN_NAME HW_PROJECT_ID HW_DOMAIN_ID \
  CICD_CODEARTS_ENDPOINT RAINBOND_URL RAINBOND_TOKEN
exports=$(grep -E '^export [A-Za-z_][A-Za-z0-9_]*=' "$work/simulator.out" || true)
[ -n "$exports" ] || die "the simulator printed no 'export NAME=value' lines"
eval "$exports"
if [ -z "$check" ]; then
  # Names only: the values include demo credentials. The seeded ids become TF_VAR_*.
  names=$(sed -E 's/^export ([A-Za-z0-9_]+)=.*/\1/' <<<"$exports")
  settings=$(grep -v '^CICD_DEMO_' <<<"$names" | paste -sd ' ' -)
  printf 'exported %s and %s seeded ids (CICD_DEMO_*)\n' "$settings" "$(grep -c '^CICD_DEMO_' <<<"$names")"
fi
[ -n "${CICD_DEMO_CODEARTS_PROJECT_ID:-}" ] || die "the simulator did not export CICD_DEMO_CODEARTS_PROJECT_ID"
# Every seeded id becomes a quickstart variable: CICD_DEMO_BUILD_JOB_ID -> TF_VAR_build_job_id.
while IFS='=' read -r name value; do
  var=$(tr '[:upper:]' '[:lower:]' <<<"${name#CICD_DEMO_}")
  export "TF_VAR_${var}=${value}"
done < <(env | grep -E '^CICD_DEMO_[A-Z0-9_]+=' | sort)

cfg="$work/quickstart"
mkdir -p "$cfg"
cp -R examples/quickstart/. "$cfg/"
rm -rf "$cfg"/.terraform "$cfg"/.terraform.lock.hcl "$cfg"/terraform.tfstate*

if [ -n "$check" ]; then
  step=apply
  "$tf" -chdir="$cfg" apply -auto-approve -input=false -no-color >>"$work/check.log" 2>&1
  step="write-only secret kept out of state"
  # The quickstart passes its registry token (the variable's default) write-only.
  if grep -q 'demo-registry-token' "$cfg/terraform.tfstate"; then
    echo "the write-only registry token is in terraform.tfstate" >>"$work/check.log"
    exit 1
  fi
  step="plan shows no changes"
  # -detailed-exitcode: 0 = no changes, 2 = changes, 1 = error. Changes to outputs alone are
  # fine: data sources read the server again, and the simulator's Rainbond events move on
  # after a build (as the real console's do). Any resource change is a perpetual diff.
  rc=0
  "$tf" -chdir="$cfg" plan -detailed-exitcode -input=false -no-color >"$work/plan.log" 2>&1 || rc=$?
  cat "$work/plan.log" >>"$work/check.log"
  if [ "$rc" -eq 2 ] && ! grep -q '^Plan: ' "$work/plan.log" &&
    grep -q 'without changing any real infrastructure' "$work/plan.log"; then
    rc=0
  fi
  [ "$rc" -eq 0 ] || exit "$rc"
  step=destroy
  "$tf" -chdir="$cfg" destroy -auto-approve -input=false -no-color >>"$work/check.log" 2>&1
  exit 0
fi

# progress filters Terraform's output and the provider's log (both followed while apply
# runs) down to: the resources the plan creates and its count, each run's progress lines
# (the run engine's INFO lines, without the log's key=value fields), each resource created,
# and the outcome.
progress() {
  sed -n -E \
    -e 's/^  # ((cicd_|module\.)[^ ]+) will be created$/  + \1/p' \
    -e '/^(Plan|Apply complete!|Error:)/p' \
    -e 's/^([^ ]+): Creation complete after ([^ ]+).*/  \1 created (\2)/p' \
    -e '/@caller=github\.com\/cicdlabs\/terraform-provider-cicd\/internal\/provider\/run_/{
          s/^.*\[INFO\] +provider\.terraform-provider-cicd: (.*): (@[a-z_]+|tf_[a-z_]+|timestamp)=.*$/    \1/p
        }'
}

heading "terraform apply (examples/quickstart)"
: >"$logs/apply.log"
: >"$logs/provider.log"
apply_rc=0
TF_LOG_PROVIDER=INFO TF_LOG_PATH="$logs/provider.log" \
  "$tf" -chdir="$cfg" apply -auto-approve -input=false -no-color >"$logs/apply.log" 2>&1 &
apply_pid=$!
tail -q -n +1 -F --pid="$apply_pid" "$logs/apply.log" "$logs/provider.log" 2>/dev/null | progress
wait "$apply_pid" || apply_rc=$?
if [ "$apply_rc" -ne 0 ]; then
  tail -n 40 "$logs/apply.log"
  die "terraform apply failed (exit $apply_rc); full output in $logs/apply.log"
fi

heading "summary (terraform output -raw summary)"
"$tf" -chdir="$cfg" output -raw summary
echo

heading "terraform destroy"
# The destroy plan repeats every attribute; keep it in a log and show the outcome.
if ! "$tf" -chdir="$cfg" destroy -auto-approve -input=false -no-color >"$logs/destroy.log" 2>&1; then
  tail -n 40 "$logs/destroy.log"
  die "terraform destroy failed; full output in $logs/destroy.log"
fi
grep -E '^Destroy complete' "$logs/destroy.log" || true
