# Terraform 1.12 or later: import by identity (`terraform query` lists it).
# Importing never starts a run.
import {
  to = cicd_codearts_pipeline_run.release
  identity = {
    project_id      = "27db3c8e5a46de6b02c87d5fb4d5fc39"
    pipeline_id     = "00ecdeecb23e328630eba5dac26055a3"
    pipeline_run_id = "5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c01"
  }
}
