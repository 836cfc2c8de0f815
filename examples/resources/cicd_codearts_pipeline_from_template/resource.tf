# Creates a pipeline (and its jobs) with POST /v3/templates/task and waits until it exists.
# Any change replaces it; destroying it deletes the pipeline.
resource "cicd_codearts_pipeline_from_template" "service" {
  flow = jsonencode({
    initial = { state_3 = "always" }
    state_3 = { state_4 = "always" }
    state_4 = { state_5 = "always", Task_1 = "always" }
    state_5 = { final = "always" }
  })

  states = jsonencode({
    initial = { type = "stage", name = "initial", display_name = "Initial", dsl_method = "initial", parameters = { display = "hidden" }, execution_mode = "parallel" }
    state_3 = { type = "stage", name = "state_3", display_name = "Source", dsl_method = "source", execution_mode = "parallel" }
    state_4 = { type = "stage", name = "state_4", display_name = "Build_and_Check", dsl_method = "build", execution_mode = "parallel" }
    Task_1 = {
      type                    = "task"
      name                    = "Task_1"
      module_or_template_id   = "00012"
      module_or_template_name = "Maven"
      display_name            = "Build_Task"
      dsl_method              = "buildJob"
      is_execute              = true
      job_id                  = "00012"
      job_name                = "Maven"
      project_id              = "4719b59466624abfbae0f83c3ce3a0dc"
      parameters              = { __repository__ = { repo_name = "demo", url = "git@codehub.example.com:demo/demo.git" } }
    }
    state_5 = { type = "stage", name = "state_5", display_name = "Release", dsl_method = "release", execution_mode = "parallel" }
    final   = { type = "stage", name = "final", display_name = "Final", dsl_method = "final", execution_mode = "parallel" }
  })

  workflow = {
    name         = "demo-service-pipeline"
    description  = "Created from a template"
    project_id   = "4719b59466624abfbae0f83c3ce3a0dc"
    project_name = "demo"
    parameters = [
      { name = "serviceName", value = "demo", description = "a text parameter", paramtype = "normalparam", is_static = true, is_default = true },
      { name = "releaseVersion", value = "1.0.0", description = "an auto-increment parameter", paramtype = "growthparam", is_default = true },
    ]
    sources = [{
      scm_type       = "codehub"
      codehub_name   = "demo"
      codehub_id     = "5224040"
      git_url        = "git@codehub.example.com:demo/demo.git"
      web_url        = "https://codehub.example.com/demo/demo"
      default_branch = "master"
      branch_list    = ["master"]
    }]
  }

  timeouts {
    create = "15m"
  }
}

output "pipeline_url" {
  value = cicd_codearts_pipeline_from_template.service.pipeline_url
}
