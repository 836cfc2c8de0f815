#!/usr/bin/env bash
# Part of make test-compat (scripts/compat.sh): import by string id on a Terraform or
# OpenTofu without resource identity. Against the local simulator, one configuration
# creates a pipeline template and a pipeline; a second configuration describing the same
# two objects takes them over, the template with `terraform import <template_id>` and the
# pipeline with an import block `id = "<project_id>/<pipeline_id>"`, and an existing build
# of the seeded job is imported as a cicd_codearts_build_run with `id = "<job_id>/<build_no>"`;
# the apply must import exactly the pipeline and the build, start nothing and change
# nothing, and the next plan must show no changes.
#
#   scripts/compat_import.sh --cli BIN        prints one "compat: ..." result line
set -euo pipefail

tf=
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) tf=${2:?--cli needs a path}; shift 2 ;;
    *) echo "usage: scripts/compat_import.sh --cli BIN" >&2; exit 2 ;;
  esac
done
[ -n "$tf" ] || { echo "usage: scripts/compat_import.sh --cli BIN" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

started=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/cicd-compat-import.XXXXXX")
sim_pid=
step=setup
tf_name=$(basename "$tf")

cleanup() {
  local rc=$?
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  if [ "$rc" -eq 0 ]; then
    printf 'compat: %-18s PASS  import by string id: template (terraform import), pipeline and build run (import block ids), then a plan with no changes (%ss)\n' "$tf_name" "$((SECONDS - started))"
  else
    [ -s "$work/check.log" ] && { printf -- '---- output of the failed run (%s) ----\n' "$tf_name" >&2; tail -n 60 "$work/check.log" >&2; }
    printf 'compat: %-18s FAIL  import by string id at step "%s" (exit %s)\n' "$tf_name" "$step" "$rc"
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=lib/dev_override.sh
. "$root/scripts/lib/dev_override.sh"
use_dev_override "$work"
tf_name=$("$tf" version | sed -n 1p)
tf_name=${tf_name/ v/ }

step=build
mkdir -p "$work/plugins"
go build -trimpath -o "$work/plugins/terraform-provider-cicd" .
go build -o "$work/cicd-simulator" ./internal/simulator/cmd/cicd-simulator

step="start the simulator"
"$work/cicd-simulator" -addr 127.0.0.1:0 -print-env >"$work/simulator.out" 2>"$work/check.log" &
sim_pid=$!
for _ in $(seq 1 300); do # up to 30s
  grep -q '^listening on ' "$work/simulator.out" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || exit 1
  sleep 0.1
done
grep -q '^listening on ' "$work/simulator.out"
unset HW_REGION_NAME CLOUD_SDK_AK CLOUD_SDK_SK HW_ACCESS_KEY HW_SECRET_KEY HW_SECURITY_TOKEN \
  HW_AUTH_TOKEN HW_USER_NAME HW_USER_PASSWORD HW_DOMAIN_NAME HW_PROJECT_ID HW_DOMAIN_ID \
  CICD_CODEARTS_ENDPOINT RAINBOND_URL RAINBOND_TOKEN
eval "$(grep -E '^export [A-Za-z_][A-Za-z0-9_]*=' "$work/simulator.out")"
project=${CICD_DEMO_CODEARTS_PROJECT_ID:?the simulator did not export CICD_DEMO_CODEARTS_PROJECT_ID}
job=${CICD_DEMO_BUILD_JOB_ID:?the simulator did not export CICD_DEMO_BUILD_JOB_ID}

# The two objects, as both configurations describe them.
resources() {
  cat <<HCL
terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}

provider "cicd" {}

resource "cicd_codearts_pipeline_template" "maven" {
  name        = "compat-import-template"
  language    = "java"
  description = "imported by string id"
  definition  = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  variables   = [{ name = "branch", type = "string", value = "main", is_runtime = true }]
}

resource "cicd_codearts_pipeline" "backend" {
  project_id = "$project"
  name       = "compat-import-pipeline"
  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  sources = [{
    git_type = "codehub"
    git_url  = "https://codehub.example.com/demo/backend.git"
  }]
  variables = [{ name = "env", type = "enum", value = "dev", limits = ["dev", "prod"] }]
}
HCL
}

step="create (first configuration)"
mkdir -p "$work/owner" "$work/adopt"
resources >"$work/owner/main.tf"
cat >>"$work/owner/main.tf" <<'HCL'

output "template_id" { value = cicd_codearts_pipeline_template.maven.id }
output "pipeline_id" { value = cicd_codearts_pipeline.backend.id }
HCL
"$tf" -chdir="$work/owner" apply -auto-approve -input=false -no-color >>"$work/check.log" 2>&1
template_id=$("$tf" -chdir="$work/owner" output -raw template_id)
pipeline_id=$("$tf" -chdir="$work/owner" output -raw pipeline_id)

step="terraform import <template_id>"
resources >"$work/adopt/main.tf"
cat >>"$work/adopt/main.tf" <<HCL

import {
  to = cicd_codearts_pipeline.backend
  id = "$project/$pipeline_id"
}

# Build 4 of the seeded job (it succeeded): importing it must not start a build.
resource "cicd_codearts_build_run" "release" {
  job_id = "$job"
}

import {
  to = cicd_codearts_build_run.release
  id = "$job/4"
}
HCL
"$tf" -chdir="$work/adopt" import -input=false -no-color cicd_codearts_pipeline_template.maven "$template_id" >>"$work/check.log" 2>&1

step="apply the import block ids <project_id>/<pipeline_id> and <job_id>/<build_no>"
"$tf" -chdir="$work/adopt" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1 || { cat "$work/apply.log" >>"$work/check.log"; exit 1; }
cat "$work/apply.log" >>"$work/check.log"
grep -q 'Resources: 2 imported, 0 added, 0 changed, 0 destroyed' "$work/apply.log"

step="plan shows no changes"
"$tf" -chdir="$work/adopt" plan -detailed-exitcode -input=false -no-color >>"$work/check.log" 2>&1
