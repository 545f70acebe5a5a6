package up

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// fileStep stands for a downloaded toolchain: a file down keeps unless --purge.
type fileStep struct{ Path string }

func (s *fileStep) Kind() string     { return "uptest.file" }
func (s *fileStep) Describe() string { return "create " + s.Path }
func (s *fileStep) Prepare(context.Context, *host.Host) (bool, error) {
	_, err := os.Stat(s.Path)
	return err != nil, nil
}
func (s *fileStep) Apply(context.Context, *host.Host) error { return os.WriteFile(s.Path, nil, 0o644) }
func (s *fileStep) Undo(context.Context, *host.Host) error {
	if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func init() { plan.Register("uptest.file", func() plan.Step { return &fileStep{} }) }

func TestDownLeavesTheHomeAsBefore(t *testing.T) {
	home := t.TempDir()
	h := host.New("/", []string{"HOME=" + home})
	if err := h.ResolveUser(""); err != nil {
		t.Fatal(err)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "up"}
	kept := filepath.Join(home, "kept")
	steps := func() []plan.Step {
		return []plan.Step{&DirsStep{Dirs: []string{h.DataDir(), filepath.Join(h.DataDir(), "bin")}}, goenv.SetStep("GOPROXY", "off"), &fileStep{Path: kept}}
	}
	ctx := context.Background()
	if _, err := r.Run(ctx, steps()); err != nil {
		t.Fatal(err)
	}
	isKept := func(e plan.Entry) bool { return e.Kind == "uptest.file" }

	// Without purge the "download" and its journal entry stay.
	if _, err := Down(ctx, r, DownOptions{Kept: isKept, Yes: true}); err != nil {
		t.Fatal(err)
	}
	entries, err := plan.LoadJournal(r.Journal)
	if err != nil || len(entries) != 2 || entries[0].Kind != KindDirs || entries[1].Kind != "uptest.file" {
		t.Fatalf("journal after down: want the data dir and the download left, got %v %+v", err, entries)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatalf("down without --purge removed the download: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "go")); err == nil {
		t.Fatal("go env setting not undone")
	}

	// Up again, then down --purge: nothing of up is left, not even its journal.
	if _, err := r.Run(ctx, steps()); err != nil {
		t.Fatal(err)
	}
	if _, err := Down(ctx, r, DownOptions{Kept: isKept, Purge: true, Yes: true}); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(home)
	if len(left) != 0 {
		t.Fatalf("home not empty after down --purge: %v", left)
	}
}
