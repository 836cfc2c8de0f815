# Terraform 1.11 or later: write-only attributes (secrets kept out of state) need it.
# Actions need 1.14. OpenTofu 1.12 or later runs the resources and data sources.
terraform {
  required_version = ">= 1.11"

  required_providers {
    cicd = {
      source = "cicdlabs/cicd"
    }
  }
}

variable "ak" {
  type        = string
  description = "Huawei Cloud access key (or set CLOUD_SDK_AK / HW_ACCESS_KEY and leave access_key out)."
  sensitive   = true
}

variable "sk" {
  type        = string
  description = "Huawei Cloud secret key (or set CLOUD_SDK_SK / HW_SECRET_KEY and leave secret_key out)."
  sensitive   = true
}

variable "rainbond_token" {
  type        = string
  description = "Rainbond console OpenAPI token (or set RAINBOND_TOKEN and leave token out)."
  sensitive   = true
}

provider "cicd" {
  codearts {
    region     = "cn-north-4" # or HW_REGION_NAME
    access_key = var.ak       # or CLOUD_SDK_AK / HW_ACCESS_KEY   (AK/SK signing)
    secret_key = var.sk       # or CLOUD_SDK_SK / HW_SECRET_KEY
    # or: auth_token = "..."           # HW_AUTH_TOKEN (X-Auth-Token as is)
    # or: user_name / password / domain_name  (IAM password -> project-scoped token)
    project_id = "0123456789abcdef0123456789abcdef" # IAM project id for X-Project-Id; looked up once if absent
    domain_id  = "fedcba9876543210fedcba9876543210" # account id, the tenant of pipeline templates; looked up once if absent

    # Overrides; by default each service's endpoint is derived from the region.
    endpoints {
      pipeline = "https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com"
      build    = "https://cloudbuild-ext.cn-north-4.myhuaweicloud.com"
      deploy   = "https://codearts-deploy.cn-north-4.myhuaweicloud.com"
      iam      = "https://iam.cn-north-4.myhuaweicloud.com"
    }
    # CICD_CODEARTS_ENDPOINT: one base URL for all four services (a gateway, or the simulator)
  }

  rainbond {
    url   = "https://console.example.com:7070" # or RAINBOND_URL
    token = var.rainbond_token                 # or RAINBOND_TOKEN
  }
}
