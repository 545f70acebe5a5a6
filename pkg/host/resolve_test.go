package host

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

// linkChain makes prefix0 -> prefix1 -> ... -> prefix<n-1> -> to: n links.
func linkChain(t *testing.T, dir, prefix string, n int, to string) {
	t.Helper()
	for i := range n {
		target := fmt.Sprintf("%s%d", prefix, i+1)
		if i == n-1 {
			target = to
		}
		if err := os.Symlink(target, filepath.Join(dir, fmt.Sprintf("%s%d", prefix, i))); err != nil {
			t.Fatal(err)
		}
	}
}

// With Root "/", Resolve is filepath.EvalSymlinks.
func TestResolveAgreesWithEvalSymlinks(t *testing.T) {
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	roots.Write(t, tmp, roots.Tree{
		"/d/f":      "file",
		"/d/sub/":   "",
		"/rel":      "->d/sub",
		"/abs":      "->" + tmp + "/d",
		"/chain":    "->rel",
		"/up":       "->../..",
		"/dotdot":   "->d/sub/..",
		"/self":     "->.",
		"/flink":    "->d/f",
		"/dangling": "->nowhere",
		"/loop1":    "->loop2",
		"/loop2":    "->loop1",
		"/d/sub/in": "->../../abs/sub/../f",
	})
	linkChain(t, tmp, "max", 255, "d/f") // exactly the limit
	linkChain(t, tmp, "over", 256, "d/f")
	h := New("/", nil)
	for _, p := range []string{
		"/", "/..", tmp, tmp + "/", tmp + "/d/f", tmp + "/d/./sub//", tmp + "/../..",
		tmp + "/d/f/", tmp + "/d/f/x", tmp + "/d/f/..",
		tmp + "/rel", tmp + "/rel/..", tmp + "/rel/../f", tmp + "/abs/sub", tmp + "/chain/../f",
		tmp + "/up", tmp + "/up/..", tmp + "/dotdot/f", tmp + "/self/self/d/f", tmp + "/d/sub/in",
		tmp + "/flink", tmp + "/flink/", tmp + "/dangling", tmp + "/dangling/x", tmp + "/missing",
		tmp + "/loop1", tmp + "/max0", tmp + "/over0",
	} {
		got, err := h.Resolve(p)
		want, werr := filepath.EvalSymlinks(p)
		if (err == nil) != (werr == nil) || errors.Is(err, fs.ErrNotExist) != errors.Is(werr, fs.ErrNotExist) {
			t.Errorf("Resolve(%q) = %q, %v; EvalSymlinks = %q, %v", p, got, err, want, werr)
		} else if err == nil && got != want {
			t.Errorf("Resolve(%q) = %q, EvalSymlinks = %q", p, got, want)
		}
	}
}

// Under a fixture root, links resolve inside it: an absolute target is
// the fixture's path, never the machine's.
func TestResolveStaysInRoot(t *testing.T) {
	root := roots.Build(t, roots.Tree{
		"/usr/lib/go-1.19/bin/go": "fixture go",
		"/usr/lib/go":             "->go-1.19",
		"/usr/bin/go":             "->/usr/lib/go-1.19/bin/go",
		"/etc/alternatives/go":    "->/usr/lib/go/bin/go",
		"/usr/local/bin/go":       "->/etc/alternatives/go",
		"/bin":                    "->usr/bin",
		"/etc/passwd":             "fixture passwd",
		"/home/me/escape":         "->../../../../../../etc",
		"/home/me/abs":            "->/../../../etc/passwd",
		"/home/me/self":           "->/proc/self", // on every Linux, but not in the fixture
		"/loop/a":                 "->b",
		"/loop/b":                 "->/loop/a",
	})
	h := New(root, nil)
	for _, tc := range []struct{ p, want string }{
		{"/usr/bin/go", "/usr/lib/go-1.19/bin/go"},
		{"/bin/go", "/usr/lib/go-1.19/bin/go"},
		{"/usr/local/bin/go", "/usr/lib/go-1.19/bin/go"},
		{"/usr/bin/../lib/go/bin/go", "/usr/lib/go-1.19/bin/go"},
		{"/../../usr/bin/go", "/usr/lib/go-1.19/bin/go"},
		{"/home/me/escape/passwd", "/etc/passwd"},
		{"/home/me/escape/../..", "/"},
		{"/home/me/abs", "/etc/passwd"},
	} {
		got, err := h.Resolve(tc.p)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.p, got, err, tc.want)
			continue
		}
		if _, err := h.Lstat(got); err != nil {
			t.Errorf("%s resolved to %s, which is not in the fixture: %v", tc.p, got, err)
		}
	}

	// Missing: an error, and the path resolved as far as it exists.
	got, err := h.Resolve("/usr/lib/go/bin/gofmt/x")
	if !errors.Is(err, fs.ErrNotExist) || got != "/usr/lib/go-1.19/bin/gofmt/x" {
		t.Errorf("missing file: %q, %v", got, err)
	}
	if got, err := h.Resolve("/home/me/self/exe"); !errors.Is(err, fs.ErrNotExist) || got != "/proc/self/exe" {
		t.Errorf("link to /proc/self, absent from the fixture: %q, %v; want not found", got, err)
	}
	if _, err := h.Resolve("/loop/a"); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("loop: %v, want ELOOP", err)
	}
	if _, err := h.Resolve("/usr/bin/go/x"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("below a file: %v, want ENOTDIR", err)
	}
	if _, err := h.Resolve("usr/bin/go"); err == nil {
		t.Error("relative path resolved")
	}

	// Resolved always has an answer.
	for p, want := range map[string]string{
		"/bin/go":                 "/usr/lib/go-1.19/bin/go",
		"/usr/lib/go/bin/gofmt/x": "/usr/lib/go-1.19/bin/gofmt/x",
		"/loop/a/":                "/loop/a",
		"usr/bin/../go":           "usr/go",
	} {
		if got := h.Resolved(p); got != want {
			t.Errorf("Resolved(%q) = %q, want %q", p, got, want)
		}
	}
}
