variable "codearts_project_id" {
  description = "CodeArts project id (32 characters), not the IAM project id."
  type        = string
}

variable "pipeline_id" {
  type = string
}

# The 20 newest runs that failed or were canceled in March 2026.
data "cicd_codearts_pipeline_runs" "recent_failures" {
  project_id  = var.codearts_project_id
  pipeline_id = var.pipeline_id
  statuses    = ["FAILED", "CANCELED"]
  start_time  = "2026-03-01T00:00:00Z"
  end_time    = "2026-03-31T23:59:59Z"
  limit       = 20
}

# The newest successful run: one request of one run.
data "cicd_codearts_pipeline_runs" "last_success" {
  project_id  = var.codearts_project_id
  pipeline_id = var.pipeline_id
  statuses    = ["COMPLETED"]
  limit       = 1
}

output "last_successful_commit" {
  value = try(data.cicd_codearts_pipeline_runs.last_success.latest.build_params.commit_id, null)
}

output "recent_failures" {
  value = [for r in data.cicd_codearts_pipeline_runs.recent_failures.runs : {
    run    = r.run_number
    status = r.status
    at     = r.start_time
    stages = { for s in r.stage_status_list : s.name => s.status }
    url    = r.detail_url
  }]
}
