# The account's custom Java templates whose name contains "maven":
#   terraform query
#   terraform query -generate-config-out=templates.tf   # resource and import blocks
list "cicd_codearts_pipeline_template" "maven" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    name     = "maven"
    language = "java"
  }
}
