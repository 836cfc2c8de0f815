variable "codearts_project_id" {
  type        = string
  description = "CodeArts project id (32 characters), not the IAM project id."
}

variable "pipeline_id" {
  type        = string
  description = "Pipeline id (32 characters)."
}

# One pipeline and its latest run: check it is not still running before triggering it.
data "cicd_codearts_pipeline" "backend" {
  project_id  = var.codearts_project_id
  pipeline_id = var.pipeline_id
}

output "latest_run" {
  value = data.cicd_codearts_pipeline.backend.latest_run == null ? "never ran" : format("#%d %s since %s",
    data.cicd_codearts_pipeline.backend.latest_run.run_number, data.cicd_codearts_pipeline.backend.latest_run.status,
  data.cicd_codearts_pipeline.backend.latest_run.start_time)
}
