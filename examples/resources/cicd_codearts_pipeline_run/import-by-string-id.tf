# Import by <project_id>/<pipeline_id>/<pipeline_run_id> (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_codearts_pipeline_run.release
  id = "27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3/5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c01"
}
