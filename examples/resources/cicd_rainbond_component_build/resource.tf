variable "rainbond_team_id" { type = string } # tenant_id or tenant_name
variable "rainbond_region" { type = string }  # the region's name, not its alias
variable "rainbond_app_id" { type = number }
variable "rainbond_service_id" { type = string } # service_id or service_alias
variable "commit" { type = string }              # e.g. from your CI: a new value starts a new build

# Rebuild the component from its saved build source whenever `commit` changes,
# and fail the apply (with the last lines of the build log) if the build fails.
resource "cicd_rainbond_component_build" "web" {
  team_id     = var.rainbond_team_id
  region_name = var.rainbond_region
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id

  triggers = {
    commit = var.commit
  }

  wait {
    poll_interval     = "10s"
    max_poll_interval = "1m"
  }

  timeouts {
    create = "40m" # Rainbond builds may run up to 30 minutes
  }
}

variable "repo_password" {
  type      = string
  sensitive = true
  ephemeral = true # Terraform >= 1.11
}

# Point a source component at a (private) branch and build it. NOTE: repo_url,
# branch, username and the password are SAVED as the component's build source
# on the server: later builds, including ones started in the console, use them.
resource "cicd_rainbond_component_build" "release" {
  team_id     = var.rainbond_team_id
  region_name = var.rainbond_region
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id

  repo_url            = "https://git.example.com/team/app.git"
  branch              = "release-1.4"
  username            = "ci-bot"
  password_wo         = var.repo_password # write-only: never stored in state
  password_wo_version = 1                 # bump to rebuild with a new password
}

output "build_status" {
  value = cicd_rainbond_component_build.web.status # "success"
}
