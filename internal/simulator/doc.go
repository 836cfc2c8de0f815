// Package simulator is a stateful local fake of the APIs the cicd provider
// calls: Huawei Cloud IAM, CodeArts Pipeline/Build/Deploy and the Rainbond
// console OpenAPI (/openapi/v1), all served by one http.Handler on one port
// (their paths do not collide). It speaks the documented shapes only (Huawei's
// API pages, the huaweicloud-sdk-go-v3 models, Rainbond's console OpenAPI;
// each route names its source): field names, JSON types, error bodies and
// auth are the real ones.
//
// # Using it from tests
//
//	s := simulator.New(simulator.Options{Clock: simulator.NewManualClock(t0)})
//	base := s.Start()            // http://127.0.0.1:PORT
//	defer s.Close()
//	s.InjectFault("POST /v3/pipelines/list", simulator.Fault{Kind: simulator.FaultStatus429, Times: 2})
//	... drive the client ...
//	s.Count("POST /v3/pipelines/list")   // requests routed there, faulted or not
//	s.Requests()                          // every request as received (secret-leak checks)
//
// Demo credentials and seeded ids are the Demo* constants; EnvVars(base)
// returns the environment the provider needs (also printed by
// cmd/cicd-simulator -print-env).
//
// # Auth rules
//
//   - IAM: POST /v3/auth/tokens is public (password method, project scope by
//     name or id; 201 + X-Subject-Token). GET /v3/projects and
//     GET /v3/auth/domains accept an issued token or an AK/SK signature
//     (no X-Project-Id needed). IAM errors: {"error":{"code":<int>,"message","title"}}.
//   - CodeArts (pipeline/build/deploy): X-Auth-Token must be an issued,
//     unexpired token; otherwise `Authorization: SDK-HMAC-SHA256 Access=..,
//     SignedHeaders=..,Signature=..` verified with Huawei's official signer
//     (the wire request is rebuilt as a request.DefaultHttpRequest holding
//     only the signed headers plus Content-Type), X-Sdk-Date within 15 min
//     of the SERVER CLOCK (with a ManualClock, sign with s.Now()), and
//     X-Project-Id == DemoIAMProjectID. X-Security-Token is ignored.
//     Failures: 401 {"error_code":"APIGW.0301","error_msg":"Incorrect IAM
//     authentication information: <reason>","request_id"}; expired tokens
//     say "the token has expired. The token must be updated".
//   - Rainbond: `Authorization: <DemoRainbondToken>` (raw, no prefix).
//     Failures: 401 + `WWW-Authenticate: Token` +
//     {"detail":"No token"|"No such user","code":401,"msg","msg_show","error_type":"AuthenticationFailed","error_trace"}.
//
// Every response carries X-Request-Id.
//
// # Scripted outcomes and the control endpoint
//
// Besides the per-kind Go API (SetBuildOutcome, SetDeployOutcome,
// SetPipelineRunOutcome, SetRainbondBuildOutcome), SetScripts takes rules
// with a target KIND:ID (build:JOB_ID, deploy:TASK_ID, pipeline:ID[/STAGE],
// component:SERVICE_ID; ID "*" for all) and an outcome (success, fail,
// review), duration and queue, and translates them into those models
// (scripted_outcomes.go). They are what cmd/cicd-simulator's -outcome,
// -duration and -queue flags set, and what its users change at run time
// through the control endpoint under ControlPath (/_simulator/:
// routes_control.go), which belongs to no real API: it needs no
// credentials and is not recorded, counted, delayed, faulted or listed by
// Routes.
//
// # Adding routes (new files, no edits to server.go)
//
// Put a service's routes in its own file and register a module from init:
//
//	func init() {
//		registerModule(module{name: "build", seed: seedBuild, routes: (*Server).buildRoutes})
//	}
//
//	func (s *Server) buildRoutes() {
//		s.handle("POST /v3/jobs/build", svcBuild, s.buildJob)          // authenticated
//	}
//
// Helpers:
//
//   - s.handle(pattern, svc, h) / s.handlePublic(pattern, svc, h): register a
//     Go 1.22 ServeMux pattern ("METHOD /path/{id}"). The wrapper counts the
//     request, applies queued faults (in svc's error shape), authenticates
//     (svc decides how), then calls h. The pattern string is the key for
//     Count and InjectFault. svc is one of svcIAM, svcPipeline, svcBuild,
//     svcDeploy, svcRainbond.
//   - principalFrom(r): who is calling (token/AK-SK user and project, or the
//     Rainbond user).
//   - decodeJSON(r, &v): strict JSON body decode (wrong types are errors;
//     unknown fields are ignored; an empty body returns errEmptyBody).
//   - writeJSON(w, status, v)
//   - writeCodeArtsError(w, status, code, msg): {"error_code","error_msg"}.
//   - writeAPIGError(w, status, code, msg): gateway errors, adds "request_id".
//   - writeIAMError(w, status, msg)
//   - writeRainbondError(w, status, code, msg, msgShow): ServiceHandleException
//     body {"code","msg","msg_show","data":{"bean":{},"list":[]}}.
//   - writeRainbondValidation(w, map[field][]msg): 400 code 20400 ValidationError.
//   - writeRainbondAPIException(w, status, errorType, detail): DRF APIException body.
//   - formatCodeArtsTime(t): "YYYY-MM-DD HH:MM:SS" in UTC+8 ("" for zero).
//   - randomHex(n), seededID(label): ids.
//   - s.locked(func(st *state){...}) or s.mu: the state lock. Add the
//     fields a new service needs to state (state.go) and fill them in the
//     module's seed func (called once from New, before routes exist).
//   - module.env: extra `export NAME=value` lines for -print-env.
//   - s.clock.Now(): the simulator's time; runs should progress on it.
//
// Handlers must hold s.mu only briefly and never while writing the response.
//
// # Fault semantics
//
// Faults queue per route; each request consumes one. Status429, Status500,
// Status503, ErrorWith200, ExpiredToken and ConnReset act before auth and
// before the handler (no side effect). ConnResetAfter, TimeoutAfter and
// MalformedJSON run the real handler first (side effects happen) and then
// drop, delay or truncate its response.
//
// # Error codes chosen by the simulator
//
// The references document no invalid-parameter code for the v3 pipeline
// list, nor generic internal-error codes; the simulator uses
// ErrCodePipelineInvalidParam, ErrCodePipelineInternal, ErrCodeBuildInternal
// and ErrCodeDeployInternal for those. Clients must not depend on them.
package simulator
