package toolchain

import (
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Adoptable is a toolchain already on the machine that devboot can register
// (never move or edit): /usr/local/go, /usr/lib/go-*, ~/sdk/go*, and
// toolchains cmd/go downloaded into GOMODCACHE/golang.org/toolchain@*.
type Adoptable struct {
	Version string `json:"version"`
	// GOROOT is the host path (what the registration link points at).
	GOROOT string `json:"goroot"`
	Origin string `json:"origin"` // "system", "distro", "sdk", "modcache"
}

// FindAdoptable lists toolchains for the host's platform found through h,
// newest first, one per version (the first place found wins, in the order
// above).
func FindAdoptable(h *host.Host) []Adoptable {
	var out []Adoptable
	seen := map[string]bool{}
	add := func(goroot, origin string) {
		v := ReadVERSION(h.ReadFile, goroot)
		if v == "" || seen[v] || !h.Exists(path.Join(goroot, "bin/go")) {
			return
		}
		seen[v] = true
		out = append(out, Adoptable{Version: v, GOROOT: h.Path(goroot), Origin: origin})
	}
	add("/usr/local/go", "system")
	for _, d := range globDirs(h, "/usr/lib", "go-") {
		add(d, "distro")
	}
	if home := h.User.Home; home != "" {
		for _, d := range globDirs(h, path.Join(home, "sdk"), "go") {
			add(d, "sdk")
		}
	}
	hp := HostPlatform()
	suffix := "." + hp.OS + "-" + hp.Arch
	for _, d := range globDirs(h, path.Join(modCache(h), "golang.org"), "toolchain@v0.0.1-go") {
		if strings.HasSuffix(d, suffix) {
			add(d, "modcache")
		}
	}
	vs := make([]string, len(out))
	for i, a := range out {
		vs[i] = a.Version
	}
	sortNewestFirst(vs)
	byV := map[string]Adoptable{}
	for _, a := range out {
		byV[a.Version] = a
	}
	for i, v := range vs {
		out[i] = byV[v]
	}
	return out
}

// modCache is GOMODCACHE as cmd/go defaults it.
func modCache(h *host.Host) string {
	if m := h.Getenv("GOMODCACHE"); m != "" {
		return m
	}
	gopath := h.Getenv("GOPATH")
	if gopath == "" {
		gopath = path.Join(h.User.Home, "go")
	}
	first, _, _ := strings.Cut(gopath, ":")
	return path.Join(first, "pkg/mod")
}

// globDirs lists dir/prefix* entries (host paths) that are directories.
func globDirs(h *host.Host, dir, prefix string) []string {
	ents, err := h.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) {
			p := path.Join(dir, e.Name())
			if fi, err := h.Stat(p); err == nil && fi.IsDir() {
				out = append(out, p)
			}
		}
	}
	return out
}
