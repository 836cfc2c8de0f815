# Not part of the documentation snippet: the settings a configuration using it needs
# (the provider's write-only attributes need Terraform 1.11 or later).
terraform {
  required_version = ">= 1.11"

  required_providers {
    cicd = {
      source = "cicdlabs/cicd"
    }
  }
}
