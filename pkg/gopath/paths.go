package gopath

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// Where a Go path's value came from.
const (
	FromEnv     = "environment"
	FromEnvFile = "go env file"
	FromDefault = "default"
	FromWorkDir = "working directory"
)

// goPath is one path Go uses, before it is placed on a filesystem.
type goPath struct {
	Name, Path, Source string
}

// settings answers what cmd/go would use for a variable: the environment,
// then go's env file, else its default. Under sudo the environment is
// root's, not the user's, so only the file counts.
type settings struct {
	h    *host.Host
	file map[string]string
}

func newSettings(h *host.Host) settings {
	file, _ := goenv.ReadFile(h) // unreadable: nothing set there
	return settings{h: h, file: file}
}

func (s settings) get(key, def string) (string, string) {
	if v := s.h.Getenv(key); v != "" && !s.h.User.Sudo {
		return v, FromEnv
	}
	if v := s.file[key]; v != "" {
		return v, FromEnvFile
	}
	return def, FromDefault
}

// goPaths lists the user's Go paths as cmd/go would compute them.
func goPaths(h *host.Host, workDir string) []goPath {
	s := newSettings(h)
	gopath, src := s.get("GOPATH", filepath.Join(h.User.Home, "go"))
	var out []goPath
	entries := filepath.SplitList(gopath)
	for i, p := range entries {
		name := "GOPATH"
		if len(entries) > 1 {
			name = "GOPATH[" + strconv.Itoa(i) + "]"
		}
		out = append(out, goPath{name, p, src})
	}
	first := ""
	if len(entries) > 0 {
		first = entries[0]
	}
	if p, src := s.get("GOMODCACHE", filepath.Join(first, "pkg", "mod")); first != "" || src != FromDefault {
		out = append(out, goPath{"GOMODCACHE", p, src})
	}
	if p, src := s.get("GOCACHE", defaultGOCACHE(h)); p != "off" {
		out = append(out, goPath{"GOCACHE", p, src})
	}
	if p, src := s.get("GOBIN", ""); p != "" {
		out = append(out, goPath{"GOBIN", p, src})
	} else if first != "" {
		out = append(out, goPath{"GOBIN", filepath.Join(first, "bin"), FromDefault})
	}
	if mod := moduleDir(workDir); mod != "" {
		out = append(out, goPath{"module", mod, FromWorkDir})
	}
	return out
}

// defaultGOCACHE is os.UserCacheDir()/go-build for the configured user.
func defaultGOCACHE(h *host.Host) string {
	return filepath.Join(linuxCacheHome(h), "go-build")
}

// linuxCacheHome is $XDG_CACHE_HOME or ~/.cache (host.CacheDir's parent).
func linuxCacheHome(h *host.Host) string { return filepath.Dir(h.CacheDir()) }

// moduleDir is the directory of the go.mod governing dir ("" if none).
// The working directory is a real path, so this reads the real filesystem.
func moduleDir(dir string) string {
	if dir == "" {
		return ""
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}
