variable "db_password" {
  type      = string
  ephemeral = true # never stored in plan or state (Terraform 1.10+)
}

# Deploy release 1.4.2 and wait for every step to finish.
resource "cicd_codearts_deploy_run" "web" {
  task_id = "d2dc947ec2424d8789bb3984bb3adf45"

  # Name to value; each is sent as type text unless parameter_types says
  # otherwise (host_group or enum).
  parameters = {
    version = "1.4.2"
    hosts   = "web-prod"
  }
  parameter_types = {
    hosts = "host_group"
  }

  # Secret (encrypt) parameters: write-only, never in plan, state or logs.
  # Bump the version to deploy again with new secret values.
  secret_parameters_wo         = { "db.password" = var.db_password }
  secret_parameters_wo_version = 1

  # Change to deploy again on purpose.
  triggers = {
    release = "1.4.2"
  }

  wait {
    poll_interval     = "10s"
    max_poll_interval = "1m"
  }

  timeouts {
    create = "45m"
  }
}

# Roll back: deploy the state of an earlier record again.
resource "cicd_codearts_deploy_run" "rollback" {
  count              = 0 # set to 1 to roll back
  task_id            = cicd_codearts_deploy_run.web.task_id
  rollback_record_id = "0ee9c8e6a7dc44109541e53c6dccf47c"
}

output "deployment" {
  value = {
    record_id = cicd_codearts_deploy_run.web.record_id
    status    = cicd_codearts_deploy_run.web.status
    steps     = [for s in cicd_codearts_deploy_run.web.steps : "${s.offset}. ${s.name}: ${s.status}"]
  }
}
