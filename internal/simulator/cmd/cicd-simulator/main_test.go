package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestCommandPrintEnvAndServe(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "cicd-simulator")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-print-env", "-latency", "1ms")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := false
	t.Cleanup(func() {
		if !exited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})

	env := map[string]string{}
	var order []string
	var baseURL string
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
		exited = true
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
