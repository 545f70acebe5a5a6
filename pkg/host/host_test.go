package host

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

// Reads through a fixture root follow its absolute links inside it, never
// to the files of the machine running the test (which has /etc/os-release,
// /bin and /etc/passwd of its own).
func TestReadsFollowLinksInsideRoot(t *testing.T) {
	root := t.TempDir()
	roots.Write(t, root, roots.Tree{
		"/usr/lib/os-release": "ID=fixture\n",
		"/etc/os-release":     "->/usr/lib/os-release",
		"/usr/share/x/":       "",
		"/usr/share/x/f":      "in the fixture",
		"/lib":                "->/usr/share",
		"/etc/passwd-link":    "->/etc/passwd", // absent from the fixture
	})
	h := New(root, nil)

	if b, err := h.ReadFile("/etc/os-release"); err != nil || string(b) != "ID=fixture\n" {
		t.Errorf("ReadFile through an absolute link: %q, %v", b, err)
	}
	if fi, err := h.Stat("/etc/os-release"); err != nil || fi.Size() != int64(len("ID=fixture\n")) {
		t.Errorf("Stat through an absolute link: %v, %v", fi, err)
	}
	if fi, err := h.Lstat("/etc/os-release"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("Lstat must see the link itself: %v, %v", fi, err)
	}
	if target, err := h.Readlink("/etc/os-release"); err != nil || target != "/usr/lib/os-release" {
		t.Errorf("Readlink: %q, %v", target, err)
	}
	if ents, err := h.ReadDir("/lib/x"); err != nil || len(ents) != 1 || ents[0].Name() != "f" {
		t.Errorf("ReadDir through a directory link: %v, %v", ents, err)
	}
	if b, err := h.ReadFile("/lib/x/f"); err != nil || string(b) != "in the fixture" {
		t.Errorf("ReadFile below a directory link: %q, %v", b, err)
	}
	if h.Exists("/etc/passwd-link") {
		t.Error("a link to a file only the real machine has counts as existing")
	}
	if fi, err := h.Lstat("/lib/x/f"); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Lstat below a directory link: %v, %v", fi, err)
	}
}

// ".." after a link climbs from the link's target, as the kernel does, and
// a path through a missing directory is missing, however it continues.
func TestReadsTreatDotDotLikeTheKernel(t *testing.T) {
	root := t.TempDir()
	roots.Write(t, root, roots.Tree{
		"/b/c/":           "",
		"/b/x":            "below b",
		"/x":              "at the top",
		"/a":              "->/b/c",
		"/etc/os-release": "ID=fixture\n",
	})
	h := New(root, nil)
	if b, err := h.ReadFile("/a/../x"); err != nil || string(b) != "below b" {
		t.Errorf(`ReadFile("/a/../x") = %q, %v; want /b/x's "below b"`, b, err)
	}
	if fi, err := h.Lstat("/a/../x"); err != nil || fi.Size() != int64(len("below b")) {
		t.Errorf(`Lstat("/a/../x") = %v, %v; want /b/x`, fi, err)
	}
	if b, err := h.ReadFile("/missing/../etc/os-release"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a path through a missing directory read %q, %v; want not found", b, err)
	}
	if fi, err := h.Lstat("/a/.."); err != nil || !fi.IsDir() {
		t.Errorf(`Lstat("/a/..") = %v, %v; want the directory /b`, fi, err)
	}
}
