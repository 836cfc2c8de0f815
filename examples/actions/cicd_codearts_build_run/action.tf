variable "build_job_id" {
  type = string
}

# Invoke with: terraform apply -invoke=action.cicd_codearts_build_run.nightly
# (Terraform 1.14+). Each invocation starts one build and streams its progress.
action "cicd_codearts_build_run" "nightly" {
  config {
    job_id = var.build_job_id
    parameters = {
      codeBranch = "main"
    }
    wait {
      poll_interval = "10s"
    }
    timeouts {
      invoke = "1h"
    }
  }
}
