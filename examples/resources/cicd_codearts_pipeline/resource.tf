variable "codearts_project_id" {
  type        = string
  description = "CodeArts project id (32 characters), not the IAM project id."
}

# Secret values come through an ephemeral variable (Terraform 1.10+) into the
# write-only attribute (Terraform 1.11+): stored in neither the plan nor the state.
variable "deploy_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# A pipeline from its own definition.
resource "cicd_codearts_pipeline" "backend" {
  project_id  = var.codearts_project_id
  name        = "backend-build"
  description = "Build the backend on every push to main"

  # Any JSON formatting works: the service re-formatting it is not a change.
  definition = jsonencode({
    stages = [
      { name = "Build", sequence = "0", jobs = [] },
      { name = "Deploy", sequence = "1", jobs = [] },
    ]
  })

  sources = [{
    git_type       = "codehub"
    git_url        = "https://codehub.example.com/demo/backend.git"
    default_branch = "main"
    alias          = "backend"
  }]

  variables = [
    { name = "env", type = "enum", value = "dev", limits = ["dev", "prod"] },
    { name = "deploy_token", type = "string", is_secret = true },
  ]
  secret_variable_values_wo         = { deploy_token = var.deploy_token }
  secret_variable_values_wo_version = 1

  schedules = [{ name = "nightly", days_of_week = [2, 3, 4, 5, 6], time_zone = "China Standard Time" }]
  triggers = [{
    git_url  = "https://codehub.example.com/demo/backend.git"
    git_type = "codehub"
    events   = [{ type = "push" }, { type = "merge_request" }]
  }]
  concurrency_control = { concurrency_number = 2, exceed_action = "QUEUE", enable = true }
}

# A pipeline made from a managed template. The service copies the template: changing
# the template later does not change this pipeline (change template_id to replace it).
resource "cicd_codearts_pipeline_template" "service" {
  name       = "go-service"
  language   = "go"
  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  variables  = [{ name = "branch", type = "string", value = "main", is_runtime = true }]
}

resource "cicd_codearts_pipeline" "payments" {
  project_id  = var.codearts_project_id
  template_id = cicd_codearts_pipeline_template.service.id
  name        = "payments-service"
  sources     = [{ git_type = "codehub", git_url = "https://codehub.example.com/demo/payments.git", default_branch = "main" }]
}

# Run it: the pipeline's id is what cicd_codearts_pipeline_run takes.
resource "cicd_codearts_pipeline_run" "payments" {
  project_id  = var.codearts_project_id
  pipeline_id = cicd_codearts_pipeline.payments.id
  parameters  = { branch = "main" }
}
