package goenv

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// Env is the Go environment devboot sets up, with the reasons behind the
// choices a user might question.
type Env struct {
	// Go is the go command the environment puts first ("" when there is
	// no Go yet; PATH is still right for the toolchain devboot installs).
	Go string `json:"go"`
	// Toolchain is the directory that toolchain lives in (its GOROOT).
	Toolchain string `json:"toolchain,omitempty"`
	// GOROOT is set only when go cannot find its own tree ("" = unset it).
	GOROOT       string `json:"goroot"`
	GOROOTReason string `json:"goroot_reason"`
	GOPATH       string `json:"gopath"`
	GOBIN        string `json:"gobin"`
	// PathPrepend goes before the inherited PATH, in this order: devboot's
	// current/bin, the Go found otherwise (when current does not exist),
	// GOBIN, devboot's goX.Y.Z links for GOTOOLCHAIN.
	PathPrepend []string `json:"path_prepend"`
	// Settings are go-specific settings (GOPROXY, GOSUMDB, GOPRIVATE,
	// GOFLAGS, GOTOOLCHAIN...) that belong in go's own env file, where every
	// go command reads them with or without a shell: see SettingSteps.
	Settings map[string]string `json:"settings,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
}

// SettingKeys are the optional go settings devboot manages.
var SettingKeys = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GOFLAGS", "GOTOOLCHAIN"}

// Resolve works out the environment for h's user: devboot's current
// toolchain when there is one, else the Go already on the machine.
// settings (may be nil) are the go settings the user asked for.
func Resolve(h *host.Host, settings map[string]string) (Env, error) {
	for k, v := range settings {
		if err := CheckSetting(k, v); err != nil {
			return Env{}, err
		}
	}
	e := Env{Settings: settings}
	tc := findToolchain(h)
	e.Go, e.Toolchain = tc.goCmd, tc.root
	e.GOROOT, e.GOROOTReason = decideGOROOT(h, tc)

	file, _ := ReadFile(h) // an unreadable env file just has nothing to say
	e.GOPATH = firstSet(h, file, "GOPATH", filepath.Join(h.User.Home, "go"))
	for _, p := range filepath.SplitList(e.GOPATH) {
		if !filepath.IsAbs(p) {
			return Env{}, fmt.Errorf("GOPATH=%q has a relative entry; go needs absolute paths: fix GOPATH", e.GOPATH)
		}
	}
	defBin := filepath.Join(filepath.SplitList(e.GOPATH)[0], "bin")
	e.GOBIN = firstSet(h, file, "GOBIN", defBin)
	switch {
	case !filepath.IsAbs(e.GOBIN):
		e.Warnings = append(e.Warnings, fmt.Sprintf("GOBIN=%q is not absolute (go refuses to install there); using %s", e.GOBIN, defBin))
		e.GOBIN = defBin
	case e.Toolchain != "" && fsutil.Within(h.Resolved(e.GOBIN), h.Resolved(e.Toolchain)):
		e.Warnings = append(e.Warnings, fmt.Sprintf("GOBIN=%q is inside GOROOT, so go install would write into the toolchain; using %s", e.GOBIN, defBin))
		e.GOBIN = defBin
	}
	// current/bin leads even before devboot installs a toolchain, so the
	// first `toolchain install` takes effect without rewriting shell files.
	current := filepath.Join(h.DataDir(), "current", "bin")
	for _, d := range []string{current, tc.binDir, e.GOBIN, filepath.Join(h.DataDir(), "bin")} {
		if !slices.Contains(e.PathPrepend, d) {
			e.PathPrepend = append(e.PathPrepend, d)
		}
	}
	return e, nil
}

// SettingSteps persists e.Settings in go's env file, sorted by key.
func (e Env) SettingSteps() []plan.Step {
	keys := make([]string, 0, len(e.Settings))
	for k := range e.Settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	steps := make([]plan.Step, 0, len(keys))
	for _, k := range keys {
		steps = append(steps, SetStep(k, e.Settings[k]))
	}
	return steps
}

// firstSet is the value go would use for key: the user's environment, then
// go's env file, then def. Under sudo the environment is root's, not the
// user's, so only the file counts.
func firstSet(h *host.Host, file map[string]string, key, def string) string {
	if v := h.Getenv(key); v != "" && !h.User.Sudo {
		return v
	}
	if v := file[key]; v != "" {
		return v
	}
	return def
}
