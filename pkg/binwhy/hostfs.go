package binwhy

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// realpath resolves p's symlinks inside h's root, so an absolute link target
// in a fixture root (or chroot) stays in that root instead of escaping to
// the machine running devboot. It returns the resolved host path.
func realpath(h *host.Host, p string) (string, error) {
	const maxLinks = 40 // ELOOP limit of Linux
	links := 0
	resolved := "/"
	rest := strings.Split(path.Clean("/"+p), "/")
	for len(rest) > 0 {
		comp := rest[0]
		rest = rest[1:]
		if comp == "" || comp == "." {
			continue
		}
		if comp == ".." {
			resolved = path.Dir(resolved)
			continue
		}
		next := path.Join(resolved, comp)
		fi, err := h.Lstat(next)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		if links++; links > maxLinks {
			return "", errors.New("too many levels of symbolic links")
		}
		target, err := h.Readlink(next)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") {
			resolved = "/"
		}
		rest = append(strings.Split(target, "/"), rest...)
	}
	return resolved, nil
}

// statIn stats p inside the root, following links the way realpath does.
func statIn(h *host.Host, p string) (string, fs.FileInfo, error) {
	real, err := realpath(h, p)
	if err != nil {
		return "", nil, err
	}
	fi, err := h.Stat(real)
	return real, fi, err
}
