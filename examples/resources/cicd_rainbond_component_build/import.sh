# A build is imported by <team_id>/<region_name>/<app_id>/<service_id>/<event_id> (the
# event id is in data source cicd_rainbond_component_events); importing never starts a
# build. Read back: those ids and the build event (status, times). Not readable from the
# API: the other inputs (branch, repo_url, ...). Write them in the configuration as they
# were: the next apply adopts them in place. With Terraform 1.12 or later, an import
# block with the identity works too (see the Import section); `terraform query` lists
# runs with their identities.
terraform import cicd_rainbond_component_build.web 1fb050582989830a6b3b6514dfadef86/rainbond/1/acf042a3e40f03b7c2ac2c2cdce83c05/f5f38ae9f34c26f4f6fe010b7cc66230
