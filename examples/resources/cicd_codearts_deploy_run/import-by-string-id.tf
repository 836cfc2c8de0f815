# Import by <task_id>/<record_id> (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_codearts_deploy_run.web
  id = "d2dc947ec2424d8789bb3984bb3adf45/0ee9c8e6a7dc44109541e53c6dccf47c"
}
