variable "codearts_project_id" {
  type = string
}

variable "pipeline_id" {
  type = string
}

variable "pipeline_run_id" {
  type = string
}

# job_run_id / step_run_id are the jobs[].id and steps[].id of the run's detail.
variable "job_run_id" {
  type = string
}

variable "step_run_id" {
  type = string
}

# The last 50 lines of a step's log, e.g. to show why it failed.
data "cicd_codearts_pipeline_step_log" "tail" {
  project_id      = var.codearts_project_id
  pipeline_id     = var.pipeline_id
  pipeline_run_id = var.pipeline_run_id
  job_run_id      = var.job_run_id
  step_run_id     = var.step_run_id
  tail_lines      = 50
}

# The first 64 KiB; a second read can continue from end_offset.
data "cicd_codearts_pipeline_step_log" "head" {
  project_id      = var.codearts_project_id
  pipeline_id     = var.pipeline_id
  pipeline_run_id = var.pipeline_run_id
  job_run_id      = var.job_run_id
  step_run_id     = var.step_run_id
  max_bytes       = 65536
}

output "step_log_tail" {
  value = data.cicd_codearts_pipeline_step_log.tail.log
}

output "more_after" {
  value = data.cicd_codearts_pipeline_step_log.head.has_more ? data.cicd_codearts_pipeline_step_log.head.end_offset : null
}
