package binwhy

import (
	"io/fs"
	"path"

	"github.com/devboot/devboot/pkg/host"
)

// statIn stats p inside the root with its links followed there
// (host.Resolve), so an absolute link target in a fixture root (or chroot)
// does not escape to the machine running devboot. A relative p is taken
// from the root. It also returns the resolved path.
func statIn(h *host.Host, p string) (string, fs.FileInfo, error) {
	if !path.IsAbs(p) {
		p = "/" + p
	}
	real, err := h.Resolve(p)
	if err != nil {
		return "", nil, err
	}
	fi, err := h.Stat(real)
	return real, fi, err
}
