# Import a template by its id (with Terraform 1.12 or later, an import block
# with its identity works too). Read back: everything but secret variable
# values, which the service never returns. Write the template as it is, and
# set secret_variable_values_wo (with secret_variable_values_wo_version) or
# secret_variable_values again: the next apply sends them in place.
terraform import cicd_codearts_pipeline_template.maven 6f1e1c3f2b5d4a0e9c8b7a6d5e4f3a2b
