package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The run list resources through the terraform CLI (Terraform >= 1.14),
// against a simulator seeded with 250 runs of one parent, one row per run
// type:
//
//   - `terraform query` lists all 250 (the list block's limit raised past
//     Terraform's default 100), each with its identity, and the request
//     count of that query is logged (go test -v) and bounded;
//   - the statuses filter and the start_time/end_time window return exactly
//     the runs they describe;
//   - `terraform query -generate-config-out` for one run writes a
//     configuration that imports (apply) and then plans no change; writing
//     one of the run's inputs into it afterwards is an update in place; no
//     step of it starts a run.

// seededRun is one run the simulator holds, as a filter sees it.
type seededRun struct {
	start  time.Time
	status string
}

type runListRow struct {
	typ string
	// seed adds 250 runs of one parent and returns the list block's
	// parent attributes, the runs oldest first, a status to filter by, the
	// runs started through the API, and extra config for the "all" list.
	seed func(t *testing.T, e *testEnv) (parent string, runs []seededRun, status string, started func() int, allExtra string)
	// maxRequests bounds the requests one query of all 250 may send.
	maxRequests int
	// adopt is an input generated as null and the value to write for it
	// after the import (the run's inputs as they were).
	adopt [2]string
}

const seededRuns = 250

func runListRows() []runListRow {
	return []runListRow{
		{typ: "cicd_codearts_build_run", maxRequests: 10, adopt: [2]string{"parameters", `{ codeBranch = "main" }`}, seed: func(t *testing.T, e *testEnv) (string, []seededRun, string, func() int, string) {
			job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 200 * time.Millisecond})
			results := make([]string, seededRuns)
			for i := range results {
				results[i] = []string{"SUCCESS", "SUCCESS", "FAILURE", "SUCCESS", "ABORTED"}[i%5]
			}
			e.sim.AddBuildHistory(job, results)
			var runs []seededRun
			for _, b := range e.sim.Builds(job) {
				runs = append(runs, seededRun{start: b.StartTime, status: b.Result})
			}
			return fmt.Sprintf("job_id = %q", job), runs, "FAILURE", func() int { return e.sim.BuildsStarted(job) }, ""
		}},
		{typ: "cicd_codearts_deploy_run", maxRequests: 6, adopt: [2]string{"parameters", `{ version = "1.4.2" }`}, seed: func(t *testing.T, e *testEnv) (string, []seededRun, string, func() int, string) {
			task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)})
			results := make([]string, seededRuns)
			for i := range results {
				results[i] = []string{"succeeded", "failed", "succeeded"}[i%3]
			}
			// Four hours apart: 250 deployments span 41 days, more than the
			// 30 one history request covers.
			e.sim.AddDeployHistory(task, results, 4*time.Hour)
			var runs []seededRun
			for _, r := range e.sim.DeployRecords(task) {
				runs = append(runs, seededRun{start: r.StartTime, status: r.Status})
			}
			from := runs[0].start.Add(-time.Hour).UTC().Format(time.RFC3339)
			return fmt.Sprintf("task_id = %q", task), runs, "failed", func() int { return e.sim.DeploysStarted(task) },
				fmt.Sprintf("start_time = %q", from)
		}},
		{typ: "cicd_codearts_pipeline_run", maxRequests: 4, adopt: [2]string{"parameters", `{ release = "1.4.2" }`}, seed: func(t *testing.T, e *testEnv) (string, []seededRun, string, func() int, string) {
			pid := newRunPipeline(t, e, simulator.PipelineRunPlan{})
			for _, b := range []struct {
				n      int
				status string
			}{{100, "COMPLETED"}, {50, "FAILED"}, {100, "COMPLETED"}} {
				if _, err := e.sim.AddPipelineRuns(pid, b.n, b.status); err != nil {
					t.Fatal(err)
				}
			}
			var runs []seededRun
			for _, id := range e.sim.PipelineRunIDs(pid) {
				r, _ := e.sim.PipelineRun(id)
				runs = append(runs, seededRun{start: r.Start, status: r.Status})
			}
			return fmt.Sprintf("project_id = %q\n    pipeline_id = %q", simulator.DemoCodeArtsProjectID, pid), runs, "FAILED",
				func() int { return len(e.sim.PipelineRunIDs(pid)) - seededRuns }, ""
		}},
		{typ: "cicd_rainbond_component_build", maxRequests: 7, adopt: [2]string{"branch", `"main"`}, seed: func(t *testing.T, e *testEnv) (string, []seededRun, string, func() int, string) {
			// The demo component's own builds (older) count too.
			var runs []seededRun
			events := e.sim.RainbondEvents(rbService)
			for i := len(events) - 1; i >= 0; i-- {
				if ev := events[i]; ev.OptType == rainbond.OptTypeBuild {
					runs = append(runs, seededRun{start: ev.StartTime, status: ev.Status})
				}
			}
			base := time.Now().Add(-seededRuns * time.Minute).Truncate(time.Second)
			for i := 0; i < seededRuns; i++ {
				start := base.Add(time.Duration(i) * time.Minute)
				status := []string{rainbond.StatusSuccess, rainbond.StatusFailure}[min(i%4, 1)]
				e.sim.AddRainbondEvent(rbService, simulator.RainbondEvent{OptType: rainbond.OptTypeBuild, Status: status,
					FinalStatus: rainbond.FinalStatusComplete, StartTime: start, EndTime: start.Add(30 * time.Second)})
				runs = append(runs, seededRun{start: start, status: status})
			}
			return fmt.Sprintf("team_id = %q\n    region_name = %q\n    app_id = %d\n    service_id = %q",
					simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService),
				runs, rainbond.StatusFailure, func() int { return e.sim.RainbondBuildsAccepted(rbService) }, ""
		}},
	}
}

// queryResult is one list result of `terraform query -json`.
type queryResult struct {
	Address     string         `json:"address"`
	DisplayName string         `json:"display_name"`
	Identity    map[string]any `json:"identity"`
}

// queryResults runs `terraform query -json` and returns the results by
// list address (list.<type>.<name>).
func queryResults(t *testing.T, w *cliWork) map[string][]queryResult {
	t.Helper()
	out := w.run(t, 0, "query", "-json", "-no-color")
	got := map[string][]queryResult{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var msg struct {
			Type              string `json:"type"`
			ListResourceFound *struct {
				queryResult
			} `json:"list_resource_found"`
			Diagnostic *struct {
				Severity, Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) != nil {
			continue
		}
		if msg.Diagnostic != nil && msg.Diagnostic.Severity == "error" {
			t.Fatalf("terraform query: %s: %s\n%s", msg.Diagnostic.Summary, msg.Diagnostic.Detail, out)
		}
		if r := msg.ListResourceFound; r != nil {
			got[r.Address] = append(got[r.Address], r.queryResult)
		}
	}
	return got
}

func TestAccRunListsCLI(t *testing.T) {
	tf := terraformCLI(t)
	requireTerraform(t, tf, 14, "list resources")
	bin := providerBinaryDir(t)
	for _, row := range runListRows() {
		t.Run(row.typ, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t)
			parent, runs, status, started, allExtra := row.seed(t, e)
			if len(runs) < seededRuns {
				t.Fatalf("seeded %d runs, want %d", len(runs), seededRuns)
			}
			provider := e.providerAKSK()
			if row.typ == "cicd_rainbond_component_build" {
				provider = e.providerRainbond()
			}
			w := newCLIWorkWith(t, tf, bin, "terraform {\n  required_providers {\n    cicd = { source = \"cicdlabs/cicd\" }\n  }\n}\n"+provider)
			list := func(name, limit, extra string) string {
				return fmt.Sprintf("list %q %q {\n  provider = cicd\n  limit    = %s\n  config {\n    %s\n    %s\n  }\n}\n", row.typ, name, limit, parent, extra)
			}
			query := filepath.Join(w.dir, "runs.tfquery.hcl")

			// All of them, and the requests that took.
			writeFile(t, query, list("all", "1000", allExtra))
			e.sim.ResetCounts()
			before := len(e.sim.Requests())
			all := queryResults(t, w)["list."+row.typ+".all"]
			requests := len(e.sim.Requests()) - before
			t.Logf("%s: terraform query listed %d runs with %d requests", row.typ, len(all), requests)
			if len(all) != len(runs) {
				t.Fatalf("terraform query listed %d runs, want %d", len(all), len(runs))
			}
			if requests > row.maxRequests {
				for _, r := range e.sim.Requests()[before:] {
					t.Logf("  %s %s?%s", r.Method, r.Path, r.RawQuery)
				}
				t.Fatalf("listing %d runs took %d requests, want at most %d", seededRuns, requests, row.maxRequests)
			}
			ids := map[string]bool{}
			for _, r := range all {
				if len(r.Identity) == 0 || r.DisplayName == "" {
					t.Fatalf("result without identity or display name: %+v", r)
				}
				ids[fmt.Sprint(r.Identity)] = true
			}
			if len(ids) != len(runs) {
				t.Fatalf("%d distinct identities among %d results", len(ids), len(all))
			}

			// The filters.
			wantStatus := 0
			for _, r := range runs {
				if r.status == status {
					wantStatus++
				}
			}
			from, to := runs[len(runs)-150].start.Add(-time.Second), runs[len(runs)-101].start.Add(time.Second)
			writeFile(t, query, list("by_status", "1000", fmt.Sprintf("statuses = [%q]\n    %s", status, allExtra))+
				list("window", "1000", fmt.Sprintf("start_time = %q\n    end_time = %q", from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339)))+
				list("default_limit", "100", allExtra))
			got := queryResults(t, w)
			if n := len(got["list."+row.typ+".by_status"]); n != wantStatus || wantStatus == 0 {
				t.Fatalf("statuses = [%q] listed %d runs, want %d", status, n, wantStatus)
			}
			for _, r := range got["list."+row.typ+".by_status"] {
				if !strings.Contains(strings.ToLower(r.DisplayName), strings.ToLower(status)) {
					t.Fatalf("statuses = [%q] listed %q", status, r.DisplayName)
				}
			}
			if n := len(got["list."+row.typ+".window"]); n != 50 {
				t.Fatalf("the start_time/end_time window of 50 runs listed %d runs, want 50", n)
			}
			if n := len(got["list."+row.typ+".default_limit"]); n != 100 {
				t.Fatalf("limit = 100 listed %d runs, want 100", n)
			}

			// Generated configuration for one run imports and plans empty.
			writeFile(t, query, list("one", "1", allExtra))
			gen := filepath.Join(w.dir, "generated.tf")
			w.run(t, 0, "query", "-generate-config-out="+gen, "-no-color")
			b, err := os.ReadFile(gen)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "import {") || !strings.Contains(string(b), "identity") {
				t.Fatalf("generated configuration has no import block with an identity:\n%s", b)
			}
			t.Logf("generated configuration:\n%s", b)
			out := w.run(t, 0, "apply", "-auto-approve", "-input=false", "-no-color")
			if !strings.Contains(out, "1 imported, 0 added, 0 changed, 0 destroyed") {
				t.Fatalf("apply of the generated configuration did not only import:\n%s", out)
			}
			out = w.run(t, 0, "plan", "-detailed-exitcode", "-input=false", "-no-color")
			if !strings.Contains(out, "No changes.") {
				t.Fatalf("plan after importing the generated configuration is not empty:\n%s", out)
			}
			// Writing an input as it was later is adopted in place.
			line := regexp.MustCompile(`(?m)^(\s*)` + row.adopt[0] + `\s*=\s*null$`)
			if !line.Match(b) {
				t.Fatalf("generated configuration has no %s = null:\n%s", row.adopt[0], b)
			}
			writeFile(t, gen, line.ReplaceAllString(string(b), "${1}"+row.adopt[0]+" = "+row.adopt[1]))
			out = w.run(t, 0, "apply", "-auto-approve", "-input=false", "-no-color")
			if !strings.Contains(out, "0 added, 1 changed, 0 destroyed") {
				t.Fatalf("writing %s after the import did not update in place:\n%s", row.adopt[0], out)
			}
			if n := started(); n != 0 {
				t.Fatalf("%d runs started by query, import, plan and the update, want 0", n)
			}
		})
	}
}

// TestAccRunListsCLI_badInput: a list block with an unknown status or an
// end_time before its start_time fails `terraform query` naming the
// attribute, before any request.
func TestAccRunListsCLI_badInput(t *testing.T) {
	tf := terraformCLI(t)
	requireTerraform(t, tf, 14, "list resources")
	e := newTestEnv(t)
	w := newCLIWorkWith(t, tf, providerBinaryDir(t), "terraform {\n  required_providers {\n    cicd = { source = \"cicdlabs/cicd\" }\n  }\n}\n"+e.providerAKSK())
	for _, c := range []struct{ config, want string }{
		{`statuses = ["DONE"]`, `statuses`},
		{`start_time = "2026-03-02T00:00:00Z"` + "\n    " + `end_time = "2026-03-01T00:00:00Z"`, `end_time 2026-03-01T00:00:00Z is before start_time`},
	} {
		writeFile(t, filepath.Join(w.dir, "runs.tfquery.hcl"), fmt.Sprintf(`list "cicd_codearts_build_run" "bad" {
  provider = cicd
  config {
    job_id = "0123456789abcdefghijklmnopqrstuv"
    %s
  }
}
`, c.config))
		e.sim.ResetCounts()
		before := len(e.sim.Requests())
		out := w.run(t, 1, "query", "-no-color")
		if !strings.Contains(out, c.want) {
			t.Fatalf("%s: the error does not name %q:\n%s", c.config, c.want, out)
		}
		if n := len(e.sim.Requests()) - before; n != 0 {
			t.Fatalf("%s: %d requests sent, want 0", c.config, n)
		}
	}
}
