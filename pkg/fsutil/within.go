package fsutil

import (
	"path/filepath"
	"strings"
)

// Within reports whether path p is dir or lies below it, comparing the
// cleaned paths lexically (no symlinks are followed: callers that need them
// resolved resolve first). "/" contains every absolute path; an empty p or
// dir is in nothing and contains nothing.
func Within(p, dir string) bool {
	if p == "" || dir == "" {
		return false
	}
	// Clean returns its argument unchanged, without allocating, for paths
	// that are already clean: the common case in scans over many links.
	p, dir = filepath.Clean(p), filepath.Clean(dir)
	var rest string // p below dir, without the separator
	switch {
	case p == dir:
		return true
	case dir == "/":
		return strings.HasPrefix(p, "/")
	case dir == ".":
		if filepath.IsAbs(p) {
			return false
		}
		rest = p
	case len(p) > len(dir) && p[len(dir)] == '/' && strings.HasPrefix(p, dir):
		rest = p[len(dir)+1:]
	default:
		return false
	}
	// Clean keeps ".." only at the front of a relative path, so a rest that
	// starts with it climbs out of dir ("../.." is not below "..").
	return rest != ".." && !strings.HasPrefix(rest, "../")
}
