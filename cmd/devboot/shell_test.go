package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/shellrc"
	"github.com/devboot/devboot/testenv/gohome"
)

// runIn runs devboot in-process with HOME set to home.
func runIn(t *testing.T, home string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut, []string{"HOME=" + home, "PATH=/usr/bin:/bin", "SHELL=/bin/bash"})
	return code, out.String(), errOut.String()
}

func TestShellInstallStatusUninstall(t *testing.T) {
	home := gohome.New(t)
	rc := filepath.Join(home, ".bashrc")
	os.WriteFile(rc, []byte("alias l=ls"), 0o644) // no final newline

	if code, out, errOut := runIn(t, home, "--dry-run", "shell", "install"); code != 0 || !strings.Contains(out, "+"+shellrc.BeginMarker) {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, ".profile")); err == nil {
		t.Fatal("--dry-run wrote .profile")
	}
	if code, out, errOut := runIn(t, home, "shell", "install"); code != 0 || !strings.Contains(out, "applied: write devboot block in "+rc) {
		t.Fatalf("install: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ := runIn(t, home, "--json", "shell", "status")
	var st []shellrc.FileStatus
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || len(st) == 0 {
		t.Fatalf("status: %d %v %s", code, err, out)
	}
	for _, s := range st {
		if s.Wanted && s.Block != shellrc.BlockCurrent {
			t.Errorf("%s: %s", s.Path, s.Block)
		}
	}
	if code, out, _ := runIn(t, home, "shell", "install"); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("second install: %d %s", code, out)
	}
	installed, _ := os.ReadFile(rc)
	if code, out, _ := runIn(t, home, "--dry-run", "shell", "uninstall"); code != 0 || strings.Count(out, rc+"\n") != 1 {
		t.Fatalf("dry-run uninstall: exit %d, want %s listed once:\n%s", code, rc, out)
	}
	if now, _ := os.ReadFile(rc); string(now) != string(installed) {
		t.Fatal("dry-run uninstall changed .bashrc")
	}
	if code, out, errOut := runIn(t, home, "shell", "uninstall"); code != 0 {
		t.Fatalf("uninstall: exit %d\n%s%s", code, out, errOut)
	}
	if got, _ := os.ReadFile(rc); string(got) != "alias l=ls" {
		t.Fatalf(".bashrc after uninstall: %q", got)
	}
	for _, f := range []string{".profile", ".zshenv", ".config/fish", ".config/environment.d"} {
		if _, err := os.Stat(filepath.Join(home, f)); err == nil {
			t.Errorf("%s left behind by uninstall", f)
		}
	}
}

func TestEnvCommand(t *testing.T) {
	home := gohome.New(t)
	code, out, errOut := runIn(t, home, "env", "--shell", "fish", "--json")
	var rep envReport
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || rep.Shell != "fish" || !strings.Contains(rep.Script, "set -gx GOBIN") || rep.Env.GOROOTReason == "" {
		t.Fatalf("exit %d %v\n%s%s", code, err, out, errOut)
	}
	if code, out, _ := runIn(t, home, "env"); code != 0 || !strings.Contains(out, "export GOPATH='"+filepath.Join(home, "go")+"'") {
		t.Fatalf("default from SHELL=bash: %d %s", code, out)
	}
	if code, _, _ := runIn(t, home, "env", "--shell", "tcsh"); code != 2 {
		t.Fatalf("unknown shell: exit %d, want 2", code)
	}
	var errOut2 bytes.Buffer
	if code := run([]string{"env"}, &bytes.Buffer{}, &errOut2, []string{"HOME=" + home, "SHELL=/bin/tcsh"}); code != 2 || !strings.Contains(errOut2.String(), "--shell") {
		t.Fatalf("SHELL=tcsh: exit %d %s", code, errOut2.String())
	}
}

// TestShellStatusTrace: --trace adds, per shell and mode, the files read
// and the PATH; bash -l in a home with only ~/.profile reads devboot's
// block there and ends with devboot's Go first, as a real bash -lc does.
func TestShellStatusTrace(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	home := gohome.New(t)
	if code, _, errOut := runIn(t, home, "shell", "install"); code != 0 {
		t.Fatalf("install: %s", errOut)
	}
	code, out, errOut := runIn(t, home, "--json", "shell", "status", "--trace")
	var rep struct {
		Files []shellrc.FileStatus `json:"files"`
		Modes []shellrc.ModeReport `json:"modes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || len(rep.Files) == 0 {
		t.Fatalf("exit %d %v\n%s%s", code, err, out, errOut)
	}
	real := exec.Command("bash", "-lc", `printf %s "$PATH"`)
	real.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "TERM=dumb"}
	want, err := real.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Modes {
		if m.Shell == "bash" && m.Mode == "login" {
			if !m.BlockRead || m.BlockFile != filepath.Join(home, ".profile") || !m.DevbootFirst || m.PATH != string(want) {
				t.Fatalf("bash login: %+v\nreal bash -lc PATH %q", m, want)
			}
			code, text, _ := runIn(t, home, "shell", "status", "--trace")
			if code != 0 || !strings.Contains(text, "bash login (bash -l -c …)") || !strings.Contains(text, "~/.profile [by rule]   <- devboot block") && !strings.Contains(text, "~/.profile   <- devboot block") {
				t.Fatalf("human output:\n%s", text)
			}
			return
		}
	}
	t.Fatalf("no bash login report in %+v", rep.Modes)
}
