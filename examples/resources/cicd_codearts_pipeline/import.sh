# Import a pipeline by <project_id>/<pipeline_id> (with Terraform 1.12 or later,
# an import block with its identity works too). Read back: everything but
# template_id, concurrency_control and secret variable values. Then write definition and variables
# as the service returns them (definition is required without template_id) and
# leave template_id out: it is not readable, and setting it replaces the
# pipeline. Set secret values again (secret_variable_values_wo and its version)
# and concurrency_control if you manage it: the next apply sends them in place.
terraform import cicd_codearts_pipeline.backend 27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3
