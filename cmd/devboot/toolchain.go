package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// ToolchainCmd resolves, installs, lists, switches and removes Go toolchains.
type ToolchainCmd struct {
	Resolve ToolchainResolveCmd `cmd:"" help:"Print the exact version SPEC (or the project's go.work / go.mod / .go-version, or GOTOOLCHAIN) means, and which source decided."`
	Install ToolchainInstallCmd `cmd:"" help:"Download, verify (sha256 or checksum database), unpack and register a toolchain."`
	List    ToolchainListCmd    `cmd:"" help:"List installed toolchains (the active one marked), or with --remote what the source offers."`
	Use     ToolchainUseCmd     `cmd:"" help:"Make SPEC the active toolchain (atomic switch of 'current'); adopts or installs nothing."`
	Remove  ToolchainRemoveCmd  `cmd:"" help:"Remove one installed toolchain (an adopted one is only unregistered)."`
	Prune   ToolchainPruneCmd   `cmd:"" help:"Remove all but the N newest patches of each minor (never the active one or adopted ones)."`
	Adopt   ToolchainAdoptCmd   `cmd:"" help:"Register toolchains already on this machine (/usr/local/go, /usr/lib/go-*, ~/sdk/go*, GOMODCACHE) without moving them."`
	Build   ToolchainBuildCmd   `cmd:"" help:"Build a toolchain from source with make.bash (--os/--arch cross-builds an official-layout archive) and register it."`
}

// sourceFlags choose where toolchains come from.
type sourceFlags struct {
	DLURL   string `name:"dl-url" env:"DEVBOOT_GO_DL" placeholder:"URL" help:"Download index (URL?mode=json&include=all) and archives (URL<filename>); a file:// directory holds index.json. Default https://go.dev/dl/."`
	GOPROXY string `name:"goproxy" placeholder:"URL" help:"Fetch module golang.org/toolchain from this GOPROXY instead ('env': $GOPROXY), verified against $GOSUMDB ('off' skips that, with a warning)."`
	OS      string `name:"os" placeholder:"GOOS" help:"Platform OS (default linux)."`
	Arch    string `name:"arch" placeholder:"GOARCH" help:"Platform arch (default: the kernel's)."`
}

func (f *sourceFlags) source(g *Globals) (toolchain.Source, toolchain.Platform, toolchain.FetchOptions, error) {
	h, err := g.Host()
	if err != nil {
		return nil, toolchain.Platform{}, toolchain.FetchOptions{}, err
	}
	p, err := toolchain.ParsePlatform(f.OS, f.Arch)
	if err != nil {
		return nil, p, toolchain.FetchOptions{}, exitcode.BadInput(err)
	}
	fo := toolchain.FetchOptions{}
	if !g.JSON {
		fo.Progress, fo.ProgressBar = g.stderr, toolchain.UseProgressBar(g.stderr, h.Getenv)
	}
	src, err := toolchain.NewSource(h, toolchain.SourceOptions{DLURL: f.DLURL, GOPROXY: f.GOPROXY, Fetch: fo})
	if err != nil {
		return nil, p, fo, exitcode.BadInput(err)
	}
	return src, p, fo, nil
}

// resolveSpec turns SPEC into a version: exact versions need no network;
// the rest ask the source, falling back to local toolchains offline.
func resolveSpec(g *Globals, spec string, src toolchain.Source, p toolchain.Platform, needOffered bool) (*toolchain.Resolution, error) {
	h, err := g.Host()
	if err != nil {
		return nil, err
	}
	wd, _ := os.Getwd()
	opts := toolchain.ResolveOptions{Spec: spec, Dir: wd}
	if needOffered {
		if src == nil {
			opts.Offered, opts.Local = toolchain.LocalVersions(h, p), true
		} else if vs, err := src.Versions(context.Background(), p); err == nil {
			opts.Offered = vs
		} else {
			local := toolchain.LocalVersions(h, p)
			if len(local) == 0 {
				return nil, err
			}
			fmt.Fprintf(g.stderr, "devboot: %v; choosing among local toolchains\n", err)
			opts.Offered, opts.Local = local, true
		}
	}
	return toolchain.Resolve(h, opts)
}

// needsList reports whether a spec can only be resolved against a list.
func needsList(spec string) bool {
	s, err := toolchain.ParseSpec(spec)
	return spec == "" || err != nil || s.Kind != toolchain.SpecExact
}

type ToolchainResolveCmd struct {
	Spec    string `arg:"" optional:"" help:"1.22.4, go1.22.4, 1.22 (newest patch), 1.22rc1, latest, stable; default: go.work (honouring GOWORK), go.mod, .go-version, GOTOOLCHAIN."`
	Offline bool   `help:"Resolve among installed and adoptable toolchains only."`
	sourceFlags
}

func (c *ToolchainResolveCmd) Run(g *Globals) error {
	src, p, _, err := c.source(g)
	if err != nil {
		return err
	}
	if c.Offline {
		src = nil
	}
	res, err := resolveSpec(g, c.Spec, src, p, true)
	if err != nil {
		return err
	}
	if g.JSON {
		return g.PrintJSON(res)
	}
	fmt.Fprintf(g.stdout, "%s\t(from %s", res.Version, res.Source)
	if res.File != "" {
		fmt.Fprintf(g.stdout, " %s", res.File)
	}
	fmt.Fprintln(g.stdout, ")")
	for _, w := range res.Warnings {
		fmt.Fprintln(g.stderr, "warning:", w)
	}
	return nil
}

type ToolchainInstallCmd struct {
	Spec string `arg:"" optional:"" help:"Version to install (as for resolve)."`
	Use  bool   `help:"Also make it the active toolchain."`
	sourceFlags
}

func (c *ToolchainInstallCmd) Run(g *Globals) error {
	src, p, fo, err := c.source(g)
	if err != nil {
		return err
	}
	h, _ := g.Host()
	res, err := resolveSpec(g, c.Spec, src, p, needsList(c.Spec))
	if err != nil {
		return err
	}
	steps, err := toolchain.PlanInstall(context.Background(), h, src, res.Version, p, fo)
	if err != nil {
		return err
	}
	if c.Use {
		steps = append(steps, toolchain.PlanUse(h, toolchain.Name(res.Version, p))...)
	}
	r, err := g.Runner("toolchain install", "journal.json")
	if err != nil {
		return err
	}
	out, runErr := r.Run(context.Background(), steps)
	var report *toolchain.InstallReport
	for _, s := range steps {
		if is, ok := s.(*toolchain.InstallStep); ok {
			report = is.Report
		}
	}
	if g.JSON {
		return g.PrintJSONAnd(struct {
			Resolution *toolchain.Resolution    `json:"resolution"`
			Install    *toolchain.InstallReport `json:"install,omitempty"`
			Plan       *plan.Result             `json:"plan"`
		}{res, report, out}, runErr)
	}
	if runErr != nil {
		return runErr
	}
	switch {
	case g.DryRun:
	case report == nil || report.NotNeeded:
		fmt.Fprintf(g.stdout, "%s is already installed\n", res.Version)
	default:
		for _, w := range report.Warnings {
			fmt.Fprintln(g.stderr, "warning:", w)
		}
		timing := fmt.Sprintf("download %s, verify %s, unpack %s", round(report.Download), round(report.Verify), round(report.Unpack))
		switch {
		case report.Cached:
			timing = "from cache: " + timing
		case report.Streamed:
			timing = fmt.Sprintf("download+unpack %s (unpacked while downloading, sha256 hashed in the same pass), then verify %s, unpack tail %s",
				round(report.Download), round(report.Verify), round(report.Unpack))
		}
		fmt.Fprintf(g.stdout, "installed %s in %s (%s; %d files)\n", res.Version, report.Path, timing, report.Files)
	}
	return nil
}

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

type ToolchainListCmd struct {
	Remote bool `help:"List what the source offers for the platform instead."`
	sourceFlags
}

func (c *ToolchainListCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	if c.Remote {
		src, p, _, err := c.source(g)
		if err != nil {
			return err
		}
		vs, err := src.Versions(context.Background(), p)
		if err != nil {
			return err
		}
		if g.JSON {
			return g.PrintJSON(struct {
				Source   string   `json:"source"`
				Versions []string `json:"versions"`
			}{src.String(), vs})
		}
		for _, v := range vs {
			fmt.Fprintln(g.stdout, v)
		}
		return nil
	}
	ts, err := toolchain.Installed(h)
	if err != nil {
		return err
	}
	if g.JSON {
		if ts == nil {
			ts = []toolchain.Toolchain{}
		}
		return g.PrintJSON(struct {
			Toolchains []toolchain.Toolchain `json:"toolchains"`
		}{ts})
	}
	for _, t := range ts {
		mark := " "
		if t.Active {
			mark = "*"
		}
		extra := ""
		if t.Adopted {
			extra = " (adopted: " + t.GOROOT + ")"
		}
		fmt.Fprintf(g.stdout, "%s %s\t%s%s\n", mark, t.Name, t.Path, extra)
	}
	return nil
}

type ToolchainUseCmd struct {
	Spec string `arg:"" help:"Installed version to activate (1.22.4, 1.22 = newest installed patch, latest)."`
}

func (c *ToolchainUseCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	// Only installed toolchains count: what a source offers or what could be
	// adopted is not usable until installed or adopted.
	t, err := toolchain.ResolveInstalled(h, c.Spec, toolchain.HostPlatform())
	var miss *toolchain.NotInstalledError
	if errors.As(err, &miss) {
		if a := miss.Adoptable; a != nil {
			return exitcode.BadInput(fmt.Errorf("%w; %s is on this machine (%s): run devboot toolchain adopt, then use it", miss, a.Version, a.GOROOT))
		}
		return exitcode.BadInput(fmt.Errorf("%w; run devboot toolchain install %s, then use it", miss, c.Spec))
	}
	if err != nil {
		return err
	}
	return runSteps(g, "toolchain use", toolchain.PlanUse(h, t.Name), "now using "+t.Version)
}

type ToolchainRemoveCmd struct {
	Spec  string `arg:"" help:"Installed version to remove."`
	Force bool   `help:"Remove it even when it is the active toolchain."`
	OS    string `name:"os" placeholder:"GOOS" help:"Platform of the toolchain (default linux)."`
	Arch  string `name:"arch" placeholder:"GOARCH" help:"Platform arch (default: the kernel's)."`
}

func (c *ToolchainRemoveCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	p, err := toolchain.ParsePlatform(c.OS, c.Arch)
	if err != nil {
		return exitcode.BadInput(err)
	}
	spec, err := toolchain.ParseSpec(c.Spec)
	if err != nil || spec.Kind != toolchain.SpecExact {
		return exitcode.BadInput(fmt.Errorf("remove needs one exact version such as 1.22.4, not %q", c.Spec))
	}
	steps, err := toolchain.PlanRemove(h, spec.Version, p, c.Force)
	if err != nil {
		return err
	}
	return runSteps(g, "toolchain remove", steps, "removed "+spec.Version)
}

type ToolchainPruneCmd struct {
	Keep int `default:"1" help:"Newest patches to keep per minor."`
}

func (c *ToolchainPruneCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	steps, err := toolchain.PlanPrune(h, c.Keep)
	if err != nil {
		return err
	}
	return runSteps(g, "toolchain prune", steps, "pruned")
}

type ToolchainAdoptCmd struct{}

func (c *ToolchainAdoptCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	var steps []plan.Step
	for _, a := range toolchain.FindAdoptable(h) {
		steps = append(steps, toolchain.PlanAdopt(h, a)...)
	}
	return runSteps(g, "toolchain adopt", steps, "adopted")
}

// runSteps runs steps through the journal and reports like every command.
func runSteps(g *Globals, command string, steps []plan.Step, done string) error {
	r, err := g.Runner(command, "journal.json")
	if err != nil {
		return err
	}
	res, runErr := r.Run(context.Background(), steps)
	if g.JSON {
		return g.PrintJSONAnd(res, runErr)
	}
	if runErr != nil {
		return runErr
	}
	if !g.DryRun {
		if !res.Changed() {
			done = "nothing to do"
		}
		fmt.Fprintln(g.stdout, done)
		for _, s := range res.Steps {
			if s.Status == plan.StatusApplied {
				fmt.Fprintln(g.stdout, "  "+s.Summary)
			}
		}
	}
	return nil
}
