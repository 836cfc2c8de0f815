# The builds of one component that have not finished yet, with their identities:
#   terraform query
#   terraform query -generate-config-out=builds.tf   # resource and import blocks
# The generated configuration holds only the parent: importing it plans no
# change and never starts a build.
list "cicd_rainbond_component_build" "running" {
  provider = cicd
  limit    = 500 # Terraform's default is 100

  config {
    team_id     = "1fb050582989830a6b3b6514dfadef86"
    region_name = "rainbond"
    app_id      = 1
    service_id  = "acf042a3e40f03b7c2ac2c2cdce83c05"
    statuses    = ["running"]
  }
}
