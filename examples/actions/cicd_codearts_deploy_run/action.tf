# Deploy each time it is invoked (Terraform 1.14+):
#   terraform apply -invoke=action.cicd_codearts_deploy_run.web
# Progress narrates the steps: "step 2/4 'Stop service' done".
action "cicd_codearts_deploy_run" "web" {
  config {
    task_id = "d2dc947ec2424d8789bb3984bb3adf45"
    parameters = {
      version = "1.4.2"
    }
    wait {
      poll_interval = "10s"
    }
    timeouts {
      invoke = "45m"
    }
  }
}

# Or run it after another resource changes.
resource "terraform_data" "release" {
  input = "1.4.2"
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.cicd_codearts_deploy_run.web]
    }
  }
}
