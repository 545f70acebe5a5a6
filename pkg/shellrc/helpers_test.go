package shellrc

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/gohome"
)

const basePATH = "/usr/bin:/bin"

// realGoroot is the machine's Go tree, linked as devboot's current
// toolchain so real `go env` answers in the shells.
func realGoroot(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/local/go"} {
		if _, err := os.Stat(filepath.Join(p, "bin", "go")); err == nil {
			return p
		}
	}
	t.Skip("no Go tree at /usr/local/go to use as the current toolchain")
	return ""
}

// newHome makes a user home (with a space in its path, to test quoting)
// whose devboot `current` toolchain is the machine's Go.
func newHome(t testing.TB) (*host.Host, string) {
	t.Helper()
	home := filepath.Join(t.TempDir(), "home dir")
	os.MkdirAll(home, 0o755)
	gohome.TelemetryOff(t, home) // the shells run go in this home
	h := host.New("/", []string{"HOME=" + home, "PATH=" + basePATH})
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(h.DataDir(), 0o755)
	if err := os.Symlink(realGoroot(t), filepath.Join(h.DataDir(), "current")); err != nil {
		t.Fatal(err)
	}
	return h, home
}

func runner(t testing.TB, h *host.Host, journal string) *plan.Runner {
	return &plan.Runner{Host: h, Journal: journal, Command: "shell install"}
}

func install(t testing.TB, r *plan.Runner) *plan.Result {
	t.Helper()
	e, err := goenv.Resolve(r.Host, nil)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := InstallSteps(r.Host, e)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(context.Background(), steps)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// snapshot hashes a tree: every path's type, mode, owner, link target and
// content, so any change (or leftover) shows.
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Lstat(p)
		st := fi.Sys().(*syscall.Stat_t)
		v := fmt.Sprintf("%v %d:%d", fi.Mode(), st.Uid, st.Gid)
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			v += " -> " + target
		case fi.Mode().IsRegular():
			data, _ := os.ReadFile(p)
			v += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		m[p] = v
		return nil
	})
	return m
}

func diffSnapshots(t testing.TB, before, after map[string]string) {
	t.Helper()
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s: was %q, now %q", p, v, after[p])
		}
	}
	for p, v := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: new (%s)", p, v)
		}
	}
}

func write(t testing.TB, p, content string, mode fs.FileMode) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, mode)
}

func read(t testing.TB, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func lookShell(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (.ci/run installs bash dash zsh fish)", name)
	}
	return p
}
