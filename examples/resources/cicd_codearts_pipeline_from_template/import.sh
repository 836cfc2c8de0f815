# Import a pipeline by <project_id>/<pipeline_id> (with Terraform 1.12 or later,
# an import block with its identity works too). Read back: the pipeline id, its
# project (workflow.project_id) and its name (pipeline_name, workflow.name); the
# template task API cannot read back flow, states or the rest of workflow. Write
# the resource as it was created: the first plan after the import takes flow,
# states and workflow from the configuration in place (only a different
# workflow.name or workflow.project_id replaces the pipeline).
terraform import cicd_codearts_pipeline_from_template.service 27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3
