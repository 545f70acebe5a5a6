package goenv

import (
	"context"
	"debug/buildinfo"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/devboot/devboot/pkg/goexec"
	"github.com/devboot/devboot/pkg/host"
)

// toolchain is the Go the environment is built around.
type toolchain struct {
	goCmd  string // the go command ("" when none exists yet)
	binDir string // what goes first on PATH
	root   string // the tree it lives in, symlinks resolved ("" unknown)
}

// findToolchain prefers devboot's `current` link (kept as a link on PATH, so
// `toolchain use` switches without touching any shell file), then the first
// go on PATH, then /usr/local/go.
func findToolchain(h *host.Host) toolchain {
	current := filepath.Join(h.DataDir(), "current")
	if _, err := h.Resolve(filepath.Join(current, "bin", "go")); err == nil {
		return toolchain{goCmd: filepath.Join(current, "bin", "go"), binDir: filepath.Join(current, "bin"), root: h.Resolved(current)}
	}
	var candidates []string
	for _, dir := range filepath.SplitList(h.Getenv("PATH")) {
		if filepath.IsAbs(dir) {
			candidates = append(candidates, filepath.Join(dir, "go"))
		}
	}
	for _, goCmd := range append(candidates, "/usr/local/go/bin/go") {
		// The tree is found from where the links lead (/usr/bin/go ->
		// /usr/lib/go-1.19/bin/go), so resolve rather than only stat.
		real, err := h.Resolve(goCmd)
		if err != nil {
			continue
		}
		fi, err := h.Stat(real)
		if err != nil || fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
			continue
		}
		root := filepath.Dir(filepath.Dir(real))
		if !IsGOROOT(h, root) {
			// A lone binary: keep its own directory first, GOROOT unknown.
			return toolchain{goCmd: goCmd, binDir: filepath.Dir(goCmd)}
		}
		// /usr/bin/go -> /usr/lib/go-1.19/bin/go: put the tree's bin first,
		// not all of /usr/bin.
		return toolchain{goCmd: filepath.Join(root, "bin", "go"), binDir: filepath.Join(root, "bin"), root: root}
	}
	return toolchain{binDir: filepath.Join(current, "bin")}
}

// IsGOROOT is cmd/go's own test for a Go tree (findGOROOT): dir/pkg/tool
// is a directory.
func IsGOROOT(h *host.Host, dir string) bool {
	fi, err := h.Stat(filepath.Join(dir, "pkg", "tool"))
	return err == nil && fi.IsDir()
}

// decideGOROOT says whether GOROOT must be set. Since Go 1.10 go finds its
// tree from its own location, and official builds embed no GOROOT, so for
// nearly every toolchain the answer is "leave it unset": a stale exported
// GOROOT is a classic cause of "go: cannot find GOROOT" and mixed toolchains.
// It must be set only when go, asked with GOROOT unset, names another tree.
func decideGOROOT(h *host.Host, tc toolchain) (value, reason string) {
	if tc.goCmd == "" {
		return "", "no Go installed yet; the toolchain devboot installs finds its own GOROOT"
	}
	if tc.root == "" {
		return "", tc.goCmd + " is not inside a Go tree, so there is no GOROOT devboot could name; leaving it to go"
	}
	// A gc-built go of 1.13 or later (it carries build info) finds its tree
	// from its own location whenever that tree has the standard layout,
	// whatever GOROOT it was built with (cmd/go's findGOROOT): no need to
	// run it, which keeps `devboot env` fast.
	if bi, err := readBuildInfo(h, tc.goCmd); err == nil && strings.HasPrefix(bi.GoVersion, "go") {
		return "", tc.goCmd + " (" + bi.GoVersion + ") finds its own tree (" + tc.root + ") from where it lives; a fixed GOROOT would break toolchain switches"
	}
	if h.Root != "/" && h.Root != "" {
		return "", "go finds GOROOT from its own location (" + tc.root + "); not run under --root"
	}
	builtin, err := askGOROOT(h, tc.goCmd)
	switch {
	case err != nil:
		return "", "could not run " + tc.goCmd + " (" + err.Error() + "); its tree has the standard layout, so go infers GOROOT from its location"
	case h.Resolved(builtin) == tc.root:
		return "", "go finds its own tree (" + builtin + "); a fixed GOROOT would break toolchain switches"
	default:
		return tc.root, "go's built-in GOROOT is " + builtin + " but the toolchain lives in " + tc.root
	}
}

// askGOROOT runs `go env GOROOT` with GOROOT unset and the env file off, in
// /, with GOTOOLCHAIN=local so no go.mod can make it switch or download.
func askGOROOT(h *host.Host, goCmd string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return goexec.Output(ctx, goCmd, h.Getenv("PATH"), "env", "GOROOT")
}

// readBuildInfo reads a go binary's build info through the host root.
func readBuildInfo(h *host.Host, goCmd string) (*debug.BuildInfo, error) {
	p, err := h.InRoot(goCmd)
	if err != nil {
		return nil, err
	}
	return buildinfo.ReadFile(p)
}
