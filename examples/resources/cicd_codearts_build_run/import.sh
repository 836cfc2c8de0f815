# A build is imported by its job id and build number: <job_id>/<build_no>.
# Inputs (parameters, scm) are not readable from the API; set them in the
# configuration as they were, or add them to lifecycle.ignore_changes.
terraform import cicd_codearts_build_run.app 7a3525faa44a0833745d0a5c9c42d7b1/42
