package emit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

func TestFileStepsWriteSkipAndUndo(t *testing.T) {
	dir := t.TempDir()
	h := host.New("/", []string{"HOME=" + dir})
	if err := h.ResolveUser(dir); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(keep, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(dir, "journal.json"), Command: "emit"}
	files := []File{{keep, []byte("new\n"), 0o644}, {filepath.Join(dir, "sub", "install.sh"), []byte("#!/bin/sh\n"), 0o755}}
	ctx := context.Background()
	if _, err := r.Run(ctx, FileSteps(files)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(keep); string(b) != "new\n" {
		t.Fatalf("Dockerfile = %q", b)
	}
	if fi, err := os.Stat(files[1].Path); err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("install.sh: %v %v", fi, err)
	}
	res, err := r.Run(ctx, FileSteps(files))
	if err != nil || res.Changed() {
		t.Fatalf("second run changed something: %+v %v", res, err)
	}
	if _, err := r.Undo(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(keep); string(b) != "old\n" {
		t.Fatalf("after undo Dockerfile = %q", b)
	}
	if _, err := os.Stat(files[1].Path); !os.IsNotExist(err) {
		t.Fatalf("install.sh survived undo: %v", err)
	}
}

func TestRemoveStepsRemoveOnlyRegularFilesAndUndo(t *testing.T) {
	dir := t.TempDir()
	h := host.New("/", []string{"HOME=" + dir})
	if err := h.ResolveUser(dir); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "devboot-linux-arm64")
	if err := os.WriteFile(old, []byte("\x7fELF old build"), 0o750); err != nil {
		t.Fatal(err)
	}
	link, sub := filepath.Join(dir, "devboot-linux-amd64"), filepath.Join(dir, "devboot-linux-riscv64")
	if err := os.Symlink(old, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(dir, "journal.json"), Command: "emit"}
	ctx := context.Background()
	steps := func() []plan.Step { return RemoveSteps([]string{old, link, sub, filepath.Join(dir, "absent")}) }
	res, err := r.Run(ctx, steps())
	if err != nil {
		t.Fatal(err)
	}
	var applied []string
	for _, s := range res.Steps {
		if s.Status == plan.StatusApplied {
			applied = append(applied, s.Summary)
		}
	}
	if len(applied) != 1 || applied[0] != "remove "+old {
		t.Fatalf("applied %v, want only the removal of %s", applied, old)
	}
	if _, err := os.Lstat(old); !os.IsNotExist(err) {
		t.Fatalf("%s survived: %v", old, err)
	}
	for _, p := range []string{link, sub} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s, not a regular file, was removed: %v", p, err)
		}
	}
	if res, err := r.Run(ctx, steps()); err != nil || res.Changed() {
		t.Fatalf("second run changed something: %+v %v", res, err)
	}
	if _, err := r.Undo(ctx, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(old)
	if fi, _ := os.Stat(old); err != nil || string(b) != "\x7fELF old build" || fi.Mode().Perm() != 0o750 {
		t.Fatalf("after undo: %q %v %v", b, fi, err)
	}
}
