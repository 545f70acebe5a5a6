package fsutil

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		p, dir string
		want   bool
	}{
		{"/a/b", "/a/b", true},
		{"/a/b/c", "/a/b", true},
		{"/a/bc", "/a/b", false}, // a sibling sharing the prefix
		{"/a", "/a/b", false},    // the parent is not inside the child
		{"/a/b/", "/a/b", true},
		{"/a/b", "/a/b/", true},
		{"/a/b/c/", "/a/b//", true},
		{"//a//b/c", "/a/b", true},
		{"/", "/", true},
		{"/x/y", "/", true},
		{"/..", "/", true},
		{"x", "/", false}, // "/" holds absolute paths only
		{"/a/b/..", "/a/b", false},
		{"/a/b/../c", "/a/b", false},
		{"/a/../a/b", "/a", true},
		{"/a/b/./c", "/a/b/.", true},
		{"a/b", "a", true},
		{"a", ".", true},
		{".", ".", true},
		{"..", ".", false},
		{"../x", ".", false},
		{"/a", ".", false},
		{"../x", "..", true},
		{"../..", "..", false},
		{"../../x", "..", false},
		{"a", "/a", false},
		{"/a", "a", false},
		{"", "/", false},
		{"/a", "", false},
		{"", "", false},
	} {
		if got := Within(tc.p, tc.dir); got != tc.want {
			t.Errorf("Within(%q, %q) = %v, want %v", tc.p, tc.dir, got, tc.want)
		}
	}
}

// Within agrees with the definition through filepath.Rel (p is reachable
// from dir without going up) on every pair of awkward paths.
func TestWithinAgreesWithRel(t *testing.T) {
	paths := []string{"/", "/a", "/a/", "/a/b", "/a/bc", "/ab", "/a/..", "/a/../b", "//a", "/a/./b",
		".", "..", "../..", "../a", "a", "a/b", "a/..", "./a", "ab", "../../a"}
	for _, p := range paths {
		for _, dir := range paths {
			rel, err := filepath.Rel(dir, p)
			want := err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
			if got := Within(p, dir); got != want {
				t.Errorf("Within(%q, %q) = %v; filepath.Rel gives %q, %v", p, dir, got, rel, err)
			}
		}
	}
}

func BenchmarkWithin(b *testing.B) {
	for b.Loop() {
		Within("/home/me/src/project/vendor/x/y.go", "/home/me/src/project")
	}
}
