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
  # Sensitive: never shown in plans or logs. Prefer
  # secret_variable_values_wo, which is not stored in state at all.
  secret_variable_values = { registry_token = var.registry_token }
}

# 2. Build the release; its number feeds the deploy. A new `release` builds again.
resource "cicd_codearts_build_run" "release" {
  job_id     = var.build_job_id
  parameters = { codeBranch = "main" }
  triggers   = { release = var.release }

  wait {
    poll_interval = "1s"
  }
}

# 3. Deploy exactly that build (re-deploys whenever a new build runs).
resource "cicd_codearts_deploy_run" "release" {
  task_id = var.deploy_task_id
  params = [
    { key = "build_no", value = tostring(cicd_codearts_build_run.release.build_no), type = "text" },
  ]
  triggers = { build = cicd_codearts_build_run.release.id }

  wait {
    poll_interval = "1s"
  }
}

# 4. Run the project's release pipeline once per release and wait for it.
resource "cicd_codearts_pipeline_run" "release" {
  project_id  = var.codearts_project_id
  pipeline_id = var.pipeline_id
  description = "quickstart ${var.release}"
  triggers    = { release = var.release }

  wait {
    poll_interval = "1s"
  }
}

# 5. The latest successful build of the job (now the one above).
data "cicd_codearts_build_record" "last_green" {
  job_id = var.build_job_id
  status = "SUCCESS"

  depends_on = [cicd_codearts_build_run.release]
}

# 6. Recent history: builds, pipeline runs, and the tail of a step log.
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
  pipeline_id = var.pipeline_id
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

# 7. The same release on Rainbond: build the component and wait for the build event.
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
