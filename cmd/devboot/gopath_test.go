package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/roots"
)

func TestGopathStatusCLI(t *testing.T) {
	fixture, dir, env := driveTree(t)
	env = append(env, "GOPATH="+dir)
	code, out, errOut := runWith(t, env, "--root", fixture, "--json", "gopath", "status")
	var rep struct {
		Platform string
		Paths    []struct {
			Name, Verdict string
			WindowsPath   string `json:"windows_path"`
			NTFS          bool
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Platform != "wsl2" {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if p := rep.Paths[0]; p.Name != "GOPATH" || !p.NTFS || p.Verdict != "fail" || p.WindowsPath != `C:\work` {
		t.Fatalf("GOPATH: %+v", p)
	}
	code, out, _ = runWith(t, env, "--root", fixture, "gopath", "status")
	if code != 0 || !strings.Contains(out, "fail GOPATH") || !strings.Contains(out, "fix: sudo devboot gopath fix") {
		t.Fatalf("text status: %s", out)
	}
}

func TestGopathStatusMeasuresSpeedCLI(t *testing.T) {
	// GOPATH on drive C: and the home on ext4, both inside the fixture
	// root, with enough entries to measure. The CLI walks each for at most
	// gopath.SampleBudget, which a loaded machine can use up before the
	// 31 entries: this checks the wiring, and pkg/gopath's tests, with a
	// budget that is never used up, the exact counts.
	tree := roots.WSL2()
	for i := range 30 {
		tree[fmt.Sprintf("/mnt/c/Users/me/go/src/f%d.go", i)] = "package p\n"
		tree[fmt.Sprintf("/home/me/src/f%d.go", i)] = "package p\n"
	}
	fixture := roots.Build(t, tree)
	env := []string{"HOME=/home/me", "GOPATH=/mnt/c/Users/me/go", "WSL_DISTRO_NAME=" + roots.WSLDistro}
	code, out, errOut := runWith(t, env, "--root", fixture, "--json", "gopath", "status")
	type meta struct {
		Dir        string
		Entries    int
		MSPerEntry float64 `json:"ms_per_entry"`
	}
	var rep struct {
		Paths []struct {
			Name, Problem string
			Speed         *struct {
				NTFS  meta
				Linux *meta
				Ratio float64
			}
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Paths) == 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	gp := rep.Paths[0]
	if gp.Name != "GOPATH" || gp.Speed == nil || gp.Speed.Linux == nil {
		t.Fatalf("GOPATH without a speed comparison: %s", out)
	}
	n, l := gp.Speed.NTFS, *gp.Speed.Linux
	walked := func(m meta) bool { return m.Entries >= 1 && m.Entries <= 31 && m.MSPerEntry > 0 }
	if n.Dir != "/mnt/c/Users/me/go" || l.Dir != "/home/me" || !walked(n) || !walked(l) ||
		math.Abs(gp.Speed.Ratio-n.MSPerEntry/l.MSPerEntry) > 1e-9*gp.Speed.Ratio {
		t.Fatalf("speed %+v against %+v, ratio %v", n, l, gp.Speed.Ratio)
	}
	code, out, _ = runWith(t, env, "--root", fixture, "gopath", "status")
	if code != 0 || !strings.Contains(out, "ms/entry on /mnt/c/Users/me/go against ") || !strings.Contains(out, " ms on /home/me (x") {
		t.Fatalf("text status: %s", out)
	}
}

func TestGopathFixRefusesOffWSL2(t *testing.T) {
	bare := roots.Build(t, roots.Tree{"/proc/sys/kernel/osrelease": "6.1.0-18-amd64\n", "/proc/self/mountinfo": "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"})
	code, _, errOut := runWith(t, []string{"HOME=" + gohome.New(t)}, "--root", bare, "gopath", "fix")
	if code != 1 || !strings.Contains(errOut, "WSL2") || !strings.Contains(errOut, "--force") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runWith(t, []string{"HOME=" + gohome.New(t)}, "--root", bare, "gopath", "fix", "--mode", "copy"); code != 2 {
		t.Fatalf("bad mode: exit %d: %s", code, errOut)
	}
}

// The whole CLI round trip with a real bind and a real /etc/fstab (a file
// bind-mounted over it inside the private namespace).
func TestGopathFixRestoreCLIInNamespace(t *testing.T) {
	if !mountns.Enter(t) {
		return
	}
	fixture, dir, env := driveTree(t)
	fstab := filepath.Join(t.TempDir(), "fstab")
	os.WriteFile(fstab, []byte("# /etc/fstab\n"), 0o644)
	if err := syscall.Mount(fstab, "/etc/fstab", "", syscall.MS_BIND, ""); err != nil {
		t.Fatalf("cannot stand in for /etc/fstab (needs an existing /etc/fstab to bind over): %v", err)
	}
	env = append(env, "GOPATH="+dir)
	to := filepath.Join(strings.TrimPrefix(env[0], "HOME="), "go")

	code, out, errOut := runWith(t, env, "--root", fixture, "--dry-run", "gopath", "fix", "--persist")
	if code != 0 || !strings.Contains(out, "would: bind-mount "+dir+" onto "+to) || !strings.Contains(out, "would: add a bind line") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if m, _ := mountinfo.Mounted(to); m {
		t.Fatal("dry run mounted")
	}
	code, out, errOut = runWith(t, env, "--root", fixture, "gopath", "fix", "--persist")
	if code != 0 || !strings.Contains(out, "note: a bind fixes path identity, not NTFS itself") {
		t.Fatalf("fix: exit %d\n%s%s", code, out, errOut)
	}
	if m, _ := mountinfo.Mounted(to); !m {
		t.Fatal("not mounted")
	}
	if b, _ := os.ReadFile(filepath.Join(to, "win")); string(b) != "x" {
		t.Fatal("rewritten link does not resolve through the bind")
	}
	if data, _ := os.ReadFile("/etc/fstab"); !strings.Contains(string(data), dir+" "+to+" none bind 0 0") {
		t.Fatalf("fstab: %s", data)
	}
	code, out, errOut = runWith(t, env, "--root", fixture, "--json", "gopath", "fix", "--persist")
	if code != 0 || strings.Contains(out, `"applied"`) || strings.Contains(out, `"planned"`) {
		t.Fatalf("re-run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runWith(t, env, "--root", fixture, "gopath", "restore")
	if code != 0 || !strings.Contains(out, "undone: bind-mount") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	if m, _ := mountinfo.Mounted(to); m {
		t.Fatal("still mounted")
	}
	if data, _ := os.ReadFile("/etc/fstab"); string(data) != "# /etc/fstab\n" {
		t.Fatalf("fstab after restore: %q", data)
	}
	if got, _ := os.Readlink(filepath.Join(dir, "win")); got != `C:\work\a\file` {
		t.Fatalf("link after restore: %q", got)
	}
}

func TestGopathMigrateCLI(t *testing.T) {
	fixture, dir, env := driveTree(t)
	env = append(env, "GOPATH="+dir)
	to := filepath.Join(strings.TrimPrefix(env[0], "HOME="), "go")
	code, out, errOut := runWith(t, env, "--root", fixture, "gopath", "fix", "--mode", "migrate")
	if code != 0 || !strings.Contains(out, "stat walk of all 7 entries: NTFS "+dir) || !strings.Contains(out, "2 links retargeted") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if got, _ := os.Readlink(filepath.Join(to, "win")); got != "a/file" {
		t.Fatalf("copy's link -> %q", got)
	}
	if got, _ := os.Readlink(filepath.Join(dir, "win")); got != `C:\work\a\file` {
		t.Fatalf("original link -> %q", got)
	}
	// status now reports the measured difference (GOPATH itself is still
	// the environment's NTFS path until the user changes it).
	code, out, _ = runWith(t, env, "--root", fixture, "gopath", "status")
	if code != 0 || !strings.Contains(out, "migrated "+dir+" -> "+to) {
		t.Fatalf("status after migrate: %s", out)
	}
	if code, out, errOut := runWith(t, env, "--root", fixture, "gopath", "restore"); code != 0 || !strings.Contains(out, "undone: copy") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if _, err := os.Lstat(to); err == nil {
		t.Fatal("copy left after restore")
	}
}
