variable "build_job_id" {
  type = string
}

# The ten most recent failed builds of a job, newest first.
data "cicd_codearts_build_records" "failures" {
  job_id = var.build_job_id
  status = "FAILURE"
  limit  = 10
}

output "recent_failures" {
  value = [for r in data.cicd_codearts_build_records.failures.records : r.build_no]
}
