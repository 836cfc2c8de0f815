package simulator

// module is one slice of the simulator: a service or a group of routes that
// lives in its own file. A file adds itself with registerModule from an init
// function, so new route files never need to edit New:
//
//	func init() {
//		registerModule(module{name: "build", seed: seedBuild, routes: (*Server).buildRoutes, env: buildEnv})
//	}
//
// New calls every seed (in registration order, i.e. file-name order), then
// every routes func. EnvVars appends every env func's result to the core list.
type module struct {
	name   string
	seed   func(s *Server)                          // fills s.st; called before any route exists
	routes func(s *Server)                          // registers routes with s.handle / s.handlePublic
	env    func(s *Server, baseURL string) []EnvVar // extra `export NAME=value` lines for -print-env
}

var modules []module

func registerModule(m module) {
	for _, existing := range modules {
		if existing.name == m.name {
			panic("simulator: module registered twice: " + m.name)
		}
	}
	modules = append(modules, m)
}
