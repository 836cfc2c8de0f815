# Quickstart, action form (Terraform 1.14 or later). Each action starts a run
# every time it is invoked and streams its progress; nothing is stored in state.
#
#   terraform apply -invoke=action.cicd_codearts_build_run.nightly
#
# Against the simulator: set the provider environment and TF_VAR_* ids as
# `make demo` does (see scripts/demo.sh).

terraform {
  required_version = ">= 1.14"

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

variable "build_job_id" {
  type = string
}

variable "deploy_task_id" {
  type = string
}

variable "codearts_project_id" {
  type = string
}

variable "pipeline_id" {
  type = string
}

variable "rainbond_team_id" {
  type = string
}

variable "rainbond_region" {
  type = string
}

variable "rainbond_app_id" {
  type = number
}

variable "rainbond_service_id" {
  type = string
}

action "cicd_codearts_build_run" "nightly" {
  config {
    job_id     = var.build_job_id
    parameters = { codeBranch = "main" }
  }
}

action "cicd_codearts_deploy_run" "hotfix" {
  config {
    task_id    = var.deploy_task_id
    parameters = { version = "hotfix" }
  }
}

action "cicd_codearts_pipeline_run" "smoke" {
  config {
    project_id  = var.codearts_project_id
    pipeline_id = var.pipeline_id
    description = "smoke test"
  }
}

action "cicd_rainbond_component_build" "web" {
  config {
    team_id     = var.rainbond_team_id
    region_name = var.rainbond_region
    app_id      = var.rainbond_app_id
    service_id  = var.rainbond_service_id
  }
}

# Run the smoke-test pipeline whenever the release marker changes.
resource "terraform_data" "release" {
  input = "v1"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.cicd_codearts_pipeline_run.smoke]
    }
  }
}
