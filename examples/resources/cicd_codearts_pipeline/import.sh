# Import a pipeline by <project_id>/<pipeline_id> (with Terraform 1.12 or later,
# an import block with its identity works too). Secret variable values and
# template_id cannot be read back: set them in the configuration again.
terraform import cicd_codearts_pipeline.backend 27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3
