package detect

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// pathsOfInterest are the paths whose filesystem matters to Go: where the
// user's home, GOPATH, GOROOT, the module and build caches and the working
// directory are. Unset Go variables take cmd/go's defaults; GOROOT, when
// unset, is devboot's active toolchain if there is one.
func pathsOfInterest(h *host.Host, workDir string) []PathInfo {
	home := h.User.Home
	gopath := firstList(h.Getenv("GOPATH"))
	if gopath == "" && home != "" {
		gopath = filepath.Join(home, "go")
	}
	modcache := h.Getenv("GOMODCACHE")
	if modcache == "" && gopath != "" {
		modcache = filepath.Join(gopath, "pkg", "mod")
	}
	gocache := h.Getenv("GOCACHE")
	if gocache == "" {
		if x := h.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(x) {
			gocache = filepath.Join(x, "go-build")
		} else if home != "" {
			gocache = filepath.Join(home, ".cache", "go-build")
		}
	}
	goroot := h.Getenv("GOROOT")
	if current := filepath.Join(h.DataDir(), "current"); goroot == "" && h.Exists(current) {
		goroot = current // devboot's active toolchain
	}
	var out []PathInfo
	for _, p := range []PathInfo{
		{Name: "HOME", Path: home},
		{Name: "GOPATH", Path: gopath},
		{Name: "GOROOT", Path: goroot},
		{Name: "GOMODCACHE", Path: modcache},
		{Name: "GOCACHE", Path: gocache},
		{Name: "PWD", Path: workDir},
	} {
		if filepath.IsAbs(p.Path) {
			p.Path = filepath.Clean(p.Path)
			out = append(out, p)
		}
	}
	return out
}

// firstList returns the first entry of a GOPATH-style list.
func firstList(s string) string {
	first, _, _ := strings.Cut(s, string(filepath.ListSeparator))
	return first
}

// placePaths fills in each path's filesystem from the mount table, and
// the Windows path of NTFS-backed ones.
func placePaths(paths []PathInfo, mounts []wsl.Mount, distro string) (placed []PathInfo, ntfs []string) {
	ntfs = []string{}
	for _, p := range paths {
		if m := wsl.MountFor(mounts, p.Path); m != nil {
			p.FSType, p.NTFS = m.FSType, m.NTFS
		}
		if p.NTFS {
			p.WindowsPath, _ = wsl.ToWindows(mounts, distro, p.Path, false)
			if !slices.Contains(ntfs, p.Path) {
				ntfs = append(ntfs, p.Path)
			}
		}
		placed = append(placed, p)
	}
	return placed, ntfs
}
