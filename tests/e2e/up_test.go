package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/mountns"
)

// systemVersion is the Go this machine has in /usr/local/go.
func systemVersion(t *testing.T) string {
	t.Helper()
	data, err := readFirstLine("/usr/local/go/VERSION")
	if err != nil {
		t.Skipf("no Go in /usr/local/go to adopt: %v", err)
	}
	return data
}

// roundTrip is the life of one machine: --dry-run changes nothing; up
// makes a login shell build with want; up again changes nothing; down
// puts every path in the home back.
// checks are a test's own assertions at points of the round trip; nil
// ones are skipped.
type checks struct {
	// afterUp runs after the first up and the login-shell check (what go
	// commands it runs write is the user's, as in that check).
	afterUp func()
	// afterAgain runs after the second up (the no-op).
	afterAgain func()
	// afterDown runs after a plain down, before down --purge.
	afterDown func()
}

func roundTrip(t *testing.T, m *machine, want string, c checks, upArgs ...string) {
	before := snapshot(t, m.home)
	dry := m.must(append([]string{"up", "--dry-run"}, upArgs...)...)
	if !strings.Contains(dry.stdout, "Plan (dry run") {
		t.Errorf("--dry-run printed no plan:\n%s", dry)
	}
	assertSame(t, "--dry-run changed the home", before, snapshot(t, m.home), true)

	m.must(append([]string{"up", "--yes"}, upArgs...)...)
	applied := snapshot(t, m.home)
	m.checkGoWorks(want)
	if c.afterUp != nil {
		c.afterUp()
	}
	used := snapshot(t, m.home)

	again := m.must(append([]string{"up", "--yes"}, upArgs...)...)
	if !strings.Contains(again.stdout, "Nothing to do") {
		t.Errorf("second up was not a no-op:\n%s", again)
	}
	assertSame(t, "second up changed the home", used, snapshot(t, m.home), true)
	if c.afterAgain != nil {
		c.afterAgain()
	}

	m.must("down", "--yes")
	if _, err := os.Lstat(filepath.Join(m.home, ".local/share/devboot/current")); err == nil {
		t.Error("down left the current link")
	}
	if c.afterDown != nil {
		c.afterDown()
	}
	m.must("down", "--yes", "--purge")
	assertSame(t, "down did not restore the home", without(before, applied, used), without(snapshot(t, m.home), applied, used), false)
}

// envdFile is where shellrc writes the systemd user session's environment.
const envdFile = ".config/environment.d/50-devboot.conf"

func TestBareHostWithSystemdUserSession(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	m := newMachine(t, bareSystemd)
	roundTrip(t, m, systemVersion(t), checks{afterUp: func() {
		if _, err := os.Stat(filepath.Join(m.home, envdFile)); err != nil {
			t.Errorf("a systemd user session exists, but up wrote no environment.d file: %v", err)
		}
	}})
}

func TestDockerContainer(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	m := newMachine(t, docker)
	roundTrip(t, m, systemVersion(t), checks{afterUp: func() {
		if _, err := os.Stat(filepath.Join(m.home, envdFile)); err == nil {
			t.Errorf("in a container up wrote %s", envdFile)
		}
		// --goprivate went into go's own env file, which every go reads.
		if out := m.loginShell("go env GOPRIVATE"); out != "example.com/private/*\n" {
			t.Errorf("go env GOPRIVATE in a login shell = %q", out)
		}
	}}, "--goprivate", "example.com/private/*")
}
