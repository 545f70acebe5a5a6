package up

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/devboot/devboot/pkg/detect"
	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/gopath"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Probe gathers the facts up decides on. It reads the machine through h
// and asks the download index only when the choice of toolchain needs it
// (latest, a minor, or nothing local fits), so a repeated or offline up
// stays off the network.
func Probe(ctx context.Context, h *host.Host, opts Options) (Facts, error) {
	rep, err := detect.Probe(ctx, h, detect.Options{SkipEngine: true, WorkDir: opts.Dir})
	if err != nil {
		return Facts{}, err
	}
	f := Facts{
		Host: HostFacts{
			Platform:    rep.Platform,
			Privileged:  canMount(h),
			SystemdUser: rep.SystemdUser,
			Root:        os.Geteuid() == 0,
			Sudo:        h.User.Sudo,
			Terminal:    opts.Terminal,
		},
		DataDir:  h.DataDir(),
		Settings: opts.Settings,
		DlURL:    opts.DlURL,
		Fetch:    opts.Fetch,
		Notes:    rep.Warnings,
	}
	if rep.WSL != nil && rep.Platform == PlatformWSL2 && !rep.WSL.Interop {
		f.Notes = append(f.Notes, "Windows interop is off here (wsl.conf [interop] enabled=false, or its binfmt handler is gone): devboot does not need it, but starting Windows tools from WSL (code ., explorer.exe) will not work")
	}
	if PolicyFor(f.Host).GopathFix {
		if f.GopathNTFS, err = gopathOnNTFS(h, opts.Dir, rep.Platform); err != nil {
			return f, err
		}
	}
	if f.Go, err = probeGo(ctx, h, opts); err != nil {
		return f, err
	}
	if f.Go.Offline && !opts.Offline {
		f.Notes = append(f.Notes, "the download index "+opts.DlURL+" did not answer: choosing among the toolchains on this machine")
	}
	return f, nil
}

// gopathOnNTFS asks gopath's status (which reads go's env file too, where
// `go env -w GOPATH=/mnt/c/...` puts it) whether GOPATH or a Go cache sits
// on NTFS itself, not through the bind mount a fix made. The platform is
// the one detect already found, so the machine is not probed twice.
func gopathOnNTFS(h *host.Host, dir, platform string) (bool, error) {
	st, err := gopath.StatusFrom(h, dir, platform, nil)
	if err != nil {
		return false, err
	}
	for _, p := range st.Paths {
		if p.Verdict == gopath.Fail && (strings.HasPrefix(p.Name, "GOPATH") || p.Name == "GOMODCACHE" || p.Name == "GOCACHE") {
			return true, nil
		}
	}
	return false, nil
}

// probeGo finds what is wanted and what is here, and asks the index only
// when ChooseToolchain says it must.
func probeGo(ctx context.Context, h *host.Host, opts Options) (GoFacts, error) {
	g := GoFacts{Offline: opts.Offline}
	var err error
	if g.Want, err = wanted(h, opts); err != nil {
		return g, err
	}
	installed, err := toolchain.Installed(h)
	if err != nil {
		return g, err
	}
	registered := map[string]bool{}
	for _, t := range installed {
		if t.Platform != toolchain.HostPlatform() {
			continue
		}
		if t.Active {
			g.Active = t.Version
		}
		g.Local = append(g.Local, Toolchain{Version: t.Version, GOROOT: t.Path, Managed: true})
		registered[t.Version] = true
	}
	for _, a := range toolchain.FindAdoptable(h) {
		if !registered[a.Version] {
			g.Local = append(g.Local, Toolchain{Version: a.Version, GOROOT: a.GOROOT})
		}
	}
	c, err := ChooseToolchain(g)
	if err != nil || (c.Action != ActionResolve && c.Action != ActionInstall) {
		return g, err
	}
	// Installing or resolving needs the index; ask it now so that without
	// a network up can still fall back to what is here.
	src := &toolchain.IndexSource{URL: opts.DlURL}
	offered, err := src.Versions(ctx, toolchain.HostPlatform())
	if err != nil {
		g.Offline = true
		return g, nil
	}
	if c.Action == ActionInstall {
		return g, nil
	}
	spec := toolchain.Spec{Kind: toolchain.SpecLatest}
	if g.Want.Minor != "" {
		spec = toolchain.Spec{Kind: toolchain.SpecMinor, Version: g.Want.Minor}
	}
	g.Available, err = spec.Pick(offered)
	return g, err
}

// wanted reads the request: --go, else the project's files, else
// GOTOOLCHAIN's pinned version, else any Go at all.
func wanted(h *host.Host, opts Options) (Want, error) {
	if opts.Spec != "" {
		return wantSpec(opts.Spec, "--go")
	}
	proj, err := toolchain.FindProjectEnv(opts.Dir, h.Getenv)
	if err != nil {
		return Want{}, exitcode.BadInput(err)
	}
	switch proj.Source {
	case toolchain.SourceGoModGo, toolchain.SourceGoModToolchain, toolchain.SourceGoWorkGo, toolchain.SourceGoWorkToolchain:
		// cmd/go reads these as minimums: a newer toolchain builds the module.
		return Want{Spec: proj.Spec, Source: proj.Source + " line of " + proj.File, AtLeast: proj.Spec}, nil
	case toolchain.SourceGoVersion:
		return wantSpec(proj.Spec, proj.File)
	}
	if v := toolchain.ParseGOTOOLCHAIN(h.Getenv("GOTOOLCHAIN")).Version; v != "" {
		return Want{Spec: v, Source: "GOTOOLCHAIN", Exact: v}, nil
	}
	return Want{Spec: "any", Source: "no --go and no go.mod or .go-version here", Any: true}, nil
}

func wantSpec(s, source string) (Want, error) {
	spec, err := toolchain.ParseSpec(s)
	if err != nil {
		return Want{}, exitcode.BadInput(fmt.Errorf("%s: %w", source, err))
	}
	w := Want{Spec: s, Source: source}
	switch spec.Kind {
	case toolchain.SpecExact:
		w.Exact = spec.Version
	case toolchain.SpecMinor:
		w.Minor = spec.Version
	default:
		w.Latest = true
	}
	return w, nil
}
