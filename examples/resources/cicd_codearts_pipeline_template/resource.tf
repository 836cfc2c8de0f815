# Secret values are passed through an ephemeral variable (Terraform 1.10+) into the
# write-only attribute (Terraform 1.11+): they reach CodeArts but are stored in neither
# the plan nor the state. Do not write a secret as a literal: literals are kept in the
# saved plan's copy of the configuration.
variable "registry_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "cicd_codearts_pipeline_template" "maven" {
  name        = "maven-build-and-check"
  language    = "java"
  description = "Build with Maven, then run a code check"

  # Any JSON formatting works: the service re-formatting it is not a change.
  definition = jsonencode({
    stages = [
      {
        name     = "Build"
        sequence = "0"
        jobs = [{
          name = "Maven"
          steps = [{
            name                  = "Maven build"
            task                  = "official_devcloud_mavenBuild"
            official_task_version = "0.0.1"
            inputs                = [{ key = "command", value = "mvn -B package" }]
          }]
        }]
      },
      { name = "Check", sequence = "1", jobs = [] },
    ]
  })

  variables = [
    { name = "branch", type = "string", value = "main", is_runtime = true },
    { name = "env", type = "enum", value = "dev", limits = ["dev", "staging", "prod"], description = "Target environment" },
    { name = "build_no", type = "autoIncrement", value = "1" },
    # A secret variable: no value here.
    { name = "registry_password", type = "string", is_secret = true },
  ]

  secret_variable_values_wo = {
    registry_password = var.registry_password
  }
  # Change this number to send new secret values.
  secret_variable_values_wo_version = 1

  # Or the sensitive map, which is kept in state (hidden in plans and logs):
  # secret_variable_values = { registry_password = var.registry_password }

  is_show_source = true
  is_favorite    = true
}
