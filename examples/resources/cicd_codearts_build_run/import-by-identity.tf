# Terraform 1.12 or later: import by identity (`terraform query` lists it).
# Importing never starts a build.
import {
  to = cicd_codearts_build_run.app
  identity = {
    job_id   = "7a3525faa44a0833745d0a5c9c42d7b1"
    build_no = 42
  }
}
