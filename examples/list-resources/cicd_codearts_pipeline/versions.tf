# Not part of the documentation snippet: the settings a configuration using it needs
# (list blocks and `terraform query` need Terraform 1.14 or later).
terraform {
  required_version = ">= 1.14"

  required_providers {
    cicd = {
      source = "cicdlabs/cicd"
    }
  }
}
