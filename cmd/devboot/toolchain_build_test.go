package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestToolchainBuildBadRefsExit2(t *testing.T) {
	for _, ref := range []string{"1.22", "./no-such-go-tree/", "banana"} {
		code, _, errOut := runCLI(t, "toolchain", "build", ref)
		if code != 2 || errOut == "" {
			t.Errorf("toolchain build %s: exit %d, want 2 with a message (%q)", ref, code, errOut)
		}
	}
}

// --dry-run plans the build and the registration, names the bootstrap it
// would use, and builds nothing.
func TestToolchainBuildDryRun(t *testing.T) {
	if _, err := os.Stat("/usr/local/go/src/make.bash"); err != nil {
		t.Skip("needs this machine's Go source at /usr/local/go")
	}
	out := t.TempDir()
	code, stdout, errOut := runCLI(t, "toolchain", "build", "/usr/local/go", "--arch", "arm64", "--out", out, "--dry-run", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Version   string
		Bootstrap struct{ GOROOT string }
		Archive   string
		Plan      struct {
			Steps []struct{ Kind, Status string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if res.Bootstrap.GOROOT != "/usr/local/go" || !strings.HasSuffix(res.Archive, ".linux-arm64.tar.gz") || len(res.Plan.Steps) != 2 {
		t.Errorf("dry-run result = %+v", res)
	}
	for _, s := range res.Plan.Steps {
		if s.Status != "planned" {
			t.Errorf("step %s is %s under --dry-run", s.Kind, s.Status)
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("--dry-run wrote %v", ents)
	}
}

func TestProxyFillOutsideAModuleExits2(t *testing.T) {
	code, _, errOut := runCLI(t, "proxy", "fill", t.TempDir(), "--module", t.TempDir())
	if code != 2 || !strings.Contains(errOut, "no go.mod") {
		t.Errorf("exit %d, want 2 with 'no go.mod': %s", code, errOut)
	}
}
