# shellcheck shell=bash
# use_dev_override DIR: Terraform (or OpenTofu) takes the provider binary built into
# DIR/plugins for cicdlabs/cicd, with no `terraform init` (which would ask the
# registry), from a CLI configuration written to DIR/terraformrc. The user's own CLI
# configuration and the TF_CLI_ARGS* / data-dir variables that would change a run
# are kept out.
use_dev_override() {
  local dir=$1
  cat >"$dir/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "cicdlabs/cicd" = "$dir/plugins"
  }
  direct {}
}
CFG
  export TF_CLI_CONFIG_FILE="$dir/terraformrc"
  unset TF_CLI_ARGS TF_CLI_ARGS_apply TF_CLI_ARGS_plan TF_CLI_ARGS_import TF_CLI_ARGS_output TF_CLI_ARGS_destroy \
    TF_DATA_DIR TF_PLUGIN_CACHE_DIR TF_WORKSPACE
}
