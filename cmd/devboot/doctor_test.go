package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

// doctorRoot is a fixture machine whose only go is a script answering
// `go env -json` with env.
func doctorRoot(t *testing.T, env map[string]string) (root string, environ []string) {
	t.Helper()
	root = roots.Build(t, roots.Tree{
		"/opt/go/src/": "", "/opt/go/pkg/": "", "/home/u/go/pkg/mod/": "", "/home/u/.cache/go-build/": "",
		"/proc/self/mountinfo":  "22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw\n",
		"/proc/sys/kernel/arch": "x86_64\n",
		"/usr/bin/git":          "#!/bin/sh\n",
		"/home/u/p/go.mod":      "module example.com/p\n\ngo 1.22\n",
	})
	goEnv := map[string]string{
		"GOVERSION": "go1.22.4", "GOROOT": "/opt/go", "GOPATH": "/home/u/go", "GOMODCACHE": "/home/u/go/pkg/mod",
		"GOCACHE": "/home/u/.cache/go-build", "GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org",
	}
	for k, v := range env {
		goEnv[k] = v
	}
	b, _ := json.Marshal(goEnv)
	script := fmt.Sprintf("#!/bin/sh\ncat <<'JSON'\n%s\nJSON\n", b)
	if err := os.MkdirAll(filepath.Join(root, "opt/go/bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "opt/go/bin/go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(root, "usr/bin/git"), 0o755)
	home := filepath.Join(root, "home/u")
	return root, []string{"HOME=" + home, "PATH=/opt/go/bin:/usr/bin", "SHELL=/bin/bash", "GOTOOLCHAIN=local"}
}

func runDoctor(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"doctor"}, args...), &out, &errOut, environ)
	return code, out.String(), errOut.String()
}

type doctorJSON struct {
	Verdict string `json:"verdict"`
	Checks  []struct {
		ID, Verdict, Message, Fix string
		Fixable                   bool
	} `json:"checks"`
	Fixes *struct {
		Steps []struct{ Kind, Status string } `json:"steps"`
	} `json:"fixes"`
}

func (d doctorJSON) verdict(id string) string {
	for _, c := range d.Checks {
		if c.ID == id {
			return c.Verdict
		}
	}
	return "absent"
}

func TestDoctorCLIFixAndJSON(t *testing.T) {
	root, env := doctorRoot(t, nil)
	dir := filepath.Join(root, "home/u/p")
	// A fresh user: devboot's shell block is missing (warn), nothing fails.
	code, out, errOut := runDoctor(t, env, "--root", root, "--dir", dir, "--json")
	var d doctorJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, errOut)
	}
	if d.verdict("go.path") != "ok" || d.verdict("go.project") != "ok" || d.verdict("shell.blocks") != "warn" {
		t.Fatalf("report: %s", out)
	}
	// --dry-run --fix shows the plan and writes nothing.
	code, out, _ = runDoctor(t, env, "--root", root, "--dir", dir, "--fix", "--dry-run")
	if code != 0 || !strings.Contains(out, "would: ") {
		t.Fatalf("dry run exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(root, "home/u/.bashrc")); err == nil {
		t.Fatal("--dry-run wrote .bashrc")
	}
	// --fix applies devboot's own fix through the journal; doctor re-checks.
	code, out, errOut = runDoctor(t, env, "--root", root, "--dir", dir, "--fix", "--json")
	d = doctorJSON{}
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, errOut)
	}
	if d.verdict("shell.blocks") != "ok" || d.Fixes == nil || len(d.Fixes.Steps) == 0 || d.Fixes.Steps[0].Status != "applied" {
		t.Fatalf("after --fix: %s", out)
	}
	if journal, err := os.ReadFile(filepath.Join(root, "home/u/.local/share/devboot/journal.json")); err != nil || !strings.Contains(string(journal), "doctor --fix") {
		t.Fatalf("journal: %v %s", err, journal)
	}
}

// In text mode --fix says what it changed, before the re-checked report.
func TestDoctorCLIFixPrintsWhatItApplied(t *testing.T) {
	root, env := doctorRoot(t, nil)
	code, out, errOut := runDoctor(t, env, "--root", root, "--dir", filepath.Join(root, "home/u/p"), "--fix")
	if code != 0 || !strings.Contains(out, "applied: ") || !strings.Contains(out, ".bashrc") {
		t.Fatalf("exit %d, want an 'applied:' line for the shell block:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "[ok  ] shell.blocks") {
		t.Fatalf("the report after the fix is not re-checked:\n%s", out)
	}
}

func TestDoctorCLIExit3(t *testing.T) {
	root, env := doctorRoot(t, map[string]string{"GOFLAGS": "-mod=bogus"})
	code, out, errOut := runDoctor(t, env, "--root", root, "--dir", filepath.Join(root, "home/u/p"), "--json")
	var d doctorJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if code != 3 || d.Verdict != "fail" || d.verdict("env.goflags") != "fail" || errOut != "" {
		t.Fatalf("exit %d verdict %s stderr %q", code, d.Verdict, errOut)
	}
	code, out, _ = runDoctor(t, env, "--root", root, "--dir", filepath.Join(root, "home/u/p"))
	if code != 3 || !strings.Contains(out, "[fail] env.goflags") || !strings.Contains(out, "fix: ") {
		t.Fatalf("text exit %d:\n%s", code, out)
	}
	if code, _, errOut := runDoctor(t, env, "--root", root, "--only", "no.such"); code != 2 || !strings.Contains(errOut, "no such check") {
		t.Fatalf("--only typo: exit %d %s", code, errOut)
	}
}

func TestDoctorCLIBin(t *testing.T) {
	root, env := doctorRoot(t, nil)
	roots.Write(t, root, roots.Tree{"/usr/bin/tool": "#!/usr/bin/python9\n", "/bin/sh": "\x7fELF"})
	os.Chmod(filepath.Join(root, "usr/bin/tool"), 0o755)
	os.Chmod(filepath.Join(root, "bin/sh"), 0o755)
	code, out, _ := runDoctor(t, env, "--root", root, "--bin", "tool", "--json")
	var r struct {
		Broken string `json:"broken_layer"`
		Fix    string `json:"fix"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 3 || r.Broken != "shebang" || r.Fix == "" {
		t.Fatalf("exit %d %v: %s", code, err, out)
	}
	code, out, _ = runDoctor(t, env, "--root", root, "--bin", "git")
	if code != 0 || !strings.Contains(out, "found on PATH: /usr/bin/git") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestDoctorCLIOfflineByDefault(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	root, env := doctorRoot(t, map[string]string{"GOPROXY": srv.URL, "GOSUMDB": "sum.golang.org " + srv.URL})
	dir := filepath.Join(root, "home/u/p")
	if code, out, errOut := runDoctor(t, env, "--root", root, "--dir", dir); code != 0 || hits.Load() != 0 {
		t.Fatalf("exit %d, %d requests without --network:\n%s%s", code, hits.Load(), out, errOut)
	}
	if code, out, _ := runDoctor(t, env, "--root", root, "--dir", dir, "--network"); code != 0 || hits.Load() != 2 || !strings.Contains(out, "every GOPROXY entry answers") {
		t.Fatalf("exit %d, %d requests with --network:\n%s", code, hits.Load(), out)
	}
}
