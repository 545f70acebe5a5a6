package goenv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

// fakeTree makes a Go-shaped tree whose bin/go answers `go env GOROOT` with
// builtin, as a toolchain built with a baked-in GOROOT would.
func fakeTree(t *testing.T, builtin string) string {
	t.Helper()
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "pkg", "tool"), 0o755)
	os.MkdirAll(filepath.Join(root, "bin"), 0o755)
	script := "#!/bin/sh\necho '" + builtin + "'\n"
	if err := os.WriteFile(filepath.Join(root, "bin", "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestResolveCurrentToolchain(t *testing.T) {
	goCmd := realGo(t)
	goroot := filepath.Dir(filepath.Dir(goCmd))
	h := testHost(t, "PATH=/usr/bin:/bin")
	current := filepath.Join(h.DataDir(), "current")
	os.MkdirAll(filepath.Dir(current), 0o755)
	if err := os.Symlink(goroot, current); err != nil {
		t.Fatal(err)
	}
	e, err := Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	home := h.User.Home
	want := []string{current + "/bin", home + "/go/bin", h.DataDir() + "/bin"}
	if e.Go != current+"/bin/go" || !slices.Equal(e.PathPrepend, want) {
		t.Fatalf("go %q path %q, want %q", e.Go, e.PathPrepend, want)
	}
	if e.GOROOT != "" || !strings.Contains(e.GOROOTReason, "finds its own tree") {
		t.Fatalf("GOROOT %q (%s), want unset", e.GOROOT, e.GOROOTReason)
	}
	if e.GOPATH != home+"/go" || e.GOBIN != home+"/go/bin" {
		t.Fatalf("GOPATH %q GOBIN %q", e.GOPATH, e.GOBIN)
	}
}

func TestResolveGoOnPath(t *testing.T) {
	goroot := filepath.Dir(filepath.Dir(realGo(t)))
	// /somewhere/bin/go -> <goroot>/bin/go, as Debian's /usr/bin/go.
	links := t.TempDir()
	os.Symlink(filepath.Join(goroot, "bin", "go"), filepath.Join(links, "go"))
	h := testHost(t, "PATH=/nonexistent:"+links+":/usr/bin")
	e, err := Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	realRoot, _ := filepath.EvalSymlinks(goroot)
	want := []string{filepath.Join(h.DataDir(), "current", "bin"), filepath.Join(realRoot, "bin")}
	if e.Go != filepath.Join(realRoot, "bin", "go") || !slices.Equal(e.PathPrepend[:2], want) || e.GOROOT != "" {
		t.Fatalf("%+v", e)
	}
}

func TestResolveGOROOTMustBeSet(t *testing.T) {
	root := fakeTree(t, "/usr/lib/go-elsewhere")
	h := testHost(t, "PATH="+root+"/bin")
	e, err := Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.GOROOT != root || !strings.Contains(e.GOROOTReason, "/usr/lib/go-elsewhere") {
		t.Fatalf("GOROOT %q (%s), want %s", e.GOROOT, e.GOROOTReason, root)
	}
	// The same tree answering its own location needs nothing.
	same := fakeTree(t, "")
	os.WriteFile(filepath.Join(same, "bin", "go"), []byte("#!/bin/sh\necho '"+same+"'\n"), 0o755)
	h = testHost(t, "PATH="+same+"/bin")
	if e, _ := Resolve(h, nil); e.GOROOT != "" {
		t.Fatalf("GOROOT %q set for a tree that finds itself", e.GOROOT)
	}
}

func TestResolveUserChoicesAndGOBINInsideGOROOT(t *testing.T) {
	root := fakeTree(t, "")
	os.WriteFile(filepath.Join(root, "bin", "go"), []byte("#!/bin/sh\necho '"+root+"'\n"), 0o755)
	h := testHost(t, "PATH="+root+"/bin", "GOPATH=/srv/a b/go:/srv/other", "GOBIN="+root+"/bin")
	e, err := Resolve(h, map[string]string{"GOPROXY": "off"})
	if err != nil {
		t.Fatal(err)
	}
	if e.GOPATH != "/srv/a b/go:/srv/other" || e.GOBIN != "/srv/a b/go/bin" || len(e.Warnings) != 1 {
		t.Fatalf("%+v", e)
	}
	if steps := e.SettingSteps(); len(steps) != 1 || !strings.Contains(steps[0].Describe(), "GOPROXY=off") {
		t.Fatalf("setting steps %v", steps)
	}
	if _, err := Resolve(testHost(t, "GOPATH=rel"), nil); err == nil {
		t.Fatal("relative GOPATH accepted")
	}
	if _, err := Resolve(h, map[string]string{"GOMODCACHE": "x"}); err == nil {
		t.Fatal("relative GOMODCACHE setting accepted")
	}
}

func TestResolveNoGo(t *testing.T) {
	h := testHost(t, "PATH=/nonexistent")
	h.Root = t.TempDir() // a machine with nothing on it
	e, err := Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.Go != "" || e.PathPrepend[0] != filepath.Join(h.DataDir(), "current", "bin") {
		t.Fatalf("%+v", e)
	}
}

// Under --root, Debian's /usr/bin/go -> /usr/lib/go-1.19/bin/go (an
// absolute link) is followed inside the fixture, not on this machine.
func TestResolveFollowsAbsoluteLinkInsideRoot(t *testing.T) {
	// The second tree exists on no machine, so following the link on the
	// real one cannot find it even where a real go-1.19 is installed.
	for _, tree := range []string{"/usr/lib/go-1.19", "/opt/devboot-fixture/go-1.19"} {
		h := testHost(t, "PATH=/usr/bin:/bin")
		h.Root = roots.Build(t, roots.Tree{
			"/usr/bin/go":       "->" + tree + "/bin/go",
			tree + "/bin/go":    "#!/bin/sh\n",
			tree + "/pkg/tool/": "",
		})
		if err := os.Chmod(h.Path(tree+"/bin/go"), 0o755); err != nil {
			t.Fatal(err)
		}
		e, err := Resolve(h, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{filepath.Join(h.DataDir(), "current", "bin"), tree + "/bin"}
		if e.Go != tree+"/bin/go" || e.Toolchain != tree || !slices.Equal(e.PathPrepend[:2], want) || e.GOROOT != "" || !strings.Contains(e.GOROOTReason, tree) {
			t.Errorf("%s: go %q toolchain %q path %q GOROOT %q (%s); want go in the fixture's %s", tree, e.Go, e.Toolchain, e.PathPrepend, e.GOROOT, e.GOROOTReason, tree)
		}
	}
}
