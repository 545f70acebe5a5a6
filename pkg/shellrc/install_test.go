package shellrc

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// TestInstallUninstallByteIdentical: files with existing content (CRLF, no
// final newline, a symlink into a dotfiles repo with mode 0600, an old
// block in the middle) keep every byte outside the block, and undoing the
// install restores every file (and removes every created one) exactly.
func TestInstallUninstallByteIdentical(t *testing.T) {
	h, home := newHome(t)
	dotfiles := filepath.Join(home, "dotfiles")
	write(t, filepath.Join(dotfiles, "profile"), "# mine\nexport EDITOR=vi", 0o600) // no final newline
	os.Symlink("dotfiles/profile", filepath.Join(home, ".profile"))
	write(t, filepath.Join(home, ".bashrc"), "alias l=ls\r\nexport X=1\r\n", 0o644)
	oldBlock := Wrap("export PATH=/old/go/bin:$PATH\n")
	write(t, filepath.Join(home, ".zshenv"), "setopt x\n"+oldBlock+"export Y=2\n", 0o640)
	journal := filepath.Join(t.TempDir(), "journal.json")
	before := snapshot(t, home)

	r := runner(t, h, journal)
	install(t, r)

	prof := read(t, filepath.Join(dotfiles, "profile"))
	if !strings.HasPrefix(prof, "# mine\nexport EDITOR=vi\n"+BeginMarker) || strings.HasSuffix(prof, "\n") {
		t.Fatalf(".profile: %q", prof)
	}
	if fi, _ := os.Lstat(filepath.Join(home, ".profile")); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal(".profile is no longer a symlink")
	}
	if fi, _ := os.Stat(filepath.Join(dotfiles, "profile")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("symlink target mode now %v", fi.Mode())
	}
	rc := read(t, filepath.Join(home, ".bashrc"))
	// The user's CRLF lines stay CRLF; devboot's block is LF (shells read a
	// CR before LF as part of the line).
	if block, ok := strings.CutPrefix(rc, "alias l=ls\r\nexport X=1\r\n"+BeginMarker+"\n"); !ok || strings.Contains(block, "\r") {
		t.Fatalf(".bashrc: %q", rc)
	}
	zshenv := read(t, filepath.Join(home, ".zshenv"))
	if !strings.HasPrefix(zshenv, "setopt x\n"+BeginMarker) || !strings.HasSuffix(zshenv, EndMarker+"\nexport Y=2\n") || strings.Contains(zshenv, "/old/go") {
		t.Fatalf(".zshenv old block not replaced in place: %q", zshenv)
	}
	// A second install changes nothing.
	if res := install(t, r); res.Changed() {
		t.Fatalf("second install changed: %+v", res.Steps)
	}

	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	diffSnapshots(t, before, snapshot(t, home))
}

// TestUninstallStepsWithoutJournal removes the blocks and devboot's own
// files even when the journal is gone.
func TestUninstallStepsWithoutJournal(t *testing.T) {
	h, home := newHome(t)
	write(t, filepath.Join(home, ".bashrc"), "alias l=ls\n", 0o644)
	before := read(t, filepath.Join(home, ".bashrc"))
	install(t, runner(t, h, filepath.Join(t.TempDir(), "j1.json")))
	r := runner(t, h, filepath.Join(t.TempDir(), "j2.json"))
	if _, err := r.Run(context.Background(), UninstallSteps(h)); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(home, ".bashrc")); got != before {
		t.Fatalf(".bashrc %q, want %q", got, before)
	}
	for _, st := range Status(h, mustEnv(t, h)) {
		if st.Block != BlockMissing {
			t.Errorf("%s still %s", st.Path, st.Block)
		}
		if st.Owned && st.Exists {
			t.Errorf("%s (devboot's own file) still exists", st.Path)
		}
	}
	// Undoing the uninstall puts the blocks back.
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, st := range Status(h, mustEnv(t, h)) {
		if st.Wanted && st.Block != BlockCurrent {
			t.Errorf("after undoing uninstall %s is %s", st.Path, st.Block)
		}
	}
}

func TestDuplicatedBlockCollapsedWithWarning(t *testing.T) {
	h, home := newHome(t)
	old := Wrap("export OLD=1\n")
	write(t, filepath.Join(home, ".bashrc"), "a\n"+old+"b\n"+old+"c\n", 0o644)
	if st := statusOf(t, h, ".bashrc"); st.Block != BlockDuplicated {
		t.Fatalf("status %q, want duplicated", st.Block)
	}
	res := install(t, runner(t, h, filepath.Join(t.TempDir(), "journal.json")))
	var warned bool
	for _, s := range res.Steps {
		warned = warned || strings.Contains(s.Summary, ".bashrc") && strings.Contains(s.Summary, "warning: the block was pasted 2 times")
	}
	if !warned {
		t.Fatalf("no warning in %+v", res.Steps)
	}
	got := read(t, filepath.Join(home, ".bashrc"))
	if strings.Count(got, BeginMarker) != 1 || !strings.HasPrefix(got, "a\n"+BeginMarker) || !strings.HasSuffix(got, EndMarker+"\nb\nc\n") {
		t.Fatalf(".bashrc: %q", got)
	}
	if st := statusOf(t, h, ".bashrc"); st.Block != BlockCurrent {
		t.Fatalf("status after install %q", st.Block)
	}
}

func TestReadOnlyRcFileNothingWritten(t *testing.T) {
	h, home := newHome(t)
	write(t, filepath.Join(home, ".bashrc"), "alias l=ls\n", 0o444)
	before := snapshot(t, home)
	e := mustEnv(t, h)
	steps, _ := InstallSteps(h, e)
	_, err := runner(t, h, filepath.Join(t.TempDir(), "journal.json")).Run(context.Background(), steps)
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), "chmod u+w") {
		t.Fatalf("want a clear read-only error, got %v", err)
	}
	diffSnapshots(t, before, snapshot(t, home))
}

func TestDryRunChangesNothingAndShowsDiff(t *testing.T) {
	h, home := newHome(t)
	write(t, filepath.Join(home, ".bashrc"), "alias l=ls\n", 0o644)
	before := snapshot(t, home)
	var out bytes.Buffer
	r := runner(t, h, filepath.Join(home, ".local/share/devboot/journal.json"))
	r.DryRun, r.Out = true, &out
	res := install(t, r)
	diffSnapshots(t, before, snapshot(t, home))
	if !res.Changed() || !strings.Contains(out.String(), "+++ "+filepath.Join(home, ".bashrc")) ||
		!strings.Contains(out.String(), "     alias l=ls\n    +"+BeginMarker+"\n") {
		t.Fatalf("dry-run output lacks the diff:\n%s", out.String())
	}
}

func TestBrokenMarkersRefused(t *testing.T) {
	h, home := newHome(t)
	write(t, filepath.Join(home, ".bashrc"), "a\n"+BeginMarker+"\nexport X=1\n", 0o644)
	before := snapshot(t, home)
	steps, _ := InstallSteps(h, mustEnv(t, h))
	_, err := runner(t, h, filepath.Join(t.TempDir(), "j.json")).Run(context.Background(), steps)
	if err == nil || !strings.Contains(err.Error(), "never ends") {
		t.Fatalf("want an unterminated-block error, got %v", err)
	}
	diffSnapshots(t, before, snapshot(t, home))
}

func statusOf(t *testing.T, h *host.Host, name string) FileStatus {
	t.Helper()
	for _, st := range Status(h, mustEnv(t, h)) {
		if filepath.Base(st.Path) == name {
			return st
		}
	}
	t.Fatalf("no status for %s", name)
	return FileStatus{}
}

func mustEnv(t testing.TB, h *host.Host) goenv.Env {
	t.Helper()
	e, err := goenv.Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestUndoKeepsLaterUserEdits: after the user edits outside the block, undo
// removes only devboot's block and keeps the edit.
func TestUndoKeepsLaterUserEdits(t *testing.T) {
	h, home := newHome(t)
	rc := filepath.Join(home, ".bashrc")
	write(t, rc, "alias l=ls\n", 0o644)
	r := runner(t, h, filepath.Join(t.TempDir(), "journal.json"))
	install(t, r)
	f, _ := os.OpenFile(rc, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("export MINE=1\n")
	f.Close()
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := read(t, rc); got != "alias l=ls\nexport MINE=1\n" {
		t.Fatalf(".bashrc after undo: %q", got)
	}
}
