variable "codearts_project_id" {
  type        = string
  description = "CodeArts project id (32 characters), not the IAM project id."
}

# Pipelines of one project whose last run failed, by name.
data "cicd_codearts_pipelines" "failing" {
  project_ids = [var.codearts_project_id]
  statuses    = ["completed"]
  outcomes    = ["error"]
  sort_key    = "pipeline_name"
  sort_dir    = "asc"
  limit       = 100
}

output "failing_pipelines" {
  value = [for p in data.cicd_codearts_pipelines.failing.pipelines : p.pipeline_name]
}
