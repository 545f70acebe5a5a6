package toolchain

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// workspace writes a go.work using modules a and b, whose go lines differ
// from the go.work's, plus a module c inside the tree that it does not use.
func workspace(t *testing.T, work string) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "go.work"), work)
	write(t, filepath.Join(root, "a", "go.mod"), "module a\n\ngo 1.21\n")
	write(t, filepath.Join(root, "b", "go.mod"), "module b\n\ngo 1.22.0\n\ntoolchain go1.22.5\n")
	write(t, filepath.Join(root, "c", "go.mod"), "module c\n\ngo 1.20\n")
	os.MkdirAll(filepath.Join(root, "a", "sub"), 0o755)
	return root
}

func TestResolveGoWork(t *testing.T) {
	root := workspace(t, "go 1.22.4\n\nuse (\n\t./a\n\t./b\n)\n")
	work := filepath.Join(root, "go.work")
	h := testHost(t)
	// Every module in the workspace gets go.work's go line, and so does c,
	// which the use list leaves out: cmd/go stays in workspace mode there.
	for _, dir := range []string{"a/sub", "b", "c", "."} {
		res, err := Resolve(h, ResolveOptions{Dir: filepath.Join(root, dir), Offered: offered})
		if err != nil || res.Version != "go1.22.4" || res.Source != SourceGoWorkGo || res.File != work {
			t.Errorf("%s: %+v %v, want go1.22.4 from %s", dir, res, err, work)
		}
	}
	// GOWORK=off: each module's own go.mod decides again.
	off := testHost(t, "GOWORK=off")
	for dir, want := range map[string]string{"a/sub": "go1.21.0", "b": "go1.22.5", "c": "go1.20"} {
		res, err := Resolve(off, ResolveOptions{Dir: filepath.Join(root, dir), Offered: offered})
		if err != nil || res.Version != want || !strings.HasPrefix(res.Source, "go.mod") {
			t.Errorf("GOWORK=off %s: %+v %v, want %s from go.mod", dir, res, err, want)
		}
	}
	// GOWORK=/path: that file decides, even far from the current directory.
	other := filepath.Join(t.TempDir(), "ci.work")
	write(t, other, "go 1.21.0\n\ntoolchain go1.22.5\n\nuse /nowhere\n")
	named := testHost(t, "GOWORK="+other)
	res, err := Resolve(named, ResolveOptions{Dir: filepath.Join(root, "a"), Offered: offered})
	if err != nil || res.Version != "go1.22.5" || res.Source != SourceGoWorkToolchain || res.File != other {
		t.Errorf("GOWORK=%s: %+v %v", other, res, err)
	}
	// A named file that does not exist yet (go work init): go.mod decides.
	missing := testHost(t, "GOWORK="+filepath.Join(root, "none.work"))
	if res, err := Resolve(missing, ResolveOptions{Dir: filepath.Join(root, "a"), Offered: offered}); err != nil || res.Source != SourceGoModGo {
		t.Errorf("missing GOWORK file: %+v %v", res, err)
	}
	// A relative GOWORK is an error, as in cmd/go.
	if _, err := Resolve(testHost(t, "GOWORK=go.work"), ResolveOptions{Dir: root, Offered: offered}); err == nil || !strings.Contains(err.Error(), "absolute") {
		t.Errorf("relative GOWORK: %v", err)
	}
}

func TestGoWorkToolchainLine(t *testing.T) {
	h := testHost(t)
	for _, c := range []struct{ work, want, source string }{
		{"go 1.21.0\ntoolchain go1.22.4\n", "go1.22.4", SourceGoWorkToolchain},
		{"go 1.22.5\ntoolchain go1.21.13\n", "go1.22.5", SourceGoWorkGo}, // older toolchain line: go line wins
		{"go 1.21.0\ntoolchain default\n", "go1.21.0", SourceGoWorkGo},
		{"go 1.21.0\ntoolchain go1.22.4-bigcorp\n", "go1.22.4", SourceGoWorkToolchain},
	} {
		root := workspace(t, c.work+"use ./a\n")
		res, err := Resolve(h, ResolveOptions{Dir: filepath.Join(root, "b"), Offered: offered})
		if err != nil || res.Version != c.want || res.Source != c.source {
			t.Errorf("%q: %+v %v, want %s from %s", c.work, res, err, c.want, c.source)
		}
	}
	// A go.work that names no go line asks for nothing; a broken one is an error.
	root := workspace(t, "use ./a\n")
	if p, err := FindProjectEnv(filepath.Join(root, "a"), noEnv); err != nil || p.Spec != "" || p.File != filepath.Join(root, "go.work") {
		t.Errorf("no go line: %+v %v", p, err)
	}
	root = workspace(t, "go 1.22\nuse (\n")
	if _, err := FindProjectEnv(filepath.Join(root, "a"), noEnv); err == nil || !strings.Contains(err.Error(), "go.work") {
		t.Errorf("broken go.work: %v", err)
	}
}

func noEnv(string) string { return "" }

// TestFindGoWorkMatchesGo asks the real go command which go.work applies
// (go env GOWORK) in the same situations.
func TestFindGoWorkMatchesGo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "/usr/local/go/bin/go"
	}
	if _, err := os.Stat(goBin); err != nil {
		t.Skip("no go command on this machine")
	}
	root := workspace(t, "go 1.22.4\nuse ./a\n")
	other := filepath.Join(t.TempDir(), "x.work")
	write(t, other, "go 1.22.4\n")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "go.mod"), "module o\ngo 1.21\n")
	for _, c := range []struct{ dir, gowork string }{
		{filepath.Join(root, "a", "sub"), ""}, {filepath.Join(root, "c"), ""}, {root, "auto"},
		{filepath.Join(root, "a"), "off"}, {filepath.Join(root, "a"), other}, {outside, ""}, {outside, other},
	} {
		cmd := exec.Command(goBin, "env", "GOWORK")
		cmd.Dir = c.dir
		cmd.Env = append(os.Environ(), "GOWORK="+c.gowork, "GOTOOLCHAIN=local", "GOFLAGS=", "GO111MODULE=")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go env GOWORK in %s: %v", c.dir, err)
		}
		want := strings.TrimSpace(string(out))
		if want == "off" {
			want = ""
		}
		got, err := FindGoWork(c.dir, c.gowork)
		if err != nil || got != want {
			t.Errorf("GOWORK=%q in %s: devboot %q %v, go %q", c.gowork, c.dir, got, err, want)
		}
	}
}

func FuzzFindProject(f *testing.F) {
	for _, s := range []string{"go 1.22.4\nuse ./a\n", "go 1.21\ntoolchain go1.22.4\n", "toolchain default\n", "go 1.22\nuse (\n", "", "godebug x=1\n"} {
		f.Add([]byte(s), []byte("module a\ngo 1.21\n"))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, work, mod []byte) {
		if err := os.WriteFile(filepath.Join(dir, "go.work"), work, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := FindProjectEnv(dir, noEnv)
		if err != nil {
			return
		}
		// go.work always decides over go.mod, and what it asks for parses.
		if p.File != filepath.Join(dir, "go.work") {
			t.Fatalf("decided by %s, not go.work", p.File)
		}
		if p.Spec != "" {
			if _, err := ParseSpec(p.Spec); err != nil || !strings.HasPrefix(p.Source, "go.work") {
				t.Fatalf("%q: spec %q source %q: %v", work, p.Spec, p.Source, err)
			}
			if p.Source == SourceGoWorkToolchain && Compare(p.Spec, p.GoLine) < 0 {
				t.Fatalf("%q: toolchain %s below go line %s", work, p.Spec, p.GoLine)
			}
		}
	})
}
