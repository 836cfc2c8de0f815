package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestQuietLogsTerraformDrops(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_CICD": "OFF"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"no logging asked for: SDK and provider loggers off", map[string]string{}, off},
		{"TF_LOG shows provider logs: untouched", map[string]string{"TF_LOG": "DEBUG"}, map[string]string{"TF_LOG": "DEBUG"}},
		{"TF_LOG_PROVIDER shows them: untouched", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, map[string]string{"TF_LOG_PROVIDER": "TRACE"}},
		{"Terraform's temporary log sink: untouched", map[string]string{"TF_TEMP_LOG_PATH": "/tmp/x"}, map[string]string{"TF_TEMP_LOG_PATH": "/tmp/x"}},
		{"TF_LOG_CORE only shows Terraform's own logs", map[string]string{"TF_LOG_CORE": "TRACE"},
			map[string]string{"TF_LOG_CORE": "TRACE", "TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_CICD": "OFF"}},
		{"an explicit level is kept", map[string]string{"TF_LOG_SDK_PROTO": "DEBUG"},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "DEBUG", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_CICD": "OFF"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			quietLogsTerraformDrops(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if !reflect.DeepEqual(env, tc.want) {
				t.Fatalf("env %v, want %v", env, tc.want)
			}
		})
	}
}

// TestAccProviderLogsOnlyWhenShown runs `terraform validate` with the built
// provider behind a script that keeps its stderr: without TF_LOG the
// provider writes no log lines (Terraform would drop them), with
// TF_LOG_PROVIDER=TRACE the SDK, framework and provider logs are all there,
// so debugging works as before.
func TestAccProviderLogsOnlyWhenShown(t *testing.T) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make test does)")
	}
	dir := t.TempDir()
	realBin := filepath.Join(dir, "real")
	if out, err := exec.Command("go", "build", "-o", realBin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	plugins := filepath.Join(dir, "plugins")
	stderr := filepath.Join(dir, "stderr.log")
	must(t, os.MkdirAll(plugins, 0o755))
	must(t, os.WriteFile(filepath.Join(plugins, "terraform-provider-cicd"),
		[]byte("#!/bin/sh\nexec "+realBin+" \"$@\" 2>>"+stderr+"\n"), 0o755))
	rc := filepath.Join(dir, "terraformrc")
	must(t, os.WriteFile(rc, []byte(`provider_installation {
  dev_overrides {
    "cicdlabs/cicd" = "`+plugins+`"
  }
  direct {}
}
`), 0o600))
	work := filepath.Join(dir, "work")
	must(t, os.MkdirAll(work, 0o755))
	must(t, os.WriteFile(filepath.Join(work, "main.tf"), []byte(`terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
resource "cicd_codearts_pipeline_template" "t" {
  name       = "t"
  language   = "go"
  definition = jsonencode({ stages = [] })
}
`), 0o644))

	validate := func(extra ...string) string {
		t.Helper()
		must(t, os.WriteFile(stderr, nil, 0o644))
		cmd := exec.Command(tf, "validate", "-no-color")
		cmd.Dir = work
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_TEMP_LOG_PATH=") && !strings.HasPrefix(kv, "TF_CLI_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, append([]string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1"}, extra...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform validate: %v\n%s", err, out)
		}
		data, err := os.ReadFile(stderr)
		must(t, err)
		return string(data)
	}

	// go-plugin's own two start-up lines ("configuring server automatic
	// mTLS", "plugin address") carry no @module and stay.
	if quiet := validate(); strings.Contains(quiet, `"@module"`) {
		t.Errorf("without TF_LOG the provider still wrote log lines Terraform drops:\n%.2000s", quiet)
	}
	traced := validate("TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+filepath.Join(dir, "terraform.log"))
	for _, module := range []string{`"@module":"sdk.proto"`, `"@module":"sdk.framework"`} {
		if !strings.Contains(traced, module) {
			t.Errorf("with TF_LOG_PROVIDER=TRACE the provider wrote no %s lines:\n%.2000s", module, traced)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
