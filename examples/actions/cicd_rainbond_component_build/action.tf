variable "rainbond_team_id" {
  type = string
}

variable "rainbond_region" {
  type = string
}

variable "rainbond_app_id" {
  type = number
}

variable "rainbond_service_id" {
  type = string
}

variable "commit" {
  type        = string
  description = "The release marker: a new value builds again."
}

# Terraform >= 1.14. Build the component each time the action is invoked:
#   terraform apply -invoke=action.cicd_rainbond_component_build.web
# or, as here, when the release marker is created or changes (after_create, after_update).
action "cicd_rainbond_component_build" "web" {
  config {
    team_id     = var.rainbond_team_id
    region_name = var.rainbond_region
    app_id      = var.rainbond_app_id
    service_id  = var.rainbond_service_id

    wait {
      poll_interval = "10s"
    }
    timeouts {
      invoke = "40m"
    }
  }
}

resource "terraform_data" "release" {
  input = var.commit

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.cicd_rainbond_component_build.web]
    }
  }
}
