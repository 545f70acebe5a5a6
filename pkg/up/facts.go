package up

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Facts is everything Decide needs, gathered by Probe.
type Facts struct {
	Host HostFacts
	Go   GoFacts
	// DataDir is devboot's data directory (toolchains, current, journal).
	DataDir string
	// Settings are go env settings asked on the command line.
	Settings map[string]string
	// DlURL and Fetch say where and how to download a toolchain.
	DlURL string
	Fetch toolchain.FetchOptions
	// GopathNTFS: GOPATH or a Go cache sits on an NTFS drive mount.
	GopathNTFS bool
	// Notes are things the user should know (warnings from the probes).
	Notes []string
}

// Decision is what up will do, decided from Facts without I/O.
type Decision struct {
	Toolchain Choice
	Policy    Policy
	// Current is the go command's tree after up: devboot's current link.
	Current string
}

// Decide makes every decision of up from facts. It is pure.
func Decide(f Facts) (Decision, error) {
	c, err := ChooseToolchain(f.Go)
	if err != nil {
		return Decision{}, err
	}
	if c.Action == ActionResolve {
		// Probe asks the index whenever the choice needs it; reaching here
		// means it could not, so say what would fix it.
		return Decision{}, nothingServes(f.Go)
	}
	return Decision{Toolchain: c, Policy: PolicyFor(f.Host), Current: filepath.Join(f.DataDir, "current")}, nil
}

// expectAfter is what verification must find once up applied: the chosen
// version, from devboot's current link, with goenv's GOPATH and GOBIN.
func expectAfter(d Decision, e goenv.Env) Expect {
	return Expect{Version: d.Toolchain.Version, GOROOT: d.Current, GOPATH: e.GOPATH, GOBIN: e.GOBIN}
}

// verifyEnv is the environment a new login shell will have after up: the
// user's (environ, with HOME the user's), plus what the shell files set.
// GOTOOLCHAIN=local: verifying must never make go download another one.
func verifyEnv(environ []string, e goenv.Env, envFile string) []string {
	env := slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "GOPATH", "GOBIN", "GOROOT", "GOENV", "GOTOOLCHAIN":
			return true
		}
		return false
	})
	path := strings.Join(e.PathPrepend, ":")
	for _, kv := range environ {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok && p != "" {
			path += ":" + p
		}
	}
	env = append(env, "PATH="+path, "GOPATH="+e.GOPATH, "GOBIN="+e.GOBIN, "GOTOOLCHAIN=local", "GOENV="+envFile)
	if e.GOROOT != "" {
		env = append(env, "GOROOT="+e.GOROOT)
	}
	return env
}
