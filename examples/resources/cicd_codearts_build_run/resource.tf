variable "build_job_id" {
  type        = string
  description = "The CodeArts Build job: the 32 characters at the end of its URL."
}

variable "commit" {
  type        = string
  description = "The commit to build; a new value starts a new build."
}

# Runs the build job once and waits for it. A failed build fails the apply
# (its id stays in state). Refresh never starts another build: change
# `triggers` to build again.
resource "cicd_codearts_build_run" "app" {
  job_id = var.build_job_id

  parameters = {
    codeBranch = "main"
    RELEASE    = "true"
  }

  scm = {
    build_commit_id = var.commit
  }

  triggers = {
    commit = var.commit
  }

  wait {
    poll_interval     = "10s"
    max_poll_interval = "1m"
    fail_on_error     = true
    stop_on_timeout   = true
  }

  timeouts {
    create = "45m"
  }
}

output "build" {
  value = {
    number   = cicd_codearts_build_run.app.build_no
    status   = cicd_codearts_build_run.app.status
    commit   = cicd_codearts_build_run.app.commit
    duration = cicd_codearts_build_run.app.duration
  }
}
