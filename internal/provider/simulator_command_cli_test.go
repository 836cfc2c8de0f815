package provider

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// startSimulatorCommand builds and runs the standalone simulator
// (cmd/cicd-simulator) with args, as a user does for local development, and
// returns a testEnv on its URL. The env has no *simulator.Server: the test
// can script the simulator only as a user can, through the command's flags
// and its control endpoint.
func startSimulatorCommand(t *testing.T, args ...string) *testEnv {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cicd-simulator")
	build := exec.Command("go", "build", "-o", bin, "./internal/simulator/cmd/cicd-simulator")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the simulator: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				found <- url
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatal("the simulator exited before its listening line")
		}
		return &testEnv{url: url}
	case <-time.After(60 * time.Second):
		t.Fatal("no listening line from the simulator within 60s")
	}
	return nil
}

// scriptOutcome POSTs one rule to the simulator's control endpoint.
func scriptOutcome(t *testing.T, e *testEnv, rule string) {
	t.Helper()
	resp, err := http.Post(e.url+"/_simulator/outcomes", "application/json", strings.NewReader(rule))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /_simulator/outcomes %s: %d %s", rule, resp.StatusCode, body)
	}
}

// TestAccSimulatorCommandScriptedFailures: a user tries the failure paths
// of a configuration against the standalone simulator, scripted only with
// its flags and its control endpoint (no Go API): a failing build, a slow
// deployment that hits timeouts.create, a pipeline run paused for review
// (timing out, then passed through the endpoint).
func TestAccSimulatorCommandScriptedFailures(t *testing.T) {
	const job = "5e1f0c3a9b7d4e2f8a6c1b0d9e8f7a6b" // not seeded: the flag creates it
	e := startSimulatorCommand(t,
		"-outcome", "build:"+job+"=fail:unit tests failed: 3 of 120",
		"-duration", "build:"+job+"=500ms")

	t.Run("failing build from a flag", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: buildRunConfig(e, job, fastWait),
				ExpectError: errorPattern(`Build failed`, `Build 1 of job `+job+` ended with status FAILURE`,
					`unit tests failed: 3 of 120`),
			}},
		})
	})

	t.Run("slow deployment from the endpoint hits timeouts", func(t *testing.T) {
		const task = "c0ffee00c0ffee00c0ffee00c0ffee00" // not seeded: the rule creates it
		scriptOutcome(t, e, `{"target":"deploy:`+task+`","duration":"1h"}`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: deployRunConfig(e, task, fastWait+`
  timeouts {
    create = "2s"
  }`),
				ExpectError: errorPattern(`Timed out waiting for the deployment`, `did not finish within 2s`, `last status running`, `It was stopped`),
			}},
		})
	})

	t.Run("pipeline paused for review from the endpoint", func(t *testing.T) {
		scriptOutcome(t, e, fmt.Sprintf(`{"target":"pipeline:%s","outcome":"review","duration":"400ms"}`, simulator.DemoPipelineID))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: pipelineRunConfig(e, simulator.DemoPipelineID, fastWait+`
  timeouts {
    create = "3s"
  }`),
				ExpectError: errorPattern(`Timed out waiting for the pipeline run`, `did not finish within 3s`,
					`last status PAUSED`, `stage 'Review' waiting for review`),
			}},
		})
	})

	t.Run("review passed through the endpoint while apply waits", func(t *testing.T) {
		scriptOutcome(t, e, fmt.Sprintf(`{"target":"pipeline:%s","outcome":"review","duration":"400ms"}`, simulator.DemoPipelineID))
		// As a reviewer would, once the run waits: pass it through the endpoint.
		passed := inBackground(t, 200*time.Millisecond, "passing the review through /_simulator/reviews/pass", func() (bool, error) {
			resp, err := http.Post(e.url+"/_simulator/reviews/pass?pipeline_id="+simulator.DemoPipelineID, "application/json", nil)
			if err != nil {
				return false, err // the simulator runs on this machine: no answer is a failure
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK, nil
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: pipelineRunConfig(e, simulator.DemoPipelineID, fastWait+`
  timeouts {
    create = "30s"
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages").AtSliceIndex(2).AtMapKey("name"), knownvalue.StringExact("Review")),
				},
				Check: passed,
			}},
		})
	})
}
