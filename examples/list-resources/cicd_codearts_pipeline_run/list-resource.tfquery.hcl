# The failed or canceled runs of one pipeline, with their identities:
#   terraform query
#   terraform query -generate-config-out=runs.tf   # resource and import blocks
# The generated configuration holds only the parent: importing it plans no
# change and never starts a run.
list "cicd_codearts_pipeline_run" "failed" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    project_id  = "27db3c8e5a46de6b02c87d5fb4d5fc39"
    pipeline_id = "00ecdeecb23e328630eba5dac26055a3"
    statuses    = ["FAILED", "CANCELED"]
  }
}
