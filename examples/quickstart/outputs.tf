output "pipeline_count" {
  description = "How many pipelines the data source returned (at most its limit)."
  value       = length(data.cicd_codearts_pipelines.all.pipelines)
}

output "pipeline_total" {
  description = "How many pipelines match the filters in total, as the service reports it."
  value       = data.cicd_codearts_pipelines.all.total
}

output "pipeline_names" {
  description = "Names of the returned pipelines."
  value       = data.cicd_codearts_pipelines.all.pipelines[*].pipeline_name
}
