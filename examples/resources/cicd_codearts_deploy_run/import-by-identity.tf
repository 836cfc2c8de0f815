# Terraform 1.12 or later: import by identity (`terraform query` lists it).
# Importing never starts a deployment.
import {
  to = cicd_codearts_deploy_run.web
  identity = {
    task_id   = "d2dc947ec2424d8789bb3984bb3adf45"
    record_id = "0ee9c8e6a7dc44109541e53c6dccf47c"
  }
}
