package main

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var binDir string

// buildCommand builds the command once per test binary.
var buildCommand = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cicd-simulator-cmd")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "cicd-simulator")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	return bin, build.Run()
})

func commandBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildCommand()
	if err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// startCommand runs the command with args until the test ends and returns
// it, the base URL of its listening line and its -print-env exports (in
// order).
func startCommand(t *testing.T, args ...string) (cmd *exec.Cmd, baseURL string, env map[string]string, order []string) {
	t.Helper()
	cmd = exec.Command(commandBinary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})

	env = map[string]string{}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(60 * time.Second)
	for baseURL == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("stdout closed before the listening line")
			}
			switch {
			case strings.HasPrefix(line, "export "):
				name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
				if !ok {
					t.Fatalf("bad export line %q", line)
				}
				env[name] = value
				order = append(order, name)
			case strings.HasPrefix(line, "listening on http://127.0.0.1:"):
				baseURL = strings.TrimPrefix(line, "listening on ")
			default:
				t.Fatalf("unexpected stdout line %q", line)
			}
		case <-deadline:
			t.Fatal("no listening line within 60s")
		}
	}
	go func() {
		for range lines { // keep draining
		}
	}()
	return cmd, baseURL, env, order
}

func TestCommandPrintEnvAndServe(t *testing.T) {
	cmd, baseURL, env, order := startCommand(t, "-addr", "127.0.0.1:0", "-print-env", "-latency", "1ms")
	if strings.HasSuffix(baseURL, ":0") {
		t.Fatalf("listening line has no real port: %s", baseURL)
	}

	want := map[string]string{
		"HW_REGION_NAME":                simulator.DemoRegion,
		"CLOUD_SDK_AK":                  simulator.DemoAK,
		"CLOUD_SDK_SK":                  simulator.DemoSK,
		"CICD_CODEARTS_ENDPOINT":        baseURL,
		"RAINBOND_URL":                  baseURL,
		"RAINBOND_TOKEN":                simulator.DemoRainbondToken,
		"CICD_DEMO_CODEARTS_PROJECT_ID": simulator.DemoCodeArtsProjectID,
		"CICD_DEMO_RAINBOND_TEAM_ID":    simulator.DemoRainbondTeamID,
		"CICD_DEMO_RAINBOND_REGION":     simulator.DemoRainbondRegion,
		"CICD_DEMO_RAINBOND_APP_ID":     "1",
		"CICD_DEMO_RAINBOND_SERVICE_ID": simulator.DemoRainbondServiceID,
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	if len(order) != len(env) {
		t.Errorf("duplicate export lines: %v", order)
	}

	// The server answers with the printed credentials.
	req, _ := http.NewRequest("GET", env["RAINBOND_URL"]+"/openapi/v1/teams", nil)
	req.Header.Set("Authorization", env["RAINBOND_TOKEN"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), env["CICD_DEMO_RAINBOND_TEAM_ID"]) {
		t.Fatalf("teams: %d %s", resp.StatusCode, body)
	}

	// SIGTERM shuts it down cleanly (exit status 0).
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not exit after SIGTERM")
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:1234": "http://127.0.0.1:1234",
		"a b":                   "'a b'",
		"it's":                  `'it'\''s'`,
		"":                      "",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseArgsScriptRules(t *testing.T) {
	var stderr strings.Builder
	cfg, err := parseArgs([]string{
		"-outcome", "build:" + simulator.DemoBuildJobID + "=fail:unit tests failed: 3 of 120",
		"-duration", "build:" + simulator.DemoBuildJobID + "=90s",
		"-queue", "build:*=30s",
		"-duration", "deploy:*=2m",
		"-outcome", "pipeline:*=review",
		"-outcome", "pipeline:*/deploy=fail",
		"-outcome", "component:*=fail",
	}, &stderr)
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("parseArgs: %v\n%s", err, stderr.String())
	}
	sim := simulator.New(simulator.Options{})
	if err := sim.SetScripts(cfg.rules...); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range sim.Scripts() {
		got = append(got, describeScript(o))
	}
	want := []string{
		"build:*: success (SUCCESS), queue 30s",
		"build:" + simulator.DemoBuildJobID + `: fail (FAILURE), message "unit tests failed: 3 of 120", duration 1m30s`,
		"component:*: fail (failure)",
		"deploy:*: success (succeeded), duration 2m0s",
		"pipeline:*: review (PAUSED)",
		"pipeline:*/deploy: fail (FAILED)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("scripts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseArgsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-outcome", "job:*=fail"}, `invalid value "job:*=fail" for flag -outcome: unknown kind "job" in target "job:*": want build, deploy, pipeline or component`},
		{[]string{"-outcome", "build:*=boom"}, `unknown outcome "boom" for build:*: want success, fail or review`},
		{[]string{"-duration", "deploy:*=soon"}, `duration "soon" is not a duration: want a number with a unit, such as 90s, 2m or 1h30m`},
		{[]string{"-duration", "deploy:*"}, `invalid value "deploy:*" for flag -duration: want TARGET=DURATION, e.g. -duration 'build:*=2m'`},
		{[]string{"-queue", "deploy:*=1m"}, `deployments do not queue`},
		{[]string{"-outcome", "build:*=review"}, `only a whole pipeline waits for a manual review`},
		{[]string{"-outcome", "build:*=success:why"}, `a message goes with outcome fail`},
		{[]string{"-outcome", "build:*=fail", "-outcome", "build:*=success"}, ""}, // a later flag overrides
		{[]string{"-latency", "fast"}, `invalid value "fast" for flag -latency`},
		{[]string{"serve"}, `unexpected argument "serve": every setting is a flag`},
	} {
		var stderr strings.Builder
		_, err := parseArgs(tc.args, &stderr)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.args, err)
			}
			continue
		}
		if err == nil || !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "Usage: cicd-simulator [flags]") {
			t.Errorf("%q: error %v, stderr:\n%s\nwant the message %q and the usage", tc.args, err, stderr.String(), tc.want)
		}
	}
}

// A bad flag exits with status 2, the message and the usage on stderr,
// nothing on stdout; -h exits 0.
func TestCommandBadFlagExitsTwo(t *testing.T) {
	bin := commandBinary(t)
	for _, tc := range []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"-outcome", "build:abc=fail"}, 2, `target "build:abc": a build job id is 32 characters of [0-9a-z]`},
		{[]string{"-queue", "component:*=10s"}, 2, `Rainbond builds do not queue`},
		{[]string{"-h"}, 0, "-outcome TARGET=OUTCOME[:MESSAGE]"},
	} {
		cmd := exec.Command(bin, tc.args...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.wantCode || !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "Usage: cicd-simulator") || stdout.Len() > 0 {
			t.Errorf("%q: exit %d (want %d), stdout %q, stderr:\n%s", tc.args, code, tc.wantCode, stdout.String(), stderr.String())
		}
	}
}

// The flags' rules are served by the control endpoint, which changes them
// without credentials.
func TestCommandFlagsAndControlEndpoint(t *testing.T) {
	_, baseURL, _, _ := startCommand(t, "-outcome", "build:*=fail:lint failed", "-duration", "deploy:*=2m")
	get := func(method, body string) (int, string) {
		req, _ := http.NewRequest(method, baseURL+"/_simulator/outcomes", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("GET", "")
	want := `{"outcomes":[{"target":"build:*","kind":"build","id":"*","outcome":"fail","status":"FAILURE","message":"lint failed"},` +
		`{"target":"deploy:*","kind":"deploy","id":"*","outcome":"success","status":"succeeded","duration":"2m0s"}]}`
	if code != 200 || strings.TrimSpace(body) != want {
		t.Fatalf("GET: %d %s\nwant %s", code, body, want)
	}
	if code, body = get("POST", `{"target":"pipeline:*","outcome":"fail","queue":"1m"}`); code != 200 || !strings.Contains(body, `"status":"FAILED"`) {
		t.Fatalf("POST: %d %s", code, body)
	}
	if code, body = get("POST", `{"target":"pipeline:*","queue":"later"}`); code != 400 || !strings.Contains(body, `{"error":"pipeline:*: queue \"later\" is not a duration`) {
		t.Fatalf("bad POST: %d %s", code, body)
	}
	if code, body = get("DELETE", ""); code != 200 || strings.TrimSpace(body) != `{"outcomes":[]}` {
		t.Fatalf("DELETE: %d %s", code, body)
	}
}
