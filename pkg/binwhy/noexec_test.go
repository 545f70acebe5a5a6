package binwhy

import (
	"path/filepath"
	"testing"

	"github.com/moby/sys/mount"

	"github.com/devboot/devboot/testenv/mountns"
)

func TestNoexecMount(t *testing.T) {
	if !mountns.Enter(t) {
		return
	}
	dir := t.TempDir()
	if err := mount.Mount("tmpfs", dir, "tmpfs", "noexec,size=16m"); err != nil {
		t.Fatalf("mount noexec tmpfs: %v", err)
	}
	t.Cleanup(func() { _ = mount.Unmount(dir) })
	copyFile(t, "/bin/true", filepath.Join(dir, "prog"), 0o755)
	r := Diagnose(testHost(t, "/", "PATH="+dir), "prog", "")
	wantBroken(t, r, LayerExec, "noexec", dir)

	// The same program on an exec mount passes that layer.
	execDir := t.TempDir()
	if err := mount.Mount("tmpfs", execDir, "tmpfs", "size=16m"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mount.Unmount(execDir) })
	copyFile(t, "/bin/true", filepath.Join(execDir, "prog"), 0o755)
	wantRuns(t, Diagnose(testHost(t, "/", "PATH="+execDir), "prog", ""))
}
