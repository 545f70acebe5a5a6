package toolchain

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain/archive"
	"github.com/devboot/devboot/testenv/goserver"
)

func TestInstallUseListRemove(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.22.5", "1.23.0"}})
	h := testHost(t)
	ctx := context.Background()
	src, err := NewSource(h, SourceOptions{DLURL: srv.DLURL, Fetch: fastFetch()})
	if err != nil {
		t.Fatal(err)
	}
	p := HostPlatform()
	for _, v := range []string{"go1.22.4", "go1.23.0"} {
		steps, err := PlanInstall(ctx, h, src, v, p, fastFetch())
		if err != nil {
			t.Fatal(err)
		}
		run(t, h, steps)
	}
	l := LayoutOf(h)
	out, err := exec.Command(filepath.Join(l.Dir("go1.22.4"), "bin", "go"), "version").Output()
	if err != nil || !strings.Contains(string(out), "go1.22.4 linux/"+runtime.GOARCH) {
		t.Fatalf("installed go version: %q %v", out, err)
	}
	// goX.Y.Z links for cmd/go's GOTOOLCHAIN switch.
	if out, err := exec.Command(l.BinLink("go1.23.0"), "version").Output(); err != nil || !strings.Contains(string(out), "go1.23.0") {
		t.Fatalf("bin/go1.23.0: %q %v", out, err)
	}
	// Re-install: nothing to do, no request to the server.
	hits := srv.Hits(goserver.Filename("go1.22.4", "linux", runtime.GOARCH))
	steps, _ := PlanInstall(ctx, h, src, "go1.22.4", p, fastFetch())
	if res := run(t, h, steps); res.Changed() {
		t.Fatalf("re-install changed something: %+v", res)
	}
	if srv.Hits(goserver.Filename("go1.22.4", "linux", runtime.GOARCH)) != hits {
		t.Fatal("re-install downloaded again")
	}

	run(t, h, PlanUse(h, "go1.22.4"))
	act, _ := Active(h)
	if act == nil || act.Version != "go1.22.4" {
		t.Fatalf("active = %+v", act)
	}
	out, _ = exec.Command(filepath.Join(l.Current(), "bin", "go"), "env", "GOROOT").Output()
	if strings.TrimSpace(string(out)) != l.Dir("go1.22.4") {
		t.Fatalf("go env GOROOT = %q", out)
	}
	run(t, h, PlanUse(h, "go1.23.0"))
	ts, _ := Installed(h)
	if len(ts) != 2 || ts[0].Version != "go1.23.0" || !ts[0].Active || ts[1].Active {
		t.Fatalf("installed: %+v", ts)
	}

	// Remove refuses the active one unless forced.
	if _, err := PlanRemove(h, "go1.23.0", p, false); err == nil {
		t.Fatal("removing the active toolchain was allowed")
	}
	steps, err = PlanRemove(h, "go1.22.4", p, false)
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	if _, err := os.Lstat(l.Dir("go1.22.4")); err == nil {
		t.Fatal("go1.22.4 still there")
	}
	if _, err := os.Lstat(l.BinLink("go1.22.4")); err == nil {
		t.Fatal("bin/go1.22.4 still there")
	}
	// Undo everything: go1.22.4 comes back (from the cache), then all is gone.
	if _, err := runner(h).Undo(ctx, func(e plan.Entry) bool {
		return e.Kind == KindRemove || e.Kind == KindLink && strings.Contains(e.Summary, "remove link")
	}); err != nil {
		t.Fatal(err)
	}
	if !complete(l.Dir("go1.22.4")) {
		t.Fatal("undo of remove did not restore go1.22.4")
	}
	if _, err := runner(h).Undo(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ts, _ := Installed(h); len(ts) != 0 {
		t.Fatalf("after undo: %+v", ts)
	}
	if _, err := os.Lstat(l.Current()); err == nil {
		t.Fatal("current still there after undo")
	}
}

func TestTamperedTruncatedStalled(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}})
	name := goserver.Filename("go1.22.4", "linux", runtime.GOARCH)
	a := srv.Archive("1.22.4", "linux", runtime.GOARCH)
	tampered := append([]byte(nil), a.Data...)
	tampered[len(tampered)/2] ^= 0xff
	cases := []struct {
		name string
		set  func()
		want string
	}{
		{"tampered", func() { srv.Serve(name, tampered) }, "sha256"},
		{"wrong size", func() { srv.Serve(name, append(append([]byte(nil), a.Data...), 0)) }, "larger than"},
		{"short", func() { srv.Serve(name, a.Data[:len(a.Data)-10]) }, "bytes"},
		{"truncated", func() { srv.Serve(name, a.Data); srv.Misbehave(name, goserver.Truncate) }, "download"},
		{"stalled", func() { srv.Misbehave(name, goserver.Stall) }, "stalled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.set()
			h := testHost(t)
			src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
			steps, err := PlanInstall(context.Background(), h, src, "go1.22.4", HostPlatform(), fastFetch())
			if err != nil {
				t.Fatal(err)
			}
			_, err = runner(h).Run(context.Background(), steps)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if ts, _ := Installed(h); len(ts) != 0 {
				t.Fatalf("something was installed: %+v", ts)
			}
			ents, _ := os.ReadDir(LayoutOf(h).Toolchains())
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".staging") {
					t.Fatalf("staging left: %s", e.Name())
				}
			}
		})
	}
	// Fixed server: a retry works.
	srv.Serve(name, a.Data)
	srv.Misbehave(name, goserver.Normal)
	h := testHost(t)
	src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
	steps, _ := PlanInstall(context.Background(), h, src, "go1.22.4", HostPlatform(), fastFetch())
	run(t, h, steps)
}

func TestHostileArchives(t *testing.T) {
	good := goserver.Tree(t, "go1.22.4", runtime.GOARCH, 0)
	with := func(extra ...goserver.Entry) []goserver.Entry {
		return append(append([]goserver.Entry(nil), good...), extra...)
	}
	cases := map[string][]goserver.Entry{
		"traversal":          with(goserver.Entry{Name: "../evil", Body: "x"}),
		"deep traversal":     with(goserver.Entry{Name: "src/../../evil", Body: "x"}),
		"link out":           with(goserver.Entry{Name: "src/out", Type: '2', Linkname: "../../etc"}),
		"absolute link":      with(goserver.Entry{Name: "src/abs", Type: '2', Linkname: "/etc/passwd"}),
		"write through link": with(goserver.Entry{Name: "src/l", Type: '2', Linkname: "runtime"}, goserver.Entry{Name: "src/l/x.go", Body: "x"}),
		"link via link":      with(goserver.Entry{Name: "a", Type: '2', Linkname: "."}, goserver.Entry{Name: "src/b", Type: '2', Linkname: "../a/.."}),
		"device":             with(goserver.Entry{Name: "dev", Type: '3'}),
		"fifo":               with(goserver.Entry{Name: "fifo", Type: '6'}),
		"hard link":          with(goserver.Entry{Name: "hl", Type: '1', Linkname: "go/VERSION"}),
		"duplicate":          with(goserver.Entry{Name: "LICENSE", Body: "again"}),
	}
	for name, entries := range cases {
		t.Run(name, func(t *testing.T) {
			dst := t.TempDir()
			stage := filepath.Join(dst, "stage")
			os.Mkdir(stage, 0o755)
			data := goserver.TarGz(t, "go/", entries)
			_, err := archive.ExtractTarGz(strings.NewReader(string(data)), stage, archive.Options{Prefix: "go/"})
			if !errors.Is(err, archive.ErrRefused) {
				t.Fatalf("err = %v, want refusal", err)
			}
			if _, err := os.Lstat(filepath.Join(dst, "evil")); err == nil {
				t.Fatal("wrote outside the tree")
			}
		})
	}
	for name, c := range map[string]struct {
		entries []goserver.Entry
		prefix  string
		lim     archive.Limits
	}{
		"absolute":       {[]goserver.Entry{{Name: "/etc/x", Body: "x"}}, "", archive.Limits{}},
		"outside prefix": {[]goserver.Entry{{Name: "other/x", Body: "x"}}, "go/", archive.Limits{}},
		"too many files": {good, "go/", archive.Limits{MaxFiles: 3}},
		"too many bytes": {good, "go/", archive.Limits{MaxBytes: 100}},
	} {
		t.Run(name, func(t *testing.T) {
			data := goserver.TarGz(t, "", c.entries)
			if c.prefix != "" && name != "outside prefix" {
				data = goserver.TarGz(t, c.prefix, c.entries)
			}
			_, err := archive.ExtractTarGz(strings.NewReader(string(data)), t.TempDir(), archive.Options{Prefix: c.prefix, Limits: c.lim})
			if !errors.Is(err, archive.ErrRefused) {
				t.Fatalf("err = %v, want refusal", err)
			}
		})
	}
	// Through the whole install: a hostile archive with a correct sha256 installs nothing.
	srv := goserver.New(t, goserver.Options{})
	srv.Add("go1.22.9", "linux", runtime.GOARCH, goserver.TarGz(t, "go/", cases["link out"]))
	h := testHost(t)
	src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
	steps, err := PlanInstall(context.Background(), h, src, "go1.22.9", HostPlatform(), fastFetch())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runner(h).Run(context.Background(), steps); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("hostile install: %v", err)
	}
	if ts, _ := Installed(h); len(ts) != 0 {
		t.Fatalf("installed: %+v", ts)
	}
}

func TestConcurrentInstalls(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}, ExtraFiles: 200})
	h := testHost(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
			art, err := src.Artifact(context.Background(), "go1.22.4", HostPlatform())
			if err == nil {
				_, err = install(context.Background(), LayoutOf(h), "go1.22.4", "go1.22.4", art, fastFetch())
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if !complete(LayoutOf(h).Dir("go1.22.4")) {
		t.Fatal("not installed")
	}
	if n := srv.Hits(goserver.Filename("go1.22.4", "linux", runtime.GOARCH)); n != 1 {
		t.Fatalf("%d downloads, want 1 (the lock and the cache should share one)", n)
	}
}
