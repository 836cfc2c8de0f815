# Import by <project_id>/<pipeline_id> (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_codearts_pipeline.backend
  id = "27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3"
}
