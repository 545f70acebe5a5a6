package toolchain

import (
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/goserver"
)

func TestGOPROXYWithSumDB(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.23.0"}})
	h := testHost(t)
	ctx := context.Background()
	src, err := NewSource(h, SourceOptions{GOPROXY: srv.GOPROXY + ",direct", GOSUMDB: srv.GOSUMDB})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ResolveWith(ctx, h, src, HostPlatform(), ResolveOptions{Spec: "latest", Dir: t.TempDir()})
	if err != nil || res.Version != "go1.23.0" {
		t.Fatalf("resolve via proxy: %+v %v", res, err)
	}
	steps, err := PlanInstall(ctx, h, src, "go1.22.4", HostPlatform(), fastFetch())
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	dir := LayoutOf(h).Dir("go1.22.4")
	out, err := exec.Command(filepath.Join(dir, "bin", "go"), "env", "GOROOT").Output()
	if err != nil || strings.TrimSpace(string(out)) != dir {
		t.Fatalf("go from the proxy zip (exec bits restored?): %q %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "src", "go.mod")); err != nil {
		t.Fatal("_go.mod was not renamed to go.mod")
	}

	// A zip the checksum database did not sign is refused.
	zipPath := "golang.org/toolchain/@v/" + ProxyVersion("go1.23.0", HostPlatform()) + ".zip"
	srv.Serve(zipPath, goserver.ModuleZip(t, "golang.org/toolchain@"+ProxyVersion("go1.23.0", HostPlatform())+"/", goserver.Tree(t, "go1.23.0", runtime.GOARCH, 1)))
	steps, _ = PlanInstall(ctx, h, src, "go1.23.0", HostPlatform(), fastFetch())
	if _, err := runner(h).Run(ctx, steps); err == nil || !strings.Contains(err.Error(), "checksum database") {
		t.Fatalf("tampered zip: %v", err)
	}
	if _, ok := Find(h, "go1.23.0", HostPlatform()); ok {
		t.Fatal("tampered zip installed")
	}
	// GOSUMDB=off installs it, with a warning in the report.
	off, _ := NewSource(h, SourceOptions{GOPROXY: srv.GOPROXY, GOSUMDB: "off"})
	steps, _ = PlanInstall(ctx, h, off, "go1.23.0", HostPlatform(), fastFetch())
	run(t, h, steps)
	rep := steps[0].(*InstallStep).Report
	if rep == nil || len(rep.Warnings) == 0 || !strings.Contains(rep.Warnings[0], "NOT verified") {
		t.Fatalf("GOSUMDB=off: report %+v", rep)
	}
}

// TestSumDBThroughProxy: GOSUMDB names only the key, so (as with cmd/go)
// the database is reached through the proxy's /sumdb/<name>/ pass-through.
func TestSumDBThroughProxy(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}})
	h := testHost(t, "GOSUMDB="+srv.SumDBKey, "GOPROXY="+srv.GOPROXY)
	src, err := NewSource(h, SourceOptions{GOPROXY: "env"})
	if err != nil {
		t.Fatal(err)
	}
	steps, err := PlanInstall(context.Background(), h, src, "go1.22.4", HostPlatform(), fastFetch())
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	if rep := steps[0].(*InstallStep).Report; rep == nil || len(rep.Warnings) != 0 {
		t.Fatalf("report: %+v", rep)
	}
	// The verified tree head was kept for the next lookup's consistency proof.
	if _, err := os.Stat(filepath.Join(h.CacheDir(), "sumdb", "sumdb.devboot.test", "latest")); err != nil {
		t.Fatalf("no tree head cached: %v", err)
	}
}

func TestCrossArchAndFileMirror(t *testing.T) {
	other := "arm64"
	if runtime.GOARCH == "arm64" {
		other = "amd64"
	}
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}, Platforms: []string{"linux/" + runtime.GOARCH, "linux/" + other}})
	// A file:// mirror: index.json and the archives in one directory.
	mirror := t.TempDir()
	os.WriteFile(filepath.Join(mirror, "index.json"), srv.Index(), 0o644)
	a := srv.Archive("1.22.4", "linux", other)
	os.WriteFile(filepath.Join(mirror, a.Filename), a.Data, 0o644)
	h := testHost(t)
	src, err := NewSource(h, SourceOptions{DLURL: "file://" + mirror})
	if err != nil {
		t.Fatal(err)
	}
	p := Platform{OS: "linux", Arch: other}
	steps, err := PlanInstall(context.Background(), h, src, "go1.22.4", p, fastFetch())
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	dir := LayoutOf(h).Dir("go1.22.4.linux-" + other)
	f, err := elf.Open(filepath.Join(dir, "bin", "go"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64}[other]
	if f.Machine != want {
		t.Fatalf("bin/go is %v, want %v", f.Machine, want)
	}
	if _, ok := Find(h, "go1.22.4", p); !ok {
		t.Fatal("cross toolchain not listed")
	}
	if _, ok := Find(h, "go1.22.4", HostPlatform()); ok {
		t.Fatal("cross toolchain listed as native")
	}
}

func TestAdopt(t *testing.T) {
	root := t.TempDir()
	goserver.WriteGOROOT(t, filepath.Join(root, "usr/local/go"), "go1.26.8", runtime.GOARCH)
	goserver.WriteGOROOT(t, filepath.Join(root, "usr/lib/go-1.19"), "go1.19.8", runtime.GOARCH)
	h := testHost(t)
	h.Root = root
	goserver.WriteGOROOT(t, filepath.Join(root, h.User.Home, "sdk/go1.21.3"), "go1.21.3", runtime.GOARCH)
	before, _ := os.ReadFile(filepath.Join(root, "usr/local/go/VERSION"))
	as := FindAdoptable(h)
	if len(as) != 3 || as[0].Version != "go1.26.8" || as[2].Version != "go1.19.8" {
		t.Fatalf("adoptable: %+v", as)
	}
	if vs := LocalVersions(h, HostPlatform()); len(vs) != 3 {
		t.Fatalf("local versions offline: %v", vs)
	}
	var steps = PlanAdopt(h, as[0])
	steps = append(steps, PlanUse(h, "go1.26.8")...)
	run(t, h, steps)
	act, _ := Active(h)
	if act == nil || !act.Adopted || act.GOROOT != filepath.Join(root, "usr/local/go") {
		t.Fatalf("active: %+v", act)
	}
	// Unregistering never touches the original.
	if _, err := runner(h).Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(filepath.Join(root, "usr/local/go/VERSION"))
	if err != nil || string(after) != string(before) {
		t.Fatal("the adopted original changed")
	}
	if ts, _ := Installed(h); len(ts) != 0 {
		t.Fatalf("still registered: %+v", ts)
	}
}
