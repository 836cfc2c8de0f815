# Custom Java templates of the account, by name.
data "cicd_codearts_pipeline_templates" "java" {
  language  = "java"
  is_system = false
  sort_key  = "name"
  sort_dir  = "asc"
  limit     = 50
}

# System templates whose name contains "build".
data "cicd_codearts_pipeline_templates" "system_builds" {
  name      = "build"
  is_system = true
}

output "java_templates" {
  value = { for t in data.cicd_codearts_pipeline_templates.java.templates : t.name => [for s in t.stages : s.name] }
}
