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

# The latest successful build of a Rainbond component.
data "cicd_rainbond_component_events" "last_good_build" {
  team_id     = var.rainbond_team_id # tenant_id or tenant_name
  region_name = var.rainbond_region  # region_name, not its alias
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id # service_id or service_alias

  opt_type = "build-service"
  status   = "success"
  limit    = 1
}

# The component's last 50 events of any kind (builds, rollouts, restarts, ...).
data "cicd_rainbond_component_events" "recent" {
  team_id     = var.rainbond_team_id
  region_name = var.rainbond_region
  app_id      = var.rainbond_app_id
  service_id  = var.rainbond_service_id
  limit       = 50
}

output "last_good_build" {
  value = one(data.cicd_rainbond_component_events.last_good_build.events[*].event_id)
}

output "builds_in_progress" {
  value = [for e in data.cicd_rainbond_component_events.recent.events : e.event_id
  if e.opt_type == "build-service" && !e.finished]
}
