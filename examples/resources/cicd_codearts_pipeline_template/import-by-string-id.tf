# Import by the template id (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_codearts_pipeline_template.maven
  id = "6f1e1c3f2b5d4a0e9c8b7a6d5e4f3a2b"
}
