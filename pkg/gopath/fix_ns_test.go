package gopath

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/roots"
)

// ntfsGopath lays out a GOPATH in a temporary directory that the fixture
// mount table calls drive C: (9p, aname=drvfs, symlinkroot=<base>/mnt/),
// with links of every kind a real one holds. It returns the host, the
// GOPATH and the drive's mount point.
func ntfsGopath(t *testing.T) (h *host.Host, base, gopath string) {
	t.Helper()
	base = t.TempDir()
	t.Cleanup(func() { // go leaves its module cache read-only
		filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	drive := filepath.Join(base, "mnt", "c")
	gopath = filepath.Join(drive, "Users", "me", "go")
	home := filepath.Join(base, "home", "me")
	src := filepath.Join(gopath, "src")
	roots.Write(t, "/", roots.Tree{
		home + "/":                   "",
		drive + "/Windows/System32/": "",
		src + "/shared/util/util.go": "package util\n\nfunc Answer() int { return 42 }\n",
		src + "/hello/go.mod":        "module example.com/hello\n\ngo 1.22\n",
		src + "/hello/main.go":       "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/hello/util\"\n)\n\nfunc main() { fmt.Println(util.Answer()) }\n",
		src + "/hello/util":          "->" + src + "/shared/util", // a junction, as WSL2 reads it back
		src + "/win":                 `->C:\Users\me\go\src\shared`,
		src + "/winslash":            "->c:/Users/me/go/src/hello/main.go",
		src + "/deep/er/up":          "->" + gopath,
		src + "/rel":                 "->shared/util",
		src + "/loop":                "->loop",
		src + "/parent":              "->..",
		src + "/system":              "->" + drive + `/Windows/System32`, // outside GOPATH: fine as stored
		src + "/usr":                 "->/usr/share",
		src + "/escape":              "->../../../../..",
		src + "/ddrive":              `->D:\data`,
		src + "/otherdistro":         `->\\wsl$\Debian\home`,
	})
	fixture := roots.Build(t, roots.WSL2(roots.AutomountRoot(filepath.Join(base, "mnt")+"/")))
	h = host.New(fixture, []string{"WSL_DISTRO_NAME=" + roots.WSLDistro, "HOME=" + home, "GOPATH=" + gopath})
	h.User = host.User{Name: "me", Home: home, UID: os.Getuid(), GID: os.Getgid()}
	return h, base, gopath
}

// linkTargets maps every link under dir to its target.
func linkTargets(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[rel] = target
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mountedAt(t *testing.T, target, source string) bool {
	t.Helper()
	ms, err := mountinfo.GetMounts(mountinfo.SingleEntryFilter(target))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		return false
	}
	a, _ := os.Stat(target)
	b, _ := os.Stat(source)
	return os.SameFile(a, b)
}

func goCmd(t *testing.T, h *host.Host, dir string, args ...string) string {
	t.Helper()
	goBin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to build with")
		}
	}
	// The machine's build cache keeps this fast; it is not what is tested.
	gocache, err := exec.Command(goBin, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	gohome.TelemetryOff(t, h.User.Home) // no telemetry sidecar racing the home's cleanup
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	// go reads the env file devboot wrote (GOMODCACHE); GOPATH is the bind.
	cmd.Env = []string{"HOME=" + h.User.Home, "PATH=/usr/bin:/bin", "GOPATH=" + filepath.Join(h.User.Home, "go"),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOCACHE=" + strings.TrimSpace(string(gocache))}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %v in %s: %v\n%s", args, dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestFixBindRestoreInNamespace(t *testing.T) {
	if !mountns.Enter(t) {
		return
	}
	h, base, gopath := ntfsGopath(t)
	before := linkTargets(t, gopath)
	to := filepath.Join(h.User.Home, "go")
	fstab := filepath.Join(base, "etc", "fstab")
	os.MkdirAll(filepath.Dir(fstab), 0o755)
	os.WriteFile(fstab, []byte("LABEL=cloudimg-rootfs / ext4 defaults 0 1"), 0o644) // no final newline
	ctx := context.Background()
	r := &plan.Runner{Host: h, Journal: filepath.Join(base, "journal.json"), Command: Command}
	opts := FixOptions{Persist: true, FstabFile: fstab}

	fx, err := PlanFix(ctx, h, opts)
	if err != nil {
		t.Fatal(err)
	}
	if fx.From != gopath || fx.To != to || fx.FromWindows != `C:\Users\me\go` || !fx.NeedsRoot {
		t.Fatalf("plan: %+v", fx)
	}
	if _, err := r.Run(ctx, fx.Steps); err != nil {
		t.Fatal(err)
	}

	// The bind is in this namespace's real mount table.
	if !mountedAt(t, to, gopath) {
		t.Fatalf("%s is not a bind of %s", to, gopath)
	}
	// Rewritten links are relative and resolve inside the bind target.
	wantNew := map[string]string{
		"src/hello/util": "../shared/util",
		"src/win":        "shared",
		"src/winslash":   "hello/main.go",
		"src/deep/er/up": "../../..",
	}
	after := linkTargets(t, to)
	for p, old := range before {
		want, rewritten := wantNew[p]
		if !rewritten {
			want = old
		}
		if after[p] != want {
			t.Errorf("%s -> %q, want %q", p, after[p], want)
		}
		if rewritten {
			real, err := filepath.EvalSymlinks(filepath.Join(to, p))
			if err != nil || !fsutil.Within(real, to) {
				t.Errorf("%s resolves to %q (%v), not inside %s", p, real, err, to)
			}
		}
	}
	if len(fx.Links.Rewrite) != len(wantNew) || len(fx.Links.Unresolvable) != 2 {
		t.Fatalf("scan report: rewrite %d, unresolvable %+v", len(fx.Links.Rewrite), fx.Links.Unresolvable)
	}
	// go builds the module through the bind, with the module cache moved off NTFS.
	modDir := filepath.Join(to, "src", "hello")
	if got, want := goCmd(t, h, modDir, "env", "GOMODCACHE"), filepath.Join(h.User.Home, ".cache", "go-mod"); got != want {
		t.Fatalf("GOMODCACHE %q, want %q", got, want)
	}
	if got := goCmd(t, h, modDir, "list", "-f", "{{.Dir}}", "example.com/hello/util"); got != filepath.Join(modDir, "util") {
		t.Fatalf("go list: %s", got)
	}
	goCmd(t, h, modDir, "build", "-o", filepath.Join(base, "hello"), ".")
	if out, err := exec.Command(filepath.Join(base, "hello")).Output(); err != nil || strings.TrimSpace(string(out)) != "42" {
		t.Fatalf("built program: %q %v", out, err)
	}
	if data, _ := os.ReadFile(fstab); !strings.Contains(string(data), gopath+" "+to+" none bind 0 0\n") {
		t.Fatalf("fstab:\n%s", data)
	}

	// A second fix changes nothing.
	fx2, err := PlanFix(ctx, h, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(ctx, fx2.Steps)
	if err != nil || res.Changed() {
		t.Fatalf("re-run changed something: %v %+v", err, res)
	}

	// restore: no mount, the target dir it made is gone, links and fstab as before.
	if _, err := Restore(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ms, _ := mountinfo.GetMounts(mountinfo.SingleEntryFilter(to)); len(ms) != 0 {
		t.Fatalf("still mounted: %+v", ms[0])
	}
	if _, err := os.Lstat(to); err == nil {
		t.Fatalf("%s (made by fix) is still there", to)
	}
	restored := linkTargets(t, gopath)
	if len(restored) != len(before) {
		t.Fatalf("links %d, before %d", len(restored), len(before))
	}
	for p, old := range before {
		if restored[p] != old {
			t.Errorf("%s -> %q after restore, was %q", p, restored[p], old)
		}
	}
	if data, _ := os.ReadFile(fstab); string(data) != "LABEL=cloudimg-rootfs / ext4 defaults 0 1" {
		t.Fatalf("fstab after restore: %q", data)
	}
	if entries, _ := plan.LoadJournal(r.Journal); len(entries) != 0 {
		t.Fatalf("journal keeps %d entries", len(entries))
	}
}

func TestFixRefuses(t *testing.T) {
	h, _, gopath := ntfsGopath(t)
	ctx := context.Background()
	// A non-empty target would be hidden by the bind.
	to := filepath.Join(h.User.Home, "go")
	roots.Write(t, "/", roots.Tree{to + "/mine.txt": "x"})
	fx, err := PlanFix(ctx, h, FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(t.TempDir(), "journal.json"), Command: Command, DryRun: true}
	if _, err := r.Run(ctx, fx.Steps); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("non-empty target: %v", err)
	}
	// A symlinked target.
	os.RemoveAll(to)
	os.Symlink(gopath, to)
	if _, err := PlanFix(ctx, h, FixOptions{}); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("symlink target: %v", err)
	}
	// Not WSL2.
	bare := host.New(roots.Build(t, roots.Tree{"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n", "/proc/self/mountinfo": "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"}), nil)
	bare.User = h.User
	if _, err := PlanFix(ctx, bare, FixOptions{}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("bare host: %v", err)
	}
	// mountFsTab off and no systemd: --persist says why it cannot.
	off := host.New(roots.Build(t, roots.WSL2(roots.AutomountRoot(filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(gopath))))+"/"), roots.MountFsTabOff())), h.Environ())
	off.User = h.User
	os.Remove(to)
	if _, err := PlanFix(ctx, off, FixOptions{Persist: true}); err == nil || !strings.Contains(err.Error(), "mountFsTab") {
		t.Fatalf("persist without mountFsTab: %v", err)
	}
}
