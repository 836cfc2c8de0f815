package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestAccExamplesValidate runs `terraform validate` on every example folder
// with the provider built from this tree (a dev override, so nothing is
// downloaded), and checks that each one declares the Terraform version it
// needs. Action and list-resource (.tfquery.hcl, validated with -query)
// examples need Terraform 1.14 and are skipped on older CLIs, with a message
// (make test uses 1.14 or later, so none is skipped there). A resource's
// import-by-string-id.tf and import-by-identity.tf (import blocks for the
// docs' Import section) are validated one at a time with the folder's other
// files, since both import the same resource.
func TestAccExamplesValidate(t *testing.T) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make test does) to validate the examples")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	plugins := providerBinaryDir(t)
	rc := filepath.Join(t.TempDir(), "terraformrc")
	cfg := `provider_installation {
  dev_overrides {
    "cicdlabs/cicd" = "` + plugins + `"
  }
  direct {}
}
`
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	version, _ := exec.Command(tf, "version").Output()
	var major, minor int
	if m := regexp.MustCompile(`v(\d+)\.(\d+)`).FindStringSubmatch(string(version)); m != nil {
		major, _ = strconv.Atoi(m[1])
		minor, _ = strconv.Atoi(m[2])
	}
	actionsSupported := major > 1 || minor >= 14

	var dirs []string
	for _, pattern := range []string{"examples/*", "examples/*/*"} {
		matches, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, m := range matches {
			tfs, _ := filepath.Glob(filepath.Join(m, "*.tf"))
			queries, _ := filepath.Glob(filepath.Join(m, "*.tfquery.hcl"))
			if len(tfs)+len(queries) > 0 {
				dirs = append(dirs, m)
			}
		}
	}
	if len(dirs) < 15 {
		t.Fatalf("found only %d example folders: %v", len(dirs), dirs)
	}
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		var files, imports []string
		all, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
		for _, f := range all {
			if strings.HasPrefix(filepath.Base(f), "import-by-") {
				imports = append(imports, f)
			} else {
				files = append(files, f)
			}
		}
		queries, _ := filepath.Glob(filepath.Join(dir, "*.tfquery.hcl"))
		needs14 := usesActions(t, files) || len(queries) > 0
		t.Run(rel, func(t *testing.T) {
			if needs14 && !actionsSupported {
				t.Skipf("action and list blocks need Terraform 1.14; %s is older", strings.TrimSpace(strings.SplitN(string(version), "\n", 2)[0]))
			}
			text := validateExample(t, tf, rc, append(files, queries...), len(queries) > 0)
			// Every example states the Terraform it needs: the floor (write-only
			// attributes, 1.11), or 1.14 where it declares actions or list blocks.
			want := `required_version = ">= 1.11"`
			if needs14 {
				want = `required_version = ">= 1.14"`
			}
			if !strings.Contains(text, want) || !strings.Contains(text, "required_providers") {
				t.Fatalf("%s has no terraform block with %s and required_providers (add a versions.tf)", rel, want)
			}
		})
		for _, imp := range imports {
			t.Run(filepath.Join(rel, filepath.Base(imp)), func(t *testing.T) {
				text := validateExample(t, tf, rc, append(append([]string(nil), files...), imp), false)
				if strings.Contains(filepath.Base(imp), "identity") && !strings.Contains(text, "Terraform 1.12 or later") {
					t.Fatalf("%s does not say that import by identity needs Terraform 1.12 or later", imp)
				}
			})
		}
	}
}

// validateExample copies files into a new folder, runs terraform validate
// there (with -query for list blocks) and returns the files' text.
func validateExample(t *testing.T, tf, rc string, files []string, query bool) string {
	t.Helper()
	work := t.TempDir()
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
		if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"validate", "-no-color"}
	if query {
		args = append(args, "-query")
	}
	cmd := exec.Command(tf, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "The configuration is valid") {
		t.Fatalf("terraform %s (%d files): %v\n%s", strings.Join(args, " "), len(files), err, out)
	}
	return all.String()
}

// usesActions reports whether any of the files declares an action block.
func usesActions(t *testing.T, files []string) bool {
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if regexp.MustCompile(`(?m)^action "`).Match(data) {
			return true
		}
	}
	return false
}
