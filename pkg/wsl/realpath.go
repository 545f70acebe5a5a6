package wsl

import (
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Realpath resolves symlinks in a Linux path that exists, as wslpath -w/-m
// does before translating (a trailing slash is kept; a relative path that
// exists becomes absolute, as with wslpath). Paths that do not exist, and
// every path when h reads a fixture root (whose links would resolve against
// the real /), are returned as given.
func Realpath(h *host.Host, p string) string {
	if h.Root != "/" || p == "" {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return p
	}
	if strings.HasSuffix(p, "/") && real != "/" {
		real += "/"
	}
	return real
}
