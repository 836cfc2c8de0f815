# Quickstart: `make demo` runs this against the local simulator
# (go run ./internal/simulator/cmd/cicd-simulator -print-env).
#
# Every provider setting comes from the environment the simulator prints
# (HW_REGION_NAME, CLOUD_SDK_AK, CLOUD_SDK_SK, CICD_CODEARTS_ENDPOINT, RAINBOND_URL,
# RAINBOND_TOKEN), so the blocks below are empty. Against the real services, export
# your own credentials instead (see the provider documentation).

terraform {
  required_version = ">= 1.5"

  required_providers {
    cicd = {
      source = "cicdlabs/cicd"
    }
  }
}

provider "cicd" {
  codearts {}
  rainbond {}
}

variable "codearts_project_id" {
  type        = string
  description = "CodeArts project whose pipelines are listed (make demo sets TF_VAR_codearts_project_id)."
}

data "cicd_codearts_pipelines" "all" {
  project_ids = [var.codearts_project_id]
  limit       = 25
}
