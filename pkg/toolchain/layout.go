package toolchain

import (
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
)

// Layout is where devboot keeps toolchains, under h.DataDir():
//
//	toolchains/go1.22.4/            a downloaded GOROOT (devboot owns it)
//	toolchains/go1.22.4.linux-arm64/ one for another platform (--os/--arch)
//	toolchains/go1.26.8 -> /usr/local/go   an adopted toolchain: a symlink
//	                                 to the original, never moved or edited
//	toolchains/.go1.22.4.json       what it was installed from (for undo)
//	toolchains/.go1.22.4.lock       serialises installs of one version
//	toolchains/.staging-go1.22.4    an install in progress (stale after a crash)
//	current -> toolchains/go1.22.4  the active toolchain
//	bin/go1.22.4 -> ../toolchains/go1.22.4/bin/go   for cmd/go's GOTOOLCHAIN switch
//
// Downloads are cached in h.CacheDir()/downloads.
type Layout struct {
	Data  string
	Cache string

	// own gives what devboot creates to the sudo user it works for
	// (host.Chown); nil leaves owners alone.
	own func(string) error
}

// LayoutOf returns the layout of h's user.
func LayoutOf(h *host.Host) Layout {
	return Layout{Data: h.DataDir(), Cache: filepath.Join(h.CacheDir(), "downloads"), own: h.Chown}
}

// mkdirAll creates dir and its missing parents, each owned by the user.
func (l Layout) mkdirAll(dir string) error {
	_, err := fsutil.MkdirAll(dir, 0o755, l.own)
	return err
}

// chown gives a file devboot created to the user (nothing without sudo).
func (l Layout) chown(path string) error {
	if l.own == nil {
		return nil
	}
	return l.own(path)
}

func (l Layout) Toolchains() string      { return filepath.Join(l.Data, "toolchains") }
func (l Layout) Dir(name string) string  { return filepath.Join(l.Toolchains(), name) }
func (l Layout) Current() string         { return filepath.Join(l.Data, "current") }
func (l Layout) Bin() string             { return filepath.Join(l.Data, "bin") }
func (l Layout) BinLink(v string) string { return filepath.Join(l.Bin(), v) }
func (l Layout) meta(name string) string { return filepath.Join(l.Toolchains(), "."+name+".json") }

// LockPath is the file that serialises installs of toolchain name; it stays
// after the install (down --purge removes it with the download).
func (l Layout) LockPath(name string) string {
	return filepath.Join(l.Toolchains(), "."+name+".lock")
}

func (l Layout) staging(name string) string {
	return filepath.Join(l.Toolchains(), ".staging-"+name)
}

// Name is the directory name of a version for a platform: the bare version
// for the host's own platform, with a .os-arch suffix for any other.
func Name(version string, p Platform) string {
	if p == HostPlatform() {
		return version
	}
	return version + "." + p.OS + "-" + p.Arch
}

// parseName splits a toolchain directory name into version and platform.
func parseName(name string) (string, Platform, bool) {
	v, p := name, HostPlatform()
	if i := strings.LastIndex(name, "."); i > 0 && strings.Contains(name[i:], "-") {
		goos, goarch, _ := strings.Cut(name[i+1:], "-")
		v, p = name[:i], Platform{OS: goos, Arch: goarch}
	}
	if !IsRelease(v) {
		return "", Platform{}, false
	}
	return v, p, true
}
