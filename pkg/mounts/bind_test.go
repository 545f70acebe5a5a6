package mounts

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/mountns"
)

func TestBindStepInNamespace(t *testing.T) {
	if !mountns.Enter(t) {
		return
	}
	base := t.TempDir()
	src, dst := filepath.Join(base, "src"), filepath.Join(base, "dst")
	os.MkdirAll(filepath.Join(src, "sub"), 0o755)
	os.WriteFile(filepath.Join(src, "f"), []byte("hi"), 0o644)
	ctx := context.Background()
	r := &plan.Runner{Host: host.New("/", nil), Journal: filepath.Join(base, "journal.json"), Command: "test"}

	if _, err := r.Run(ctx, BindSteps(src, dst, false)); err != nil {
		t.Fatal(err)
	}
	if m, _ := mountinfo.Mounted(dst); !m {
		t.Fatal("not mounted")
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "f")); string(b) != "hi" {
		t.Fatal("bind does not show the source")
	}
	if res, err := r.Run(ctx, BindSteps(src, dst, false)); err != nil || res.Changed() {
		t.Fatalf("second bind: %v %+v", err, res)
	}
	// Another source onto the same mount point is refused.
	other := t.TempDir()
	if _, err := r.Run(ctx, BindSteps(other, dst, false)); err == nil || !strings.Contains(err.Error(), "mount point of something else") {
		t.Fatalf("bind over a mount: %v", err)
	}
	// A bind of the tree inside itself: the scan enters it once.
	loop := filepath.Join(src, "sub")
	if err := syscall.Mount(src, loop, "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	os.Symlink(`C:\x`, filepath.Join(src, "l"))
	s, err := ScanLinks(ctx, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Links) != 1 || len(s.Skipped) != 1 || !strings.Contains(s.Skipped[0], "already scanned") {
		t.Fatalf("scan through a bind loop: links %+v skipped %v", s.Links, s.Skipped)
	}
	syscall.Unmount(loop, syscall.MNT_DETACH)

	if _, err := r.Undo(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if m, _ := mountinfo.Mounted(dst); m {
		t.Fatal("still mounted after undo")
	}
	if _, err := os.Stat(dst); err == nil {
		t.Fatal("undo kept the target directory it created")
	}
	if _, err := os.Stat(filepath.Join(src, "f")); err != nil {
		t.Fatal("source damaged")
	}
}

func TestBindStepRefusesNonEmptyTarget(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dst, "mine"), nil, 0o644)
	s := &BindStep{Source: src, Target: dst}
	if _, err := s.Prepare(context.Background(), host.New("/", nil)); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("non-empty target: %v", err)
	}
	s.Force = true
	if ok, err := s.Prepare(context.Background(), host.New("/", nil)); err != nil || !ok {
		t.Fatalf("forced: %v %v", ok, err)
	}
}

func FuzzParseDirent(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 24, 0, 4, 'a', 'b', 0, 0, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for range len(b) + 1 {
			name, _, rest := parseDirent(b)
			if len(rest) >= len(b) && len(b) > 0 {
				t.Fatalf("no progress on %x", b)
			}
			if len(name) > len(b) {
				t.Fatal("name longer than record")
			}
			if b = rest; len(b) == 0 {
				return
			}
		}
	})
}
