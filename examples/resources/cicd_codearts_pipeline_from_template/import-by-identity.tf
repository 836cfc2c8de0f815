# Terraform 1.12 or later: import by identity, the CodeArts project id and the
# pipeline id. flow, states and workflow cannot be read back: the first plan
# updates them in place from the configuration (nothing is sent to CodeArts).
import {
  to = cicd_codearts_pipeline_from_template.service
  identity = {
    project_id  = "27db3c8e5a46de6b02c87d5fb4d5fc39"
    pipeline_id = "00ecdeecb23e328630eba5dac26055a3"
  }
}
