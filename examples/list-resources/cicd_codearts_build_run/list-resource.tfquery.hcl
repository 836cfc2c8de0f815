# The failed builds of one job in March 2026, with their identities:
#   terraform query
#   terraform query -generate-config-out=builds.tf   # resource and import blocks
# The generated configuration holds only the parent: importing it plans no
# change and never starts a build.
list "cicd_codearts_build_run" "failed_this_month" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    job_id     = "7a3525faa44a0833745d0a5c9c42d7b1"
    statuses   = ["FAILURE"]
    start_time = "2026-03-01T00:00:00Z"
    end_time   = "2026-03-31T23:59:59Z"
  }
}
