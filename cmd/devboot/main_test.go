package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/gohome"
)

// runCLI runs devboot in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut, []string{"HOME=" + gohome.New(t), "PATH=/usr/bin:/bin"})
	return code, out.String(), errOut.String()
}

func TestVersionJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "version", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil || !strings.HasPrefix(v.GoVersion, "go") {
		t.Fatalf("bad version JSON %q: %v", out, err)
	}
}

func TestUsageErrorExits2(t *testing.T) {
	code, _, errOut := runCLI(t, "no-such-command")
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, errOut)
	}
}

func TestHelpExits0(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "detect") {
		t.Fatalf("exit %d, help %q", code, out)
	}
}

// A --root that is not a directory is bad input, not an empty host: without
// the check, detect reported "bare" with every field unknown and exit 0.
func TestRootMustBeADirectory(t *testing.T) {
	for _, root := range []string{"/nonexistent-devboot-root", "/etc/passwd"} {
		code, out, errOut := runCLI(t, "--root", root, "detect", "--no-engine", "--json")
		if code != 2 || !strings.Contains(errOut, "--root") || strings.Contains(out, `"platform"`) {
			t.Errorf("--root %s: exit %d, stderr %q; want exit 2 naming --root and no detection", root, code, errOut)
		}
	}
}

// run first builds kong's model of only the command the arguments name. A
// command name given as a flag's value must not pick the model: here
// "detect" is --home's value and version is the command to run.
func TestCommandNameAsFlagValue(t *testing.T) {
	code, out, errOut := runCLI(t, "--home", "detect", "version", "--json")
	var v versionInfo
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.GoVersion == "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want version's JSON", code, out, errOut)
	}
}

// Help with no command lists every command, from the full model.
func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "\n  "+c.name) {
			t.Errorf("--help does not list %s:\n%s", c.name, out)
		}
	}
}
