# Import a pipeline by <project_id>/<pipeline_id>. The template task API cannot
# read back flow, states and the workflow details: the first plan after the
# import takes them from the configuration in place (only a different
# workflow.name or workflow.project_id replaces the pipeline).
terraform import cicd_codearts_pipeline_from_template.service 27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3
