package simulator

import "strconv"

// EnvVar is one `export NAME=value` line printed by cicd-simulator -print-env.
type EnvVar struct {
	Name, Value string
}

// EnvVars returns the environment that points the provider at this simulator
// served at baseURL (e.g. the value returned by Start): credentials, the
// endpoint overrides and the ids of the seeded objects. Modules append their
// own variables through module.env.
func (s *Server) EnvVars(baseURL string) []EnvVar {
	vars := []EnvVar{
		{"HW_REGION_NAME", DemoRegion},
		{"CLOUD_SDK_AK", DemoAK},
		{"CLOUD_SDK_SK", DemoSK},
		{"CICD_CODEARTS_ENDPOINT", baseURL},
		{"RAINBOND_URL", baseURL},
		{"RAINBOND_TOKEN", DemoRainbondToken},
		{"CICD_DEMO_CODEARTS_PROJECT_ID", DemoCodeArtsProjectID},
		{"CICD_DEMO_RAINBOND_TEAM_ID", DemoRainbondTeamID},
		{"CICD_DEMO_RAINBOND_REGION", DemoRainbondRegion},
		{"CICD_DEMO_RAINBOND_APP_ID", strconv.Itoa(DemoRainbondAppID)},
		{"CICD_DEMO_RAINBOND_SERVICE_ID", DemoRainbondServiceID},
	}
	for _, m := range modules {
		if m.env != nil {
			vars = append(vars, m.env(s, baseURL)...)
		}
	}
	return vars
}
