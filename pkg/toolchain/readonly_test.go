package toolchain

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/perms"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/goserver"
)

// installFrom installs v from the index at dl into h's data dir.
func installFrom(t *testing.T, h *host.Host, dl, v string) string {
	t.Helper()
	src, err := NewSource(h, SourceOptions{DLURL: dl})
	if err != nil {
		t.Fatal(err)
	}
	steps, err := PlanInstall(context.Background(), h, src, v, HostPlatform(), fastFetch())
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	return LayoutOf(h).Dir(Name(v, HostPlatform()))
}

func TestInstalledTreeIsReadOnly(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}})
	h := testHost(t)
	dir := installFrom(t, h, srv.DLURL, "go1.22.4")
	var dirs int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		fi, _ := d.Info()
		if fi.Mode().Perm()&0o222 != 0 {
			t.Errorf("%s is writable: %v", p, fi.Mode())
		}
		if d.IsDir() {
			dirs++
			if fi.Mode().Perm() != 0o555 {
				t.Errorf("dir %s: %v, want 0555", p, fi.Mode())
			}
		}
		return nil
	})
	if err != nil || dirs < 3 {
		t.Fatalf("walk: %v, %d dirs", err, dirs)
	}
	if fi, err := os.Stat(filepath.Join(dir, "bin", "go")); err != nil || fi.Mode().Perm() != 0o555 {
		t.Fatalf("bin/go lost its exec bits: %v %v", fi.Mode(), err)
	}
	if f := perms.Check(h, perms.Paths{GOROOT: dir}); len(f) != 0 {
		t.Fatalf("perms.Check on a fresh install: %+v", f)
	}
	// The check does look here: one writable file is reported.
	os.Chmod(filepath.Join(dir, "VERSION"), 0o644)
	if f := perms.Check(h, perms.Paths{GOROOT: dir}); len(f) != 1 || f[0].Check != perms.CheckToolchainWritable {
		t.Fatalf("a writable file went unreported: %+v", f)
	}
}

// TestReadOnlyTreesRemovableByUser runs install, remove, undo of an
// install, prune and the stale-staging cleanup as an unprivileged user
// (uid 65534 with a home of its own), for whom a read-only directory
// really cannot be emptied or moved: root would pass without the fix.
func TestReadOnlyTreesRemovableByUser(t *testing.T) {
	if os.Getenv("DEVBOOT_RO_CHILD") != "" {
		return
	}
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.3", "1.22.4", "1.22.5"}})
	if os.Geteuid() != 0 {
		readOnlyLifecycle(t, t.TempDir(), srv.DLURL) // already unprivileged
		return
	}
	const nobody = 65534
	base, err := os.MkdirTemp("", "devboot-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	home := filepath.Join(base, "home")
	bin := filepath.Join(base, "toolchain.test")
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if err := copyExecutable(bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyLifecycleChild$", "-test.v")
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "DEVBOOT_RO_CHILD=1", "DEVBOOT_RO_DL=" + srv.DLURL}
	cmd.Dir = home
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as uid %d: %v\n%s", nobody, err, out)
	}
	if !bytes.Contains(out, []byte("LIFECYCLE uid 65534 OK")) {
		t.Fatalf("child did not run the lifecycle:\n%s", out)
	}
}

func TestReadOnlyLifecycleChild(t *testing.T) {
	if os.Getenv("DEVBOOT_RO_CHILD") == "" {
		return // only the unprivileged child of TestReadOnlyTreesRemovableByUser runs it
	}
	if os.Geteuid() == 0 {
		t.Fatal("child runs as root")
	}
	readOnlyLifecycle(t, os.Getenv("HOME"), os.Getenv("DEVBOOT_RO_DL"))
	t.Log("LIFECYCLE uid " + strconv.Itoa(os.Geteuid()) + " OK")
}

func readOnlyLifecycle(t *testing.T, home, dl string) {
	h := host.New("/", []string{"HOME=" + home})
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := installFrom(t, h, dl, "go1.22.4")
	// The owner cannot change the tree either.
	if err := os.WriteFile(filepath.Join(dir, "bin", "extra"), nil, 0o644); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("wrote into the installed tree: %v", err)
	}
	// remove
	steps, err := PlanRemove(h, "go1.22.4", HostPlatform(), false)
	if err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("remove left %s: %v", dir, err)
	}
	// undo of an install
	installFrom(t, h, dl, "go1.22.4")
	if _, err := runner(h).Undo(ctx, func(e plan.Entry) bool { return e.Kind == KindInstall }); err != nil {
		t.Fatalf("undo install: %v", err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("undo left %s: %v", dir, err)
	}
	// prune
	for _, v := range []string{"go1.22.3", "go1.22.4", "go1.22.5"} {
		installFrom(t, h, dl, v)
	}
	if steps, err = PlanPrune(h, 1); err != nil {
		t.Fatal(err)
	}
	run(t, h, steps)
	if ts, _ := Installed(h); len(ts) != 1 || ts[0].Version != "go1.22.5" {
		t.Fatalf("after prune: %+v", ts)
	}
	// stale staging and trash left read-only by a killed run
	l := LayoutOf(h)
	for _, n := range []string{".staging-go1.22.9.linux-amd64", ".trash-x-1"} {
		p := filepath.Join(l.Toolchains(), n, "src", "pkg")
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "f.go"), nil, 0o644)
		if err := makeReadOnly(filepath.Join(l.Toolchains(), n)); err != nil {
			t.Fatal(err)
		}
	}
	CleanStale(l)
	ents, _ := os.ReadDir(l.Toolchains())
	for _, e := range ents {
		if e.IsDir() && e.Name()[0] == '.' {
			t.Errorf("CleanStale left %s", e.Name())
		}
	}
}

// copyExecutable copies this test binary to where another user can run it
// (go test's build dir is root's own).
func copyExecutable(dst string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	in, err := os.Open(self)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkMakeReadOnly locks a copy of this machine's GOROOT (a real
// toolchain's size: ~17k entries), the cost an install adds; unlocking
// between rounds is not timed.
func BenchmarkMakeReadOnly(b *testing.B) {
	goroot := runtimeGOROOT()
	if goroot == "" {
		b.Skip("no GOROOT on this machine")
	}
	tree := filepath.Join(b.TempDir(), "go")
	if out, err := exec.Command("cp", "-a", goroot, tree).CombinedOutput(); err != nil {
		b.Fatalf("copy %s: %v %s", goroot, err, out)
	}
	b.ResetTimer()
	for range b.N {
		if err := makeReadOnly(tree); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				err = os.Chmod(p, 0o755)
			}
			return err
		}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

func runtimeGOROOT() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return ""
	}
	return string(bytes.TrimSpace(out))
}
