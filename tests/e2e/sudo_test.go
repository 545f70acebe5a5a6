package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/sudouser"
)

// TestSudoConfiguresTheInvokingUser: `sudo devboot up` (root, SUDO_USER
// set, HOME=/root as sudo leaves it) sets up the invoking user's home, and
// everything it creates there belongs to that user; the user's own login
// shell then finds devboot's go; down puts the home back, owners included.
func TestSudoConfiguresTheInvokingUser(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to act as sudo")
	}
	if _, err := exec.LookPath("runuser"); err != nil {
		t.Skip("runuser is not installed")
	}
	m := newMachine(t, docker)
	u := sudouser.New(t, "dbe", "/bin/bash")
	name, home := u.Username, u.HomeDir
	uid, _ := strconv.Atoi(u.Uid)
	// This machine itself (no fixture root): the fixture would live in
	// root's private temporary directory, where the user's shell could not
	// follow the adopted toolchain's link.
	m.home = home
	m.env = slices.DeleteFunc(m.env, func(kv string) bool { return strings.HasPrefix(kv, "DEVBOOT_ROOT=") })
	m.env = append(m.env, "HOME=/root", "SUDO_USER="+name, "SUDO_UID="+u.Uid, "SUDO_GID="+u.Gid)

	before := snapshot(t, home)
	m.must("up", "--yes")
	applied := snapshot(t, home)
	for p, e := range applied {
		if b, existed := before[p]; (!existed || b.MTime != e.MTime) && int(e.UID) != uid {
			t.Errorf("%s was written by sudo devboot up but belongs to uid %d, not %s's %d", p, e.UID, name, uid)
		}
	}
	scratch, err := os.MkdirTemp(filepath.Dir(home), "config-") // go's telemetry, as in loginShell
	if err != nil {
		t.Fatal(err)
	}
	gid, _ := strconv.Atoi(u.Gid)
	os.Chown(scratch, uid, gid)
	out, err := exec.Command("runuser", "-u", name, "--", "env", "-i", "HOME="+home, "PATH=/usr/bin:/bin",
		"XDG_CONFIG_HOME="+scratch, "GOENV="+filepath.Join(home, ".config/go/env"), "bash", "-lc", "command -v go; go version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), home+"/.local/share/devboot/current/bin/go\n") || !strings.Contains(string(out), systemVersion(t)) {
		t.Fatalf("the user's login shell: %v\n%s", err, out)
	}
	used := snapshot(t, home)
	if again := m.must("up", "--yes"); !strings.Contains(again.stdout, "Nothing to do") {
		t.Errorf("second sudo up was not a no-op:\n%s", again)
	}
	assertSame(t, "second sudo up changed the home", used, snapshot(t, home), true)
	m.must("down", "--yes", "--purge")
	assertSame(t, "sudo down did not restore the home", without(before, applied, used), without(snapshot(t, home), applied, used), false)
}
