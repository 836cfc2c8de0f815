variable "build_job_id" {
  type = string
}

# The latest successful build of a job: its number and commit can feed a deploy.
data "cicd_codearts_build_record" "last_green" {
  job_id = var.build_job_id
  status = "SUCCESS"
}

# One build by number.
data "cicd_codearts_build_record" "build_42" {
  job_id   = var.build_job_id
  build_no = 42
}

output "last_green" {
  value = {
    build_no = data.cicd_codearts_build_record.last_green.build_no
    commit   = data.cicd_codearts_build_record.last_green.commit
    ended    = data.cicd_codearts_build_record.last_green.end_time
  }
}
