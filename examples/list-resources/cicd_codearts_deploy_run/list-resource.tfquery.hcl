# The deployments of one task since January 2026 (without start_time: the last 30 days), with their identities:
#   terraform query
#   terraform query -generate-config-out=deployments.tf   # resource and import blocks
# The generated configuration holds only the parent: importing it plans no
# change and never starts a deployment.
list "cicd_codearts_deploy_run" "since_january" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    task_id    = "d2dc947ec2424d8789bb3984bb3adf45"
    start_time = "2026-01-01T00:00:00Z"
  }
}
