# Terraform 1.14+: run the pipeline on demand with
#   terraform apply -invoke=action.cicd_codearts_pipeline_run.deploy
# or after another resource changes (action_trigger below). Progress is
# streamed: "RUNNING at stage 'Test' after 1m: stage 'Build' COMPLETED; stage
# 'Test' running", "paused ...: stage 'Review' waiting for review (job ...)".
action "cicd_codearts_pipeline_run" "deploy" {
  config {
    project_id  = "27db3c8e5a46de6b02c87d5fb4d5fc39"
    pipeline_id = "00ecdeecb23e328630eba5dac26055a3"
    parameters = {
      image_tag = "1.4.2"
    }
    choose_stages = ["stage_deploy"]

    wait {
      fail_on_error = true
    }
    timeouts {
      invoke = "45m"
    }
  }
}

resource "terraform_data" "image" {
  input = "1.4.2"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.cicd_codearts_pipeline_run.deploy]
    }
  }
}
