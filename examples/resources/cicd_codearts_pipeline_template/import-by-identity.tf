# Terraform 1.12 or later: import by identity, the account (domain) id that
# owns the template and the template id (`terraform query` lists both).
import {
  to = cicd_codearts_pipeline_template.maven
  identity = {
    domain_id   = "2a348e8aeaa49c8bcb1022c385b743a9"
    template_id = "6f1e1c3f2b5d4a0e9c8b7a6d5e4f3a2b"
  }
}
