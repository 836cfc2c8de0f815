# Quickstart: a release as a team would write it. `make demo` runs it against the
# local simulator (go run ./internal/simulator/cmd/cicd-simulator -print-env).
#
# Every provider setting comes from the environment the simulator prints
# (HW_REGION_NAME, CLOUD_SDK_AK, CLOUD_SDK_SK, CICD_CODEARTS_ENDPOINT, RAINBOND_URL,
# RAINBOND_TOKEN), so the blocks below are empty; the ids of its seeded objects arrive
# as TF_VAR_* variables. Against the real services, export your own credentials and
# pass your own ids (see the provider documentation).

terraform {
  required_version = ">= 1.11"

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

# 1. A pipeline template the team shares (definition compared as JSON, never re-diffed).
resource "cicd_codearts_pipeline_template" "service" {
  name        = "quickstart-service"
  language    = "go"
  description = "Build, test and deploy a Go service"
  definition = jsonencode({
    stages = [
      { name = "Build", sequence = "0", jobs = [] },
      { name = "Deploy", sequence = "1", jobs = [] },
    ]
  })
  variables = [
    { name = "branch", type = "string", value = "main", is_runtime = true },
    { name = "registry_token", type = "string", is_secret = true },
  ]
  # Write-only: sent to CodeArts, stored in neither the plan nor the state (Terraform
  # 1.11+, OpenTofu 1.12+). Bump the version to send a new value.
  secret_variable_values_wo         = { registry_token = var.registry_token }
  secret_variable_values_wo_version = 1
}

# 2. The service's pipeline, made from the template (v5 create-pipeline). The service
#    copies the template: later template changes do not reach this pipeline.
resource "cicd_codearts_pipeline" "service" {
  project_id  = var.codearts_project_id
  template_id = cicd_codearts_pipeline_template.service.id
  name        = "quickstart-service"
  description = "Made from the quickstart-service template"
  sources = [{
    git_type       = "codehub"
    git_url        = "https://codehub.example.com/quickstart/service.git"
    default_branch = "main"
  }]
  # The copied secret variable's value (the service never returns it; updates send it),
  # write-only like the template's: in neither the plan nor the state.
  secret_variable_values_wo         = { registry_token = var.registry_token }
  secret_variable_values_wo_version = 1
}

# 3. Run that pipeline once per release and wait for it (its id is the pipeline_id).
resource "cicd_codearts_pipeline_run" "release" {
  project_id  = var.codearts_project_id
  pipeline_id = cicd_codearts_pipeline.service.id
  description = "quickstart ${var.release}"
  triggers    = { release = var.release }

  wait {
    poll_interval = "1s"
  }
}

# 4. Then build the release; its number feeds the deploy. A new pipeline run builds again.
resource "cicd_codearts_build_run" "release" {
  job_id     = var.build_job_id
  parameters = { codeBranch = "main" }
  triggers   = { release = var.release, pipeline_run = cicd_codearts_pipeline_run.release.pipeline_run_id }

  wait {
    poll_interval = "1s"
  }
}

# 5. Deploy exactly that build (re-deploys whenever a new build runs).
resource "cicd_codearts_deploy_run" "release" {
  task_id = var.deploy_task_id
  parameters = {
    build_no = tostring(cicd_codearts_build_run.release.build_no)
  }
  triggers = { build = cicd_codearts_build_run.release.id }

  wait {
    poll_interval = "1s"
  }
}

# The pipeline with its latest run (the look-up to do before triggering it).
data "cicd_codearts_pipeline" "service" {
  project_id  = var.codearts_project_id
  pipeline_id = cicd_codearts_pipeline_run.release.pipeline_id
}

# 6. The latest successful build of the job (now the one above).
data "cicd_codearts_build_record" "last_green" {
  job_id = var.build_job_id
  status = "SUCCESS"

  depends_on = [cicd_codearts_build_run.release]
}

# 7. Recent history: builds, pipeline runs, and the tail of a step log.
data "cicd_codearts_build_records" "recent" {
  job_id = var.build_job_id
  limit  = 5

  depends_on = [cicd_codearts_build_run.release]
}

data "cicd_codearts_pipelines" "project" {
  project_ids = [var.codearts_project_id]
  limit       = 10
}

data "cicd_codearts_pipeline_runs" "recent" {
  project_id  = var.codearts_project_id
  pipeline_id = cicd_codearts_pipeline.service.id
  limit       = 5

  depends_on = [cicd_codearts_pipeline_run.release]
}

data "cicd_codearts_pipeline_step_log" "maven" {
  project_id      = var.codearts_project_id
  pipeline_id     = var.pipeline_id
  pipeline_run_id = var.pipeline_run_id
  job_run_id      = var.job_run_id
  step_run_id     = var.step_run_id
  tail_lines      = 3
}

data "cicd_codearts_pipeline_templates" "mine" {
  is_system = false

  depends_on = [cicd_codearts_pipeline_template.service]
}

# 8. The same release on Rainbond: build the component and wait for the build event.
resource "cicd_rainbond_component_build" "web" {
  team_id     = var.rainbond_team_id
  region_name = var.rainbond_region
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id
  triggers    = { release = var.release }

  wait {
    poll_interval = "1s"
  }
}

data "cicd_rainbond_component_events" "web" {
  team_id     = var.rainbond_team_id
  region_name = var.rainbond_region
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id
  limit       = 5

  depends_on = [cicd_rainbond_component_build.web]
}
