package toolchain

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Toolchain is one toolchain devboot knows: installed or adopted.
type Toolchain struct {
	Name     string   `json:"name"`    // directory name under toolchains/
	Version  string   `json:"version"` // go1.22.4
	Platform Platform `json:"platform"`
	Path     string   `json:"path"`   // toolchains/<name>
	GOROOT   string   `json:"goroot"` // the real GOROOT (the original, when adopted)
	Adopted  bool     `json:"adopted"`
	Active   bool     `json:"active"`
}

// Installed lists the toolchains in the data directory, newest first.
func Installed(h *host.Host) ([]Toolchain, error) {
	l := LayoutOf(h)
	ents, err := os.ReadDir(l.Toolchains())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	active, _ := os.Readlink(l.Current())
	var out []Toolchain
	for _, e := range ents {
		v, p, ok := parseName(e.Name())
		if !ok {
			continue // .staging-*, .trash-*, locks, metadata
		}
		t := Toolchain{Name: e.Name(), Version: v, Platform: p, Path: l.Dir(e.Name()), GOROOT: l.Dir(e.Name())}
		if e.Type()&fs.ModeSymlink != 0 {
			t.Adopted = true
			if t.GOROOT, err = os.Readlink(t.Path); err != nil {
				continue
			}
		}
		t.Active = active == t.Path
		out = append(out, t)
	}
	sortToolchains(out)
	return out, nil
}

func sortToolchains(ts []Toolchain) {
	vs := make([]string, len(ts))
	byV := map[string][]Toolchain{}
	for i, t := range ts {
		vs[i] = t.Version
		byV[t.Version] = append(byV[t.Version], t)
	}
	sortNewestFirst(vs)
	out := ts[:0:0]
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, byV[v]...)
		}
	}
	copy(ts, out)
}

// Active returns the toolchain `current` points at, or nil when none is
// active (or the link dangles).
func Active(h *host.Host) (*Toolchain, error) {
	ts, err := Installed(h)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Active {
			return &t, nil
		}
	}
	return nil, nil
}

// Find returns the installed toolchain of version v for platform p.
func Find(h *host.Host, v string, p Platform) (*Toolchain, bool) {
	ts, _ := Installed(h)
	for _, t := range ts {
		if t.Version == v && t.Platform == p {
			return &t, true
		}
	}
	return nil, false
}

// ReadVERSION reads the release name from a GOROOT's VERSION file (its first
// line, e.g. "go1.22.4"); "" when there is none.
func ReadVERSION(readFile func(string) ([]byte, error), goroot string) string {
	data, err := readFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return ""
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	v := strings.TrimSpace(string(line))
	if !IsRelease(v) {
		return ""
	}
	return v
}

// LocalVersions lists the versions usable without a network: installed and
// adoptable ones for platform p. Resolve can pick among them offline.
func LocalVersions(h *host.Host, p Platform) []string {
	seen := map[string]bool{}
	var vs []string
	add := func(v string) {
		if !seen[v] {
			seen[v] = true
			vs = append(vs, v)
		}
	}
	_, installed, _ := installedFor(h, p)
	for _, v := range installed {
		add(v)
	}
	if p == HostPlatform() {
		for _, a := range FindAdoptable(h) {
			add(a.Version)
		}
	}
	sortNewestFirst(vs)
	return vs
}

// installedFor lists the installed toolchains for p, newest first, and their
// versions (index for index): what LocalVersions, ResolveInstalled and
// PlanRemove choose among.
func installedFor(h *host.Host, p Platform) ([]Toolchain, []string, error) {
	ts, err := Installed(h)
	var mine []Toolchain
	var vs []string
	for _, t := range ts {
		if t.Platform == p {
			mine, vs = append(mine, t), append(vs, t.Version)
		}
	}
	return mine, vs, err
}
