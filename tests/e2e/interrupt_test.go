package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/mountns"
)

// journalStates reads the states of up's journal entries.
func (m *machine) journalStates() []string {
	m.t.Helper()
	data, err := os.ReadFile(filepath.Join(m.home, ".local/share/devboot/journal.json"))
	if err != nil {
		m.t.Fatal(err)
	}
	var j struct{ Entries []struct{ State string } }
	if err := json.Unmarshal(data, &j); err != nil {
		m.t.Fatal(err)
	}
	var states []string
	for _, e := range j.Entries {
		states = append(states, e.State)
	}
	return states
}

// TestInterruptedUp kills up (SIGKILL, through the test-only hook) at each
// step it applies, alternately just before and just after the step's
// change, and checks both ways out, alternating too: down undoes the
// half-done up exactly, or up again completes it (and down then undoes all).
func TestInterruptedUp(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	m := newMachine(t, bareSystemd)
	want := systemVersion(t)
	before := snapshot(t, m.home)
	for n := 1; ; n++ {
		when := map[bool]string{true: "before", false: "after"}[n%2 == 1]
		recoverByUp := (n-1)/2%2 == 1
		r := m.run([]string{fmt.Sprintf("DEVBOOT_TEST_KILL=%d:%s", n, when)}, "up", "--yes")
		if r.code == 0 {
			// Fewer than n steps: nothing left to interrupt.
			if n < 7 {
				t.Fatalf("up applies only %d steps: too few kill points for this test to mean much", n-1)
			}
			break
		}
		if r.code != -1 {
			t.Fatalf("up with a kill %s step %d: want SIGKILL, got %s", when, n, r)
		}
		// Killed before or after its change, the step is journaled as
		// started (recorded before it runs, never marked done), the
		// earlier ones as applied.
		states := m.journalStates()
		if len(states) != n || states[n-1] != "started" || strings.Count(strings.Join(states, " "), "applied") != n-1 {
			t.Fatalf("kill %s step %d: journal states %v", when, n, states)
		}
		if recoverByUp {
			again := m.must("up", "--yes")
			if !strings.Contains(again.stdout, "verify ok") {
				t.Fatalf("up after a kill %s step %d did not verify:\n%s", when, n, again)
			}
			if !strings.Contains(m.must("up", "--yes").stdout, "Nothing to do") {
				t.Fatalf("up after the recovery was not a no-op")
			}
		}
		m.must("down", "--yes", "--purge")
		assertSame(t, fmt.Sprintf("down after a kill %s step %d (recovered by up: %v)", when, n, recoverByUp), before, snapshot(t, m.home), false)
	}
	m.must("up", "--yes")
	m.checkGoWorks(want)
}
