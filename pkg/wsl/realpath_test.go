package wsl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
)

func TestRealpath(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	h := host.New("/", nil)
	for in, want := range map[string]string{
		dir + "/link":         dir + "/real",
		dir + "/link/":        dir + "/real/",
		dir + "/link/missing": dir + "/link/missing", // as wslpath: ENOENT keeps the input
	} {
		if got := Realpath(h, in); got != want {
			t.Errorf("Realpath(%s) = %s, want %s", in, got, want)
		}
	}
	t.Chdir(dir)
	if got := Realpath(h, "link"); got != dir+"/real" {
		t.Errorf("Realpath(link) from %s = %s, want the absolute target", dir, got)
	}
	// In a fixture root, links would resolve against the real /: left alone.
	if got := Realpath(host.New(dir, nil), "/link"); got != "/link" {
		t.Errorf("Realpath in a fixture = %s", got)
	}
}
