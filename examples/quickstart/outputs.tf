output "summary" {
  description = "What the release did, in a few lines."
  value = join("\n", [
    format("template   %s (%s)", cicd_codearts_pipeline_template.service.name, cicd_codearts_pipeline_template.service.id),
    format("pipeline   %s (%s), from the template", cicd_codearts_pipeline.service.name, cicd_codearts_pipeline.service.id),
    format("pipeline   run #%d %s (%s)", cicd_codearts_pipeline_run.release.run_number, cicd_codearts_pipeline_run.release.status,
    join(", ", [for st in cicd_codearts_pipeline_run.release.stages : "${st.name} ${st.status}"])),
    format("build      #%d %s in %s (id %s)", cicd_codearts_build_run.release.build_no, cicd_codearts_build_run.release.status,
    coalesce(cicd_codearts_build_run.release.duration, "?"), cicd_codearts_build_run.release.id),
    format("deploy     %s, %d steps (record %s)", cicd_codearts_deploy_run.release.status, length(cicd_codearts_deploy_run.release.steps),
    cicd_codearts_deploy_run.release.record_id),
    format("rainbond   build %s/%s (event %s)", coalesce(cicd_rainbond_component_build.web.status, "?"),
    coalesce(cicd_rainbond_component_build.web.final_status, "?"), cicd_rainbond_component_build.web.event_id),
    format("last green build #%d, commit %s", data.cicd_codearts_build_record.last_green.build_no,
    coalesce(data.cicd_codearts_build_record.last_green.commit, "-")),
    format("recent builds %s", join(", ", [for r in data.cicd_codearts_build_records.recent.records : format("#%d %s", r.build_no, coalesce(r.status, "running"))])),
    format("latest run #%d %s", data.cicd_codearts_pipeline.service.latest_run.run_number, data.cicd_codearts_pipeline.service.latest_run.status),
    format("pipelines  %d in the project; last runs of ours: %s", data.cicd_codearts_pipelines.project.total,
    join(", ", [for r in data.cicd_codearts_pipeline_runs.recent.runs : format("#%d %s", r.run_number, r.status)])),
    format("step log   …%s", trimspace(element(split("\n", trimspace(data.cicd_codearts_pipeline_step_log.maven.log)), -1))),
  ])
}

output "build_no" {
  description = "The number of the build this release ran."
  value       = cicd_codearts_build_run.release.build_no
}

output "my_templates" {
  description = "Names of the account's own pipeline templates."
  value       = [for t in data.cicd_codearts_pipeline_templates.mine.templates : t.name]
}

output "rainbond_events" {
  description = "The component's latest events (type and status)."
  value       = [for e in data.cicd_rainbond_component_events.web.events : "${e.opt_type}: ${coalesce(e.status, "-")}"]
}
