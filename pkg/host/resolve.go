package host

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// maxLinks is how many symlinks Resolve follows before giving up, as
// filepath.EvalSymlinks does.
const maxLinks = 255

// Resolve follows every symlink in the absolute host path p inside Root, as
// filepath.EvalSymlinks does on "/", and returns the resolved path as seen
// inside Root. An absolute link target is a host path, so it restarts at
// Root rather than at the real "/", and ".." never climbs above Root: a
// link in a fixture root never leads to the machine running devboot.
//
// When a component does not exist the error wraps fs.ErrNotExist and the
// path is still returned, resolved as far as it exists with the rest
// joined lexically: where a file yet to be created would be. Reads must
// not use that path (InRoot and the read methods return the error).
func (h *Host) Resolve(p string) (string, error) {
	if !filepath.IsAbs(p) {
		return "", &fs.PathError{Op: "resolve", Path: p, Err: errors.New("not an absolute path")}
	}
	resolved := "/"
	rest := strings.Split(p, "/") // components still to walk; "" and "." are no-ops
	for links := 0; len(rest) > 0; {
		name := rest[0]
		rest = rest[1:]
		switch name {
		case "", ".":
			continue
		case "..":
			resolved = filepath.Dir(resolved) // Dir("/") is "/"
			continue
		}
		next := filepath.Join(resolved, name)
		fi, err := os.Lstat(h.Path(next)) // next is resolved: lexical is exact
		if errors.Is(err, fs.ErrNotExist) {
			return filepath.Join(append([]string{next}, rest...)...), err
		} else if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if !fi.IsDir() && len(rest) > 0 {
				// "file/x", "file/" and "file/.." all fail, as in the kernel.
				return "", &fs.PathError{Op: "resolve", Path: next, Err: syscall.ENOTDIR}
			}
			resolved = next
			continue
		}
		if links++; links > maxLinks {
			return "", &fs.PathError{Op: "resolve", Path: p, Err: syscall.ELOOP}
		}
		target, err := os.Readlink(h.Path(next))
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) {
			resolved = "/"
		}
		// A relative target is walked from the link's directory, resolved.
		rest = append(strings.Split(target, "/"), rest...)
	}
	return resolved, nil
}

// Resolved is Resolve for callers that need a path to classify or compare
// whatever happens (which mount holds it, is it under GOROOT): p resolved
// as far as it exists, or p cleaned when it cannot be resolved at all (a
// link loop, a relative path). To read the file, use InRoot or the read
// methods, which fail where the kernel would.
func (h *Host) Resolved(p string) string {
	if real, _ := h.Resolve(p); real != "" {
		return real
	}
	return filepath.Clean(p)
}
