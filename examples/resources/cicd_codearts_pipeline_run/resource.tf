variable "release" {
  type = string
}

variable "deploy_token" {
  type      = string
  sensitive = true
}

# Run the pipeline once per release and wait for it: the apply fails (naming
# the failed stage and job, with the end of the failed step's log) when the run
# fails. Refresh never starts another run; a new `release` does.
resource "cicd_codearts_pipeline_run" "release" {
  project_id  = "27db3c8e5a46de6b02c87d5fb4d5fc39" # CodeArts project id (console URL), not the IAM project
  pipeline_id = "00ecdeecb23e328630eba5dac26055a3"
  description = "release ${var.release} (terraform)"

  sources = [{
    git_type   = "codehub"
    git_url    = "https://codehub.example.com/demo/backend-api.git"
    build_type = "tag"
    tag        = "v${var.release}"
  }]

  parameters = {
    release = var.release
  }

  # Never stored in the plan or state (Terraform 1.11+). Bump the version to
  # run again with a new value.
  secret_parameters_wo         = { deploy_token = var.deploy_token }
  secret_parameters_wo_version = 1

  # Only these stages (identifiers); or choose_jobs for single jobs.
  choose_stages = ["stage_build", "stage_deploy"]

  triggers = {
    release = var.release
  }

  wait {
    poll_interval     = "10s"
    max_poll_interval = "1m"
  }

  timeouts {
    create = "1h" # a manual review left waiting ends the apply here (the run is stopped)
  }
}

output "pipeline_run" {
  value = {
    number     = cicd_codearts_pipeline_run.release.run_number
    status     = cicd_codearts_pipeline_run.release.status
    queued     = cicd_codearts_pipeline_run.release.queued
    detail_url = cicd_codearts_pipeline_run.release.detail_url
    stages     = { for s in cicd_codearts_pipeline_run.release.stages : s.name => s.status }
  }
}
