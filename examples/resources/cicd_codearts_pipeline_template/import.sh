# Import a template by its id (with Terraform 1.12 or later, an import block
# with its identity works too). Secret variable values cannot be read back:
# set secret_variable_values_wo (and its version) in the configuration again.
terraform import cicd_codearts_pipeline_template.maven 6f1e1c3f2b5d4a0e9c8b7a6d5e4f3a2b
