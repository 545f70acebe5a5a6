package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/mountns"
)

// TestOfflineAdoptionAndRefusals: with no network up adopts the Go the
// machine has and says so; it refuses clearly (changing nothing) when
// nothing here can serve, and when changes would need --yes.
func TestOfflineAdoptionAndRefusals(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	want := systemVersion(t)
	m := newMachine(t, bareSystemd)
	before := snapshot(t, m.home)

	// Without a terminal, changes need --yes: exit 2, nothing touched.
	r := m.run(nil, "up")
	if r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("up without --yes and without a terminal: want exit 2 naming --yes, got %s", r)
	}
	// Asking for a version nothing here has, offline: exit 1, naming what was found.
	r = m.run(nil, "up", "--yes", "--offline", "--go", "1.19.13")
	if r.code != 1 || !strings.Contains(r.stderr, "nothing on this machine satisfies") || !strings.Contains(r.stderr, want) {
		t.Fatalf("offline up of a missing version: %s", r)
	}
	assertSame(t, "refused ups changed the home", before, snapshot(t, m.home), true)

	// Offline with the installed Go: adopted, said so, reported as JSON.
	r = m.must("up", "--yes", "--offline", "--json")
	var rep struct {
		Toolchain struct{ Action, Version, Reason string }
		Verify    struct{ Checks []struct{ OK bool } }
		Changed   bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("--json output is not one JSON document: %v\n%s", err, r)
	}
	if rep.Toolchain.Action != "adopt" || rep.Toolchain.Version != want || !strings.Contains(rep.Toolchain.Reason, "offline") || !rep.Changed || len(rep.Verify.Checks) == 0 {
		t.Fatalf("offline up report: %+v", rep)
	}
	for _, c := range rep.Verify.Checks {
		if !c.OK {
			t.Fatalf("verification failed: %s", r.stdout)
		}
	}
	m.must("down", "--yes", "--purge")
	assertSame(t, "down after an offline up", before, snapshot(t, m.home), false)

	// A go.work decides for its modules, as in cmd/go: here it asks for more
	// than the machine has.
	writeFile(t, filepath.Join(m.mod, "go.work"), "go 1.99.0\n\nuse .\n")
	r = m.run(nil, "up", "--yes", "--offline")
	if r.code != 1 || !strings.Contains(r.stderr, ">= go1.99.0 (from go.work go line of "+filepath.Join(m.mod, "go.work")) {
		t.Fatalf("offline up under a go.work asking for go 1.99.0: %s", r)
	}
	os.Remove(filepath.Join(m.mod, "go.work"))

	// A machine with no Go at all and no network cannot be served.
	bare := newMachine(t, noGo)
	r = bare.run(nil, "up", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "no Go toolchain at all") {
		t.Fatalf("up with no Go and no network: %s", r)
	}
}
