#!/usr/bin/env bash
# Regenerates docs/ from templates/, examples/ and the provider schema with tfplugindocs,
# entirely offline.
#
#   scripts/docs.sh generate   terraform fmt examples/, rewrite docs/        (make docs / make generate)
#   scripts/docs.sh check      fmt-check examples/, rewrite docs/, then fail if docs/ differs
#                              from git HEAD or has untracked files          (make docs-check)
#
# How it stays offline: tfplugindocs is given --providers-schema, which (see
# internal/provider/generate.go in terraform-plugin-docs v0.25.0) skips its own
# "go build" + hc-install step entirely — that step is the only place it could download
# Terraform (checkpoint.LatestVersion when no terraform is on PATH, releases.ExactVersion
# with --tf-version).
#
# Where the schema comes from: scripts/docschema serves the provider in-process and writes
# its schema in `terraform providers schema -json` format, including action schemas (which
# Terraform < 1.14 does not report) and write_only (< 1.11), so docs/ does not depend on
# the installed Terraform version. As a cross-check, the Terraform from scripts/terraform.sh
# also reports the schema of a provider binary built from this tree (installed with
# `terraform init -plugin-dir`, which uses that directory only), and docschema fails unless
# every section Terraform reports matches its own.
set -euo pipefail

mode=${1:-generate}
case "$mode" in generate|check) ;; *) echo "usage: $0 [generate|check]" >&2; exit 2 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

readonly provider_name=cicd
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 GOWORK=off

tf=$(scripts/terraform.sh)
# Terraform first on PATH. With --providers-schema tfplugindocs never looks for one, but if
# it ever did, it would find this one rather than download.
PATH="$(dirname "$tf"):$PATH"
export PATH

work=$(mktemp -d "${TMPDIR:-/tmp}/cicd-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Keep the user's CLI configuration (dev_overrides, mirrors, plugin cache) out of this.
: >"$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
unset TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_providers TF_DATA_DIR TF_PLUGIN_CACHE_DIR TF_WORKSPACE

if [ "$mode" = check ]; then
  echo "==> terraform fmt -check examples/"
  if ! "$tf" fmt -check -recursive -diff examples/; then
    echo "docs-check: examples/ is not formatted; run 'make docs' (or 'make fmt') and commit the result." >&2
    exit 1
  fi
else
  echo "==> terraform fmt examples/"
  "$tf" fmt -recursive examples/
fi

echo "==> building tfplugindocs (tools/go.mod)"
(cd tools && go build -o "$work/tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs)

echo "==> provider schema (scripts/docschema, cross-checked with $tf)"
goos=$(go env GOOS) goarch=$(go env GOARCH)
plugin_dir="$work/schema/plugins/registry.terraform.io/hashicorp/$provider_name/0.0.1/${goos}_${goarch}"
exe=""; [ "$goos" = windows ] && exe=.exe
go build -trimpath -o "$plugin_dir/terraform-provider-$provider_name$exe" .
# The implicit hashicorp/<name> address is the key tfplugindocs looks the schema up by.
printf 'provider "%s" {}\n' "$provider_name" >"$work/schema/provider.tf"
"$tf" -chdir="$work/schema" init -input=false -backend=false -get=false -plugin-dir=./plugins >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; echo "docs: terraform init -plugin-dir failed" >&2; exit 1; }
"$tf" -chdir="$work/schema" providers schema -json >"$work/terraform-schema.json"
go run ./scripts/docschema \
  -terraform-schema "$work/terraform-schema.json" \
  -key "registry.terraform.io/hashicorp/$provider_name" >"$work/schema.json"

echo "==> tfplugindocs generate"
"$work/tfplugindocs" generate \
  --provider-dir "$root" \
  --provider-name "$provider_name" \
  --providers-schema "$work/schema.json"

echo "==> tfplugindocs validate"
# validate logs every file at [DEBUG] on stderr; show that only when it fails.
"$work/tfplugindocs" validate \
  --provider-dir "$root" \
  --provider-name "$provider_name" \
  --providers-schema "$work/schema.json" >"$work/validate.log" 2>&1 ||
  { cat "$work/validate.log" >&2; echo "docs: tfplugindocs validate failed" >&2; exit 1; }

[ "$mode" = check ] || exit 0

echo "==> comparing docs/ with git HEAD"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "docs-check: $root is not a git work tree, so docs/ cannot be compared with HEAD." >&2
  exit 1
fi
changes=$(git status --porcelain --untracked-files=all -- docs/)
if [ -n "$changes" ]; then
  {
    echo
    echo "docs-check FAILED: the generated docs/ differ from what is committed:"
    git status --porcelain --untracked-files=all -- docs/ | sed 's/^/    /'
    git --no-pager diff --stat -- docs/ | sed 's/^/    /'
    echo
    echo "docs/ was regenerated in place. Review the change ('git diff docs/'), then commit"
    echo "docs/ together with the schema/template/example change that caused it ('??' marks an"
    echo "untracked file: commit it if it belongs in docs/, else delete it)."
  } >&2
  exit 1
fi
echo "docs/ is up to date."
