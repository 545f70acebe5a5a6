package shellrc

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
)

// TestMain doubles as the child process of TestConcurrentInstalls.
func TestMain(m *testing.M) {
	if home := os.Getenv("SHELLRC_TEST_CHILD_HOME"); home != "" {
		h := host.New("/", []string{"HOME=" + home, "PATH=" + basePATH})
		if err := h.ResolveUser(home); err != nil {
			panic(err)
		}
		install(&childTB{}, runner(nil, h, os.Getenv("SHELLRC_TEST_CHILD_JOURNAL")))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childTB lets the test helpers run outside a test: failures panic.
type childTB struct{ testing.TB }

func (c *childTB) Helper()                   {}
func (c *childTB) Fatal(args ...any)         { panic(args) }
func (c *childTB) Fatalf(f string, a ...any) { panic(a) }

// TestConcurrentInstalls starts two devboot installs at once, as two
// processes sharing the journal: every file must end with exactly one
// block, and undoing the journal must restore the home exactly.
func TestConcurrentInstalls(t *testing.T) {
	h, home := newHome(t)
	write(t, filepath.Join(home, ".bashrc"), "alias l=ls\n", 0o644)
	journal := filepath.Join(t.TempDir(), "journal.json")
	before := snapshot(t, home)
	var cmds []*exec.Cmd
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SHELLRC_TEST_CHILD_HOME="+home, "SHELLRC_TEST_CHILD_JOURNAL="+journal)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("child install: %v", err)
		}
	}
	for _, tg := range Targets(h) {
		if n := strings.Count(read(t, tg.Path), BeginMarker); n != 1 {
			t.Errorf("%s has %d blocks after two concurrent installs", tg.Path, n)
		}
	}
	if _, err := runner(t, h, journal).Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	diffSnapshots(t, before, snapshot(t, home))
}
