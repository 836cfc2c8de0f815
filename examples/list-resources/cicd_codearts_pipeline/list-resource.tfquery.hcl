# The pipelines of one CodeArts project whose name contains "backend":
#   terraform query
#   terraform query -generate-config-out=pipelines.tf   # resource and import blocks
list "cicd_codearts_pipeline" "backend" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    project_ids = ["27db3c8e5a46de6b02c87d5fb4d5fc39"]
    name        = "backend"
  }
}
