package srcbuild

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Candidate is a toolchain that could serve as GOROOT_BOOTSTRAP.
type Candidate struct {
	Version string `json:"version"`
	GOROOT  string `json:"goroot"`
}

// minBootstrapConst is how cmd/dist states its requirement since Go 1.24
// (src/cmd/dist/buildtool.go: const minBootstrap = "go1.24.6").
var minBootstrapConst = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^const minBootstrap = "(go1\.[0-9]+(?:\.[0-9]+)?)"`)
})

// MinBootstrap returns the oldest Go that can bootstrap the source tree at
// goroot for release v: the tree's own cmd/dist constant when it has one,
// else Go's published rule for v.
func MinBootstrap(goroot, v string) string {
	if data, err := os.ReadFile(filepath.Join(goroot, "src", "cmd", "dist", "buildtool.go")); err == nil {
		if m := minBootstrapConst().FindSubmatch(data); m != nil {
			return string(m[1])
		}
	}
	return MinBootstrapRule(v)
}

// MinBootstrapRule is Go's bootstrap requirement by release (go.dev/doc/
// install/source): from Go 1.22 on, go1.N needs the .6 patch of go1.(N-2)
// with N-2 rounded down to even (1.26 and 1.27 need go1.24.6); Go 1.20 and
// 1.21 need go1.17.13; Go 1.5 to 1.19 need go1.4.
func MinBootstrapRule(v string) string {
	minor := minorNumber(v)
	switch {
	case minor >= 22:
		m := minor - 2
		m -= m % 2
		return fmt.Sprintf("go1.%d.6", m)
	case minor >= 20:
		return "go1.17.13"
	default:
		return "go1.4"
	}
}

func minorNumber(v string) int {
	lang := strings.TrimPrefix(toolchain.Minor(v), "go1.")
	n, _ := strconv.Atoi(lang)
	return n
}

// PickBootstrap chooses the OLDEST candidate at least min: building with
// the oldest allowed compiler is what Go's release process does, and it
// keeps newer toolchains free for the user's own work.
func PickBootstrap(cands []Candidate, min string) (Candidate, error) {
	ok := slices.DeleteFunc(slices.Clone(cands), func(c Candidate) bool {
		return !toolchain.IsRelease(c.Version) || toolchain.Compare(c.Version, min) < 0
	})
	if len(ok) == 0 {
		have := make([]string, len(cands))
		for i, c := range cands {
			have[i] = c.Version
		}
		if len(have) == 0 {
			have = []string{"none"}
		}
		return Candidate{}, exitcode.BadInput(fmt.Errorf(
			"no toolchain new enough to bootstrap this build: it needs %s or later, found %s; install one first (devboot toolchain install %s) or pass --bootstrap GOROOT",
			min, strings.Join(have, ", "), strings.TrimPrefix(min, "go")))
	}
	slices.SortStableFunc(ok, func(a, b Candidate) int { return toolchain.Compare(a.Version, b.Version) })
	return ok[0], nil
}

// Candidates lists the host-platform toolchains devboot has registered or
// could adopt, as bootstrap candidates.
func Candidates(h *host.Host) []Candidate {
	var out []Candidate
	seen := map[string]bool{}
	ts, _ := toolchain.Installed(h)
	for _, t := range ts {
		if t.Platform == toolchain.HostPlatform() && !seen[t.Version] {
			seen[t.Version] = true
			out = append(out, Candidate{Version: t.Version, GOROOT: t.GOROOT})
		}
	}
	for _, a := range toolchain.FindAdoptable(h) {
		if !seen[a.Version] {
			seen[a.Version] = true
			out = append(out, Candidate{Version: a.Version, GOROOT: a.GOROOT})
		}
	}
	return out
}
