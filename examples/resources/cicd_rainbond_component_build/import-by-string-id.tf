# Import by <team_id>/<region_name>/<app_id>/<service_id>/<event_id> (any Terraform with import blocks, and OpenTofu).
import {
  to = cicd_rainbond_component_build.web
  id = "1fb050582989830a6b3b6514dfadef86/rainbond/1/acf042a3e40f03b7c2ac2c2cdce83c05/f5f38ae9f34c26f4f6fe010b7cc66230"
}
