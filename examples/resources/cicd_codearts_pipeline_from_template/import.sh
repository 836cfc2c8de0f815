# cicd_codearts_pipeline_from_template cannot be imported: the API has no way
# to read back the flow, states and workflow a pipeline was created from.
# Manage an existing pipeline's runs with cicd_codearts_pipeline_run instead,
# or create it again from this configuration.
