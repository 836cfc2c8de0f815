package simulator

import "time"

// state is everything the simulated services remember. It is guarded by
// Server.mu: use s.locked(func(st *state){...}) or s.mu.Lock() directly.
// Route files that need more state add fields here and fill them in their
// module's seed func.
type state struct {
	// IAM
	domain     iamDomain
	users      []iamUser
	projects   []iamProject
	accessKeys map[string]accessKey // by AK
	tokens     map[string]*issuedToken
	tokenTTL   time.Duration

	// CodeArts
	codeartsProjects map[string]string // CodeArts project id -> name
	codeartsUsers    map[string]string // user id -> display name
	pipelines        map[string]*Pipeline
	// pipelineNotFoundStatus carries DEVPIPE.00011401 on the v5 pipeline
	// routes (routes_pipelines_v5.go); 0 means 200.
	pipelineNotFoundStatus int
	// newPipelineRunPlan, when set, is how runs of pipelines the v5 API
	// creates from now on go (SetNewPipelineRunPlan).
	newPipelineRunPlan *PipelineRunPlan
	runs               *runStore      // pipeline runs (routes_pipelines_runs.go)
	tpl                *templateStore // pipeline templates and template tasks (routes_templates.go)
	builds             *buildStore    // build jobs and builds (build_model.go)

	// Rainbond
	rainbondTokens map[string]rainbondUser // access token -> user
	rainbondTeams  []*rainbondTeam
	rainbondBuilds *rainbondBuildState // builds, events, logs (rainbond_builds.go)
}

func newState() *state {
	return &state{
		accessKeys:       map[string]accessKey{},
		tokens:           map[string]*issuedToken{},
		tokenTTL:         24 * time.Hour,
		codeartsProjects: map[string]string{},
		codeartsUsers:    map[string]string{},
		pipelines:        map[string]*Pipeline{},
		rainbondTokens:   map[string]rainbondUser{},
	}
}
