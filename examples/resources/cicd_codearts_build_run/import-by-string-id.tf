# Import by <job_id>/<build_no> (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_codearts_build_run.app
  id = "7a3525faa44a0833745d0a5c9c42d7b1/42"
}
