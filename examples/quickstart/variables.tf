variable "release" {
  type        = string
  description = "Release label; changing it starts a new build, deploy and Rainbond build."
  default     = "v1"
}

variable "registry_token" {
  type        = string
  description = "Secret template variable value (demo only)."
  sensitive   = true
  default     = "demo-registry-token"
}

# Ids of the simulator's seeded objects (make demo sets TF_VAR_<name> from CICD_DEMO_<NAME>).
variable "codearts_project_id" {
  type        = string
  description = "CodeArts project id (32 characters), not the IAM project id."
}

variable "build_job_id" {
  type        = string
  description = "CodeArts Build job id."
}

variable "deploy_task_id" {
  type        = string
  description = "CodeArts Deploy task id."
}

variable "pipeline_id" {
  type        = string
  description = "CodeArts pipeline id (one with runs) whose step log is read."
}

variable "pipeline_run_id" {
  type        = string
  description = "A pipeline run whose step log is read."
}

variable "job_run_id" {
  type        = string
  description = "Job run id inside that pipeline run."
}

variable "step_run_id" {
  type        = string
  description = "Step run id inside that job run."
}

variable "rainbond_team_id" {
  type        = string
  description = "Rainbond team id or name."
}

variable "rainbond_region" {
  type        = string
  description = "Rainbond region (cluster) name."
}

variable "rainbond_app_id" {
  type        = number
  description = "Rainbond application id."
}

variable "rainbond_service_id" {
  type        = string
  description = "Rainbond component id."
}
