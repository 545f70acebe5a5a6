package mounts

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

func TestRelinkApplyUndoExact(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	olds := map[string]string{"a/x": `C:\Users\me\go\b`, "y": "/mnt/c/Users/me/go/a", "z": "/mnt/c/gone"}
	for p, target := range olds {
		if err := os.Symlink(target, filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	step := &RelinkStep{Dir: dir, Links: []LinkChange{
		{Path: "a/x", Old: olds["a/x"], New: "../b"},
		{Path: "y", Old: olds["y"], New: "a"},
		{Path: "z", Old: "stale", New: "/nowhere"}, // changed since the scan: dropped
	}}
	h := host.New("/", nil)
	r := &plan.Runner{Host: h, Journal: filepath.Join(t.TempDir(), "journal.json"), Command: "symlinks rewrite"}
	if _, err := r.Run(context.Background(), []plan.Step{step}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"a/x": "../b", "y": "a", "z": olds["z"]} {
		if got, _ := os.Readlink(filepath.Join(dir, p)); got != want {
			t.Errorf("%s -> %q, want %q", p, got, want)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*", ".devboot-relink-*")); len(matches) > 0 {
		t.Fatalf("temporary links left: %v", matches)
	}
	// The user re-points one link; undo restores the other and names it.
	os.Remove(filepath.Join(dir, "y"))
	os.Symlink("mine", filepath.Join(dir, "y"))
	_, err := r.Undo(context.Background(), func(e plan.Entry) bool { return e.Scope == dir })
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "y")) {
		t.Fatalf("undo should name the changed link: %v", err)
	}
	if got, _ := os.Readlink(filepath.Join(dir, "a/x")); got != olds["a/x"] {
		t.Fatalf("a/x -> %q, want the original %q", got, olds["a/x"])
	}
	// Once the user deletes it, restore completes and empties the journal.
	os.Remove(filepath.Join(dir, "y"))
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if entries, _ := plan.LoadJournal(r.Journal); len(entries) != 0 {
		t.Fatalf("journal not emptied: %+v", entries)
	}
}
