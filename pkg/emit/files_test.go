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
