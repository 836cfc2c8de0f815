package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccCodeArtsDeployRun_secretsCLI runs the real terraform CLI with a
// freshly built provider binary (dev_overrides) against the simulator, with
// TF_LOG=TRACE, and proves that encrypt parameters reach the service but
// appear in no plan output, no `terraform show` output, no TRACE log line,
// and (write-only variant) not in the state file.
func TestAccCodeArtsDeployRun_secretsCLI(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC not set")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no terraform CLI")
		}
	}
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)})
	const woSecret, sensSecret = "cli-wo-Secret-<&>-51e0", "cli-sens-Secret-7d41"

	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", filepath.Join(bin, "terraform-provider-cicd"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "cicdlabs/cicd" = %q
  }
  direct {}
}
`, bin))
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
`+deploySecretConfig(e, task, 1))
	logPath := filepath.Join(dir, "trace.log")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_LOG=TRACE", "TF_LOG_PATH="+logPath,
			"TF_VAR_sens_secret="+sensSecret, "TF_VAR_wo_secret="+woSecret, "HOME="+dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	leaks := func(where, text string, secrets ...string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s contains a secret value", where)
			}
		}
	}
	esc := `cli-wo-Secret-\u003c\u0026\u003e-51e0` // as json.Marshal writes it

	plan := run("plan", "-no-color", "-input=false", "-out=tfplan")
	if !strings.Contains(plan, "secret_params") || !strings.Contains(plan, "(sensitive value)") || !strings.Contains(plan, "(write-only attribute)") {
		t.Fatalf("the plan does not show the secret attributes masked:\n%s", plan)
	}
	leaks("plan output", plan, woSecret, sensSecret)
	leaks("terraform show (plan)", run("show", "-no-color", "tfplan"), woSecret, sensSecret)
	leaks("terraform show -json (plan)", run("show", "-json", "tfplan"), woSecret, esc)
	apply := run("apply", "-no-color", "-input=false", "-auto-approve", "tfplan")
	leaks("apply output", apply, woSecret, sensSecret)
	leaks("terraform show (state)", run("show", "-no-color"), woSecret, sensSecret)

	state, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	leaks("the state file", string(state), woSecret, esc)
	if !strings.Contains(string(state), sensSecret) {
		// secret_params is sensitive, not write-only: Terraform keeps it in
		// state. If this changes, update the attribute's documentation.
		t.Errorf("secret_params is no longer in the state file; update its documentation")
	}

	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), "/v2/tasks/"+task+"/start") || !strings.Contains(string(logs), "HTTP request body") {
		t.Fatalf("the TRACE log has no start request body; the check would prove nothing (%d bytes)", len(logs))
	}
	leaks("the TRACE log", string(logs), woSecret, sensSecret, esc)

	recs := e.sim.DeployRecords(task)
	if len(recs) != 1 {
		t.Fatalf("%d deployments started, want 1", len(recs))
	}
	want := []simulator.DeployParam{{Key: "version", Value: "1.4.2", Type: "text"},
		{Key: "db.password", Value: sensSecret, Type: "encrypt"}, {Key: "api_token", Value: woSecret, Type: "encrypt"}}
	if fmt.Sprint(recs[0].Params) != fmt.Sprint(want) {
		t.Fatalf("the simulator received %+v", recs[0].Params)
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
