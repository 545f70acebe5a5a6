package emit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
)

// goVersionRE is a Go release as the golang image tags and go.mod spell it.
var goVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^1\.[0-9]+(\.[0-9]+|rc[0-9]+)?$`) })

// IsGoVersion reports whether v is 1.N, 1.N.P or 1.NrcM: a version the
// emitters can put in an image tag or a feature option.
func IsGoVersion(v string) bool { return goVersionRE().MatchString(v) }

// ErrNoGoMod is returned when dir holds no go.mod.
var ErrNoGoMod = errors.New("no go.mod")

// GoMod is what the emitters need from a module's go.mod.
type GoMod struct {
	Path      string // module path
	GoVersion string // the toolchain line's version, else the go line's
}

// ReadGoMod reads dir/go.mod.
func ReadGoMod(dir string) (*GoMod, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s: run devboot emit in a Go module's root directory", ErrNoGoMod, dir)
	}
	if err != nil {
		return nil, err
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod: %w", err)
	}
	if mf.Module == nil {
		return nil, errors.New("go.mod has no module line")
	}
	m := &GoMod{Path: mf.Module.Mod.Path}
	switch {
	case mf.Toolchain != nil && strings.HasPrefix(mf.Toolchain.Name, "go"):
		// A toolchain line may carry a suffix ("go1.22.4+auto"): images lack it.
		m.GoVersion, _, _ = strings.Cut(strings.TrimPrefix(mf.Toolchain.Name, "go"), "+")
	case mf.Go != nil:
		m.GoVersion = mf.Go.Version
	}
	return m, nil
}
