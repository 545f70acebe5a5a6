// Package sudouser creates throwaway login users for tests of `sudo devboot`:
// root acting for SUDO_USER must leave that user's home owned by them.
package sudouser

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sync/atomic"
	"testing"
)

var seq atomic.Int32

// New creates a user named prefix+pid(+n) with the given login shell and a
// fresh home, and removes both when the test ends. It skips the test when
// not run as root or when useradd is missing. The returned user's HomeDir
// is the home.
func New(t testing.TB, prefix, shell string) *user.User {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to act as sudo")
	}
	for _, tool := range []string{"useradd", "userdel"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	name := fmt.Sprintf("%s%d", prefix, os.Getpid()%100000)
	if n := seq.Add(1); n > 1 {
		name = fmt.Sprintf("%sn%d", name, n) // a second user in the same test binary
	}
	// Not under t.TempDir: its 0700 parent would keep the user out of
	// their own home.
	parent, err := os.MkdirTemp("", "devboot-sudo-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	home := filepath.Join(parent, name)
	if out, err := exec.Command("useradd", "-m", "-d", home, "-s", shell, name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v %s", err, out)
	}
	t.Cleanup(func() {
		// -f: go may have left its telemetry child running as the user.
		if out, err := exec.Command("userdel", "-f", name).CombinedOutput(); err != nil {
			t.Errorf("userdel %s: %v %s", name, err, out)
		}
	})
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	if u.HomeDir != home {
		t.Fatalf("useradd made %s's home %s, want %s", name, u.HomeDir, home)
	}
	return u
}
