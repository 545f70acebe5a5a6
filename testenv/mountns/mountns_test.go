package mountns

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A bind mount made in the child is visible there and absent here after.
func TestBindStaysInChild(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "devboot-mountns-test")
	if !Enter(t) {
		data, _ := os.ReadFile("/proc/self/mountinfo")
		if strings.Contains(string(data), dir) {
			t.Fatalf("mount leaked into the parent namespace")
		}
		return
	}
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	os.MkdirAll(src, 0o755)
	os.MkdirAll(dst, 0o755)
	os.WriteFile(filepath.Join(src, "f"), []byte("hi"), 0o644)
	if err := syscall.Mount(src, dst, "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "f")); err != nil || string(b) != "hi" {
		t.Fatalf("bind not visible: %v", err)
	}
}
