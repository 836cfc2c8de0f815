package provider

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccSecretsNeverLeak is the reference for "secrets never leak". For
// every secret attribute (one row each) it runs the real terraform CLI with
// the provider binary built from this tree (dev_overrides), at TF_LOG=TRACE
// with TF_LOG_PATH, through plan -out, apply of the saved plan, a second
// plan (refresh + diff, which must be empty) and destroy, and asserts:
//
//   - the simulator DID receive the secret (so the checks below prove something);
//   - no log line of any command (terraform core and provider, one file per
//     command) holds it, raw or JSON-escaped once or twice (a body logged as a
//     string field is escaped again), nor a long run of its plain characters;
//   - no command's stdout/stderr holds it (plan, apply, show, destroy);
//   - write-only attributes and provider credentials are in neither
//     `terraform show -json` of the saved plan, nor the plan file's members,
//     nor `terraform show -json` of the state, nor the raw terraform.tfstate;
//   - sensitive-but-stored attributes are marked sensitive in both JSON views
//     and hidden in human output ("(sensitive value)"); they are in the state
//     file by design (their documentation says so; the _wo variants are not).
//
// Every IAM token the provider sent (X-Auth-Token: the configured auth_token,
// or the token the provider obtained in password mode) is checked the same way.
//
// Values come in as a real user passes them: TF_VAR_* environment variables
// of `ephemeral` (write-only attributes, provider credentials) or `sensitive`
// (stored attributes) variables. A literal in a .tf file would defeat the
// point: Terraform copies literals into the plan's `configuration` section
// (`expressions.<attr>.constant_value` in `terraform show -json`), whatever
// the attribute's Sensitive or WriteOnly flags, so a secret must never be
// written into configuration.
//
// The secrets contain characters JSON escapes (<&>"\) so that a log masker
// that only knows the raw form is caught.
func TestAccSecretsNeverLeak(t *testing.T) {
	tf := terraformCLI(t)
	bin := providerBinaryDir(t)

	const (
		// akMarker etc.: every secret starts with a run of plain characters
		// unique to it, found whatever escaping a leak went through.
		securityToken = "STStok9f3e2b7c41+/=sts"
		rbPassword    = `rbPassMarker5c0a-<&>"\-wo`
	)
	type rowKind int
	const (
		credential rowKind = iota // provider configuration: never stored anywhere
		writeOnly                 // write-only attribute: never stored anywhere
		stored                    // sensitive attribute: in state by design, hidden in output
	)
	type row struct {
		attr   string
		kind   rowKind
		secret string // "" = the credential is known only at run time (tokens)
		// auth renders the codearts credentials (default AK/SK from variables).
		auth string
		// config renders the resources; var.secret holds the row's secret.
		config func(t *testing.T, e *testEnv) string
		// received asserts, after apply, that the simulator got the secret.
		received func(t *testing.T, e *testEnv, secret string)
	}
	const (
		authAKSK     = "aksk"
		authSTS      = "sts"
		authToken    = "token"
		authPassword = "password"
	)

	// A plain template: the resource of the provider-credential rows.
	plainTemplate := func(t *testing.T, _ *testEnv) string {
		return templateConfig("tpl-"+rowName(t), "", `  variables = [{ name = "env", type = "string", value = "dev" }]`)
	}
	templateReceived := func(name string) func(t *testing.T, e *testEnv, secret string) {
		return func(t *testing.T, e *testEnv, secret string) {
			for _, tpl := range e.sim.Templates() {
				for _, v := range tpl.Variables {
					if v.Name == name && v.IsSecret && v.Value == secret {
						return
					}
				}
			}
			t.Errorf("no template on the server has secret variable %s with the configured value", name)
		}
	}
	deployReceived := func(key string) func(t *testing.T, e *testEnv, secret string) {
		return func(t *testing.T, e *testEnv, secret string) {
			for _, task := range e.sim.DeployTasks() {
				for _, rec := range e.sim.DeployRecords(task) {
					for _, p := range rec.Params {
						if p.Key == key && p.Value == secret && p.Type == "encrypt" {
							return
						}
					}
				}
			}
			t.Errorf("no deployment received parameter %s as type encrypt with the configured value", key)
		}
	}
	runReceived := func(name string) func(t *testing.T, e *testEnv, secret string) {
		return func(t *testing.T, e *testEnv, secret string) {
			for _, r := range e.sim.Requests() {
				if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/run") {
					continue
				}
				var body struct {
					Variables []struct{ Name, Value string } `json:"variables"`
				}
				if json.Unmarshal(r.Body, &body) == nil {
					for _, v := range body.Variables {
						if v.Name == name && v.Value == secret {
							return
						}
					}
				}
			}
			t.Errorf("no run request carried variable %s with the configured value", name)
		}
	}
	rbReceived := func(t *testing.T, e *testEnv, secret string) {
		src, _ := e.sim.RainbondComponentSource(rbService)
		if src.Password == nil || *src.Password != secret {
			t.Errorf("the component's saved source password is %v, want the configured value", src.Password)
		}
	}
	headerReceived := func(header string) func(t *testing.T, e *testEnv, secret string) {
		return func(t *testing.T, e *testEnv, secret string) {
			for _, r := range e.sim.Requests() {
				if r.Header.Get(header) == secret {
					return
				}
			}
			t.Errorf("no request carried the configured %s", header)
		}
	}
	rbBuild := func(extra string) func(t *testing.T, e *testEnv) string {
		return func(t *testing.T, e *testEnv) string {
			e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 100 * time.Millisecond})
			return fmt.Sprintf(`
resource "cicd_rainbond_component_build" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
  repo_url    = "https://git.example.com/team/private-app.git"
  username    = "ci-bot"
%s
%s
}
`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService, fastWait, extra)
		}
	}
	deploy := func(extra string) func(t *testing.T, e *testEnv) string {
		return func(t *testing.T, e *testEnv) string {
			return fmt.Sprintf(`
resource "cicd_codearts_deploy_run" "test" {
  task_id = %q
  parameters = { "version" = "1.4.2" }
%s
%s
}
`, newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(30 * time.Millisecond)}), fastWait, extra)
		}
	}
	pipelineRun := func(extra string) func(t *testing.T, e *testEnv) string {
		return func(t *testing.T, e *testEnv) string {
			p := e.sim.AddPipeline(simulator.Pipeline{Name: "tf-" + rowName(t)})
			e.sim.SetPipelineRunOutcome(p.ID, simulator.PipelineRunPlan{StepDuration: 30 * time.Millisecond})
			return fmt.Sprintf(`
resource "cicd_codearts_pipeline_run" "test" {
  project_id  = %q
  pipeline_id = %q
  parameters  = { release = "1.4.2" }
%s
%s
}
`, simulator.DemoCodeArtsProjectID, p.ID, fastWait, extra)
		}
	}

	rows := []row{
		{attr: "codearts.secret_key", kind: credential, secret: simulator.DemoSK, config: plainTemplate,
			received: func(t *testing.T, e *testEnv, _ string) {
				// The SK never travels; the simulator verified signatures made with it.
				for _, r := range e.sim.Requests() {
					if strings.HasPrefix(r.Header.Get("Authorization"), "SDK-HMAC-SHA256 Access="+simulator.DemoAK) && r.Method == http.MethodPost {
						return
					}
				}
				t.Errorf("no AK/SK-signed request reached the simulator")
			}},
		{attr: "codearts.security_token", kind: credential, secret: securityToken, auth: authSTS, config: plainTemplate,
			received: headerReceived("X-Security-Token")},
		{attr: "codearts.auth_token", kind: credential, auth: authToken, config: plainTemplate,
			received: headerReceived("X-Auth-Token")},
		{attr: "codearts.password (and the IAM token it is exchanged for)", kind: credential, secret: simulator.DemoPassword,
			auth: authPassword, config: plainTemplate,
			received: func(t *testing.T, e *testEnv, secret string) {
				for _, r := range e.sim.Requests() {
					if r.Path == "/v3/auth/tokens" && bytes.Contains(r.Body, []byte(jsonInner(secret))) {
						return
					}
				}
				t.Errorf("the password never reached POST /v3/auth/tokens")
			}},
		{attr: "rainbond.token", kind: credential, secret: simulator.DemoRainbondToken, config: rbBuild(`  branch = "main"`),
			received: headerReceived("Authorization")},

		{attr: "cicd_codearts_pipeline_template.secret_variable_values", kind: stored, secret: `tplSensMarker31aa-<&>"\-s`,
			config: func(t *testing.T, e *testEnv) string {
				return templateConfig("tpl-"+rowName(t), "", `
  variables              = [{ name = "db_password", type = "string", is_secret = true }]
  secret_variable_values = { db_password = var.secret }`)
			}, received: templateReceived("db_password")},
		{attr: "cicd_codearts_pipeline_template.secret_variable_values_wo", kind: writeOnly, secret: `tplWOMarker5b1c-<&>"\-wo`,
			config: func(t *testing.T, e *testEnv) string {
				return templateConfig("tpl-"+rowName(t), "", `
  variables                         = [{ name = "api_token", type = "string", is_secret = true }]
  secret_variable_values_wo         = { api_token = var.secret }
  secret_variable_values_wo_version = 1`)
			}, received: templateReceived("api_token")},
		{attr: "cicd_codearts_deploy_run.secret_parameters", kind: stored, secret: `depSensMarker7d41-<&>"\-s`,
			config: deploy(`  secret_parameters = { "db.password" = var.secret }`), received: deployReceived("db.password")},
		{attr: "cicd_codearts_deploy_run.secret_parameters_wo", kind: writeOnly, secret: `depWOMarker51e0-<&>"\-wo`,
			config: deploy(`  secret_parameters_wo         = { api_token = var.secret }
  secret_parameters_wo_version = 1`), received: deployReceived("api_token")},
		{attr: "cicd_codearts_pipeline_run.secret_parameters", kind: stored, secret: `runSensMarker0b6e-<&>"\-s`,
			config: pipelineRun(`  secret_parameters = { token = var.secret }`), received: runReceived("token")},
		{attr: "cicd_codearts_pipeline_run.secret_parameters_wo", kind: writeOnly, secret: `runWOMarker2c9d-<&>"\-wo`,
			config: pipelineRun(`  secret_parameters_wo         = { token = var.secret }
  secret_parameters_wo_version = 1`), received: runReceived("token")},
		{attr: "cicd_rainbond_component_build.password", kind: stored, secret: `rbSensMarker8e2f-<&>"\-s`,
			config: rbBuild(`  password = var.secret`), received: rbReceived},
		{attr: "cicd_rainbond_component_build.password_wo", kind: writeOnly, secret: rbPassword,
			config: rbBuild(`  password_wo         = var.secret
  password_wo_version = 1`), received: rbReceived},

		// ---- v5 pipelines (helpers in resource_codearts_pipeline_test.go) ----
		{attr: "cicd_codearts_pipeline.secret_variable_values", kind: stored, secret: `plSensMarker6d2e-<&>"\-s`,
			config: func(t *testing.T, e *testEnv) string {
				return pipelineConfig("pl-"+rowName(t), "", `
  variables              = [{ name = "db_password", type = "string", is_secret = true }]
  secret_variable_values = { db_password = var.secret }`)
			}, received: pipelineSecretReceived("db_password")},
		{attr: "cicd_codearts_pipeline.secret_variable_values_wo", kind: writeOnly, secret: `plWOMarker93af-<&>"\-wo`,
			config: func(t *testing.T, e *testEnv) string {
				return pipelineConfig("pl-"+rowName(t), "", `
  variables                         = [{ name = "api_token", type = "string", is_secret = true }]
  secret_variable_values_wo         = { api_token = var.secret }
  secret_variable_values_wo_version = 1`)
			}, received: pipelineSecretReceived("api_token")},
	}

	for _, r := range rows {
		t.Run(r.attr, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t)
			secret := r.secret
			if r.auth == authToken {
				secret = e.issueToken(t)
			}
			resources := r.config(t, e)
			resAttr := "" // the resource attribute under test, for the JSON views
			resAddr := ""
			if r.kind != credential {
				typ, attr, _ := strings.Cut(r.attr, ".")
				resAddr, resAttr = typ+".test", attr
			}

			// Provider credentials always come from ephemeral variables; the
			// row's own secret from var.secret (ephemeral when write-only,
			// sensitive when stored).
			vars := map[string]string{"rainbond_token": simulator.DemoRainbondToken}
			var creds string
			switch r.auth {
			case authToken:
				creds, vars["auth_token"] = "auth_token = var.auth_token", secret
			case authPassword:
				creds = fmt.Sprintf("user_name = %q\n    password = var.password\n    domain_name = %q", simulator.DemoUserName, simulator.DemoDomainName)
				vars["password"] = simulator.DemoPassword
			case authSTS:
				creds = fmt.Sprintf("access_key = %q\n    secret_key = var.sk\n    security_token = var.security_token", simulator.DemoAK)
				vars["sk"], vars["security_token"] = simulator.DemoSK, securityToken
			default:
				creds = fmt.Sprintf("access_key = %q\n    secret_key = var.sk", simulator.DemoAK)
				vars["sk"] = simulator.DemoSK
			}
			var decls strings.Builder
			for name := range vars {
				fmt.Fprintf(&decls, "variable %q {\n  type      = string\n  ephemeral = true\n}\n", name)
			}
			if r.kind != credential {
				flag := "ephemeral"
				if r.kind == stored {
					flag = "sensitive"
				}
				fmt.Fprintf(&decls, "variable \"secret\" {\n  type = string\n  %s = true\n}\n", flag)
				vars["secret"] = secret
			}
			provider := fmt.Sprintf(`
provider "cicd" {
  max_retries     = 2
  request_timeout = "5s"
  codearts {
    region = %q
    %s
    %s
  }
  rainbond {
    url   = %q
    token = var.rainbond_token
  }
}
`, simulator.DemoRegion, creds, e.endpoints(), e.url)

			cli := newTraceCLI(t, tf, bin, decls.String()+provider+resources, vars)
			work, run := cli.work, cli.run

			// Everything a user or a CI system could see, by where it was
			// seen (the commands' output first); never holds any secret.
			seen := cli.outputs
			storedViews := map[string]string{} // may hold a stored row's secret, nothing else

			plan := run(0, "plan", "-no-color", "-input=false", "-out=tfplan")
			planJSON := run(0, "show", "-json", "tfplan")
			run(0, "show", "-no-color", "tfplan")
			planFile := unzipText(t, filepath.Join(work, "tfplan"))
			run(0, "apply", "-no-color", "-input=false", "-auto-approve", "tfplan")
			r.received(t, e, secret)
			stateJSON := run(0, "show", "-json")
			run(0, "show", "-no-color")
			stateFile, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
			if err != nil {
				t.Fatal(err)
			}
			// Refresh and plan again: nothing to do, nothing leaked.
			run(0, "plan", "-no-color", "-input=false", "-detailed-exitcode")
			run(0, "destroy", "-no-color", "-input=false", "-auto-approve")

			switch r.kind {
			case stored:
				delete(seen, "terraform show -json tfplan")
				delete(seen, "terraform show -json")
				storedViews["terraform show -json (plan)"] = planJSON
				storedViews["the plan file"] = planFile
				storedViews["terraform show -json (state)"] = stateJSON
				storedViews["terraform.tfstate"] = string(stateFile)
				if !strings.Contains(plan, resAttr) || !strings.Contains(plan, "(sensitive value)") {
					t.Errorf("the plan does not show %s as (sensitive value):\n%s", resAttr, plan)
				}
				if !sensitiveIn(t, planJSON, resAddr, resAttr, true) {
					t.Errorf("terraform show -json (plan) does not mark %s sensitive", resAttr)
				}
				if !sensitiveIn(t, stateJSON, resAddr, resAttr, false) {
					t.Errorf("terraform show -json (state) does not mark %s sensitive", resAttr)
				}
				// By design (and documented): the value is in the state file.
				if !containsAny(string(stateFile), secret) {
					t.Errorf("%s is no longer in the state file; update its documentation", resAttr)
				}
			case writeOnly:
				seen["terraform show -json (plan)"] = planJSON
				seen["the plan file"] = planFile
				seen["terraform show -json (state)"] = stateJSON
				seen["terraform.tfstate"] = string(stateFile)
				if !strings.Contains(plan, resAttr) || !strings.Contains(plan, "(write-only attribute)") {
					t.Errorf("the plan does not show %s as (write-only attribute):\n%s", resAttr, plan)
				}
			default:
				seen["terraform show -json (plan)"] = planJSON
				seen["the plan file"] = planFile
				seen["terraform show -json (state)"] = stateJSON
				seen["terraform.tfstate"] = string(stateFile)
			}
			var allLogs strings.Builder
			for _, p := range cli.logs {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				seen["the TRACE log of "+filepath.Base(p)] = string(b)
				allLogs.Write(b)
			}
			// The log checks prove something only if request bodies are logged.
			if !strings.Contains(allLogs.String(), "HTTP request body") || !strings.Contains(allLogs.String(), "HTTP response body") {
				t.Fatalf("the TRACE logs have no HTTP bodies; the log checks would prove nothing")
			}

			// Every credential of the run: the row's secret, the provider's,
			// and every IAM token the provider sent.
			credentials := []string{simulator.DemoSK, simulator.DemoRainbondToken}
			switch r.auth {
			case authSTS:
				credentials = append(credentials, securityToken)
			case authPassword:
				credentials = append(credentials, simulator.DemoPassword)
			}
			tokens := map[string]bool{}
			for _, req := range e.sim.Requests() {
				if tok := req.Header.Get("X-Auth-Token"); tok != "" && !tokens[tok] {
					tokens[tok] = true
					credentials = append(credentials, tok)
				}
			}
			if r.auth == authPassword && len(tokens) == 0 {
				t.Errorf("password mode sent no X-Auth-Token: the IAM token check proves nothing")
			}
			for where, text := range seen {
				for _, s := range append(credentials, secret) {
					if containsAny(text, s) {
						t.Errorf("%s contains a secret (%.6s…)%s", where, s, leakContext(text, s))
					}
				}
			}
			for where, text := range storedViews {
				for _, s := range credentials {
					if containsAny(text, s) {
						t.Errorf("%s contains a credential (%.6s…)", where, s)
					}
				}
			}
		})
	}
}

// traceCLI runs the terraform CLI in a fresh working directory with the
// provider built from this tree (dev_overrides), at TF_LOG=TRACE with one
// log file per command, and TF_VAR_<name> for every vars entry.
type traceCLI struct {
	t         *testing.T
	tf        string
	dir, work string
	env       []string
	// logs are the TRACE log files, one per command run.
	logs []string
	// outputs are each command's stdout and stderr, by "terraform <args>".
	outputs map[string]string
}

// newTraceCLI writes config (below a required_providers block) to main.tf.
func newTraceCLI(t *testing.T, tf, bin, config string, vars map[string]string) *traceCLI {
	t.Helper()
	dir := t.TempDir()
	c := &traceCLI{t: t, tf: tf, dir: dir, work: filepath.Join(dir, "work"), outputs: map[string]string{}}
	writeFile(t, filepath.Join(c.work, "main.tf"), `terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
`+config)
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", bin))
	c.env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME="+dir, "TF_LOG=TRACE")
	for k, v := range vars {
		c.env = append(c.env, "TF_VAR_"+k+"="+v)
	}
	return c
}

// run runs one command, which must exit with wantExit, and returns its output.
func (c *traceCLI) run(wantExit int, args ...string) string {
	c.t.Helper()
	logPath := filepath.Join(c.dir, fmt.Sprintf("trace-%d-%s.log", len(c.logs), args[0]))
	c.logs = append(c.logs, logPath)
	out := runTerraform(c.t, c.tf, c.work, append(c.env, "TF_LOG_PATH="+logPath), wantExit, args...)
	c.outputs["terraform "+strings.Join(args, " ")] = out
	return out
}

// runTerraform runs terraform in dir to the end, wants the exit code, and
// returns its stdout and stderr.
func runTerraform(t *testing.T, tf, dir string, env []string, wantExit int, args ...string) string {
	t.Helper()
	cmd := exec.Command(tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	if code != wantExit {
		t.Fatalf("terraform %s: exit %d, want %d\n%s", strings.Join(args, " "), code, wantExit, out.String())
	}
	return out.String()
}

// leakContext shows where a leaked secret stands, with the secret masked.
func leakContext(text, s string) string {
	for _, f := range []string{s, jsonInner(s), jsonInner(jsonInner(s))} {
		if i := strings.Index(text, f); i >= 0 {
			return ": …" + strings.ReplaceAll(text[max(0, i-300):min(len(text), i+len(f)+100)], f, "<SECRET>") + "…"
		}
	}
	plain := plainPrefix(s)
	if i := strings.Index(text, plain); plain != "" && i >= 0 {
		return ": …" + strings.ReplaceAll(text[max(0, i-300):min(len(text), i+len(plain)+100)], plain, "<SECRET'S START>") + "…"
	}
	return ""
}

// rowName is a subtest's name usable in resource names.
func rowName(t *testing.T) string {
	n := strings.ToLower(t.Name()[strings.LastIndex(t.Name(), "/")+1:])
	var b strings.Builder
	for _, c := range n {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// jsonInner is s as it appears inside a JSON string.
func jsonInner(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// containsAny reports whether text holds s in any form a leak could take:
// raw, JSON-escaped once or twice, or the run of plain characters s starts
// with (when long enough to be unique), whatever escaping followed it.
func containsAny(text, s string) bool {
	forms := []string{s, jsonInner(s), jsonInner(jsonInner(s))}
	if p := plainPrefix(s); p != "" {
		forms = append(forms, p)
	}
	for _, f := range forms {
		if strings.Contains(text, f) {
			return true
		}
	}
	return false
}

// plainPrefix is the run of letters and digits s starts with, when it is
// long enough (12+) to be unique to s; else "".
func plainPrefix(s string) string {
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n < 12 {
		return ""
	}
	return s[:n]
}

// sensitiveIn reports whether a `terraform show -json` document marks attr
// of addr sensitive: resource_changes[].change.after_sensitive for a plan,
// values.root_module.resources[].sensitive_values for the state.
func sensitiveIn(t *testing.T, doc, addr, attr string, plan bool) bool {
	t.Helper()
	var v struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				AfterSensitive map[string]any `json:"after_sensitive"`
			} `json:"change"`
		} `json:"resource_changes"`
		Values struct {
			RootModule struct {
				Resources []struct {
					Address         string         `json:"address"`
					SensitiveValues map[string]any `json:"sensitive_values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	marked := func(x any) bool {
		switch x := x.(type) {
		case bool:
			return x
		case map[string]any:
			for _, e := range x {
				if b, ok := e.(bool); !ok || !b {
					return false
				}
			}
			return len(x) > 0
		}
		return false
	}
	if plan {
		for _, rc := range v.ResourceChanges {
			if rc.Address == addr {
				return marked(rc.Change.AfterSensitive[attr])
			}
		}
		return false
	}
	for _, r := range v.Values.RootModule.Resources {
		if r.Address == addr {
			return marked(r.SensitiveValues[attr])
		}
	}
	return false
}

// unzipText concatenates every member of a saved plan (a zip archive).
func unzipText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the saved plan: %v", err)
	}
	defer zr.Close()
	var out strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "== %s ==\n%s\n", f.Name, b)
	}
	return out.String()
}

// terraformCLI is the terraform binary for CLI tests; they need TF_ACC.
func terraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC not set")
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform CLI")
	}
	return tf
}

// builtProvider is the provider binary built from this tree, once per test
// run, for tests that drive the terraform CLI with dev_overrides (secrets,
// examples, the apply benchmark).
var builtProvider struct {
	once sync.Once
	dir  string
	err  error
}

// providerBinaryDir builds the provider (once) and returns the directory
// holding terraform-provider-cicd, for a dev_overrides CLI configuration.
func providerBinaryDir(t testing.TB) string {
	t.Helper()
	builtProvider.once.Do(func() {
		// Not t.TempDir: the binary outlives this test (every CLI test of the run shares
		// it); TestMain removes it.
		dir, err := os.MkdirTemp("", "terraform-provider-cicd-test-") //nolint:usetesting // see above
		if err != nil {
			builtProvider.err = err
			return
		}
		builtProvider.dir = dir
		build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-cicd"), ".")
		build.Dir = filepath.Join("..", "..")
		if out, err := build.CombinedOutput(); err != nil {
			builtProvider.err = fmt.Errorf("building the provider: %v\n%s", err, out)
		}
	})
	if builtProvider.err != nil {
		t.Fatal(builtProvider.err)
	}
	return builtProvider.dir
}

// removeBuiltProvider deletes the binary built for CLI tests (from TestMain).
func removeBuiltProvider() {
	if builtProvider.dir != "" {
		os.RemoveAll(builtProvider.dir)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cleanEnv is the test's environment without TF_* and provider variables.
func cleanEnv() []string {
	drop := map[string]bool{}
	for _, v := range providerEnvVars {
		drop[v] = true
	}
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || drop[k] {
			continue
		}
		out = append(out, kv)
	}
	return out
}
