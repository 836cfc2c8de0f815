# Terraform 1.12 or later: import by identity (`terraform query` lists it).
# Importing never starts a build.
import {
  to = cicd_rainbond_component_build.web
  identity = {
    team_id     = "1fb050582989830a6b3b6514dfadef86"
    region_name = "rainbond"
    app_id      = 1
    service_id  = "acf042a3e40f03b7c2ac2c2cdce83c05"
    event_id    = "f5f38ae9f34c26f4f6fe010b7cc66230"
  }
}
