package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
	"github.com/devboot/devboot/pkg/toolchain/srcbuild"
)

// ToolchainBuildCmd builds a toolchain from source with make.bash.
type ToolchainBuildCmd struct {
	Ref        string `arg:"" help:"A release (1.26.8: its source comes from an installed or adoptable toolchain's src/, else its official archive) or the path of a Go source tree with a VERSION file."`
	OS         string `name:"os" placeholder:"GOOS" help:"Cross-build for this OS (default linux)."`
	Arch       string `name:"arch" placeholder:"GOARCH" help:"Cross-build for this arch, as Go's bootstrap.bash does (default: this machine's)."`
	Out        string `name:"out" type:"path" placeholder:"DIR" help:"Write the archive (official layout) and index.json here: a file:// mirror for 'toolchain install --dl-url file://DIR/'. Default: devboot's cache dir/builds."`
	Bootstrap  string `name:"bootstrap" type:"path" placeholder:"GOROOT" help:"GOROOT_BOOTSTRAP to build with (default: the oldest installed or adoptable toolchain new enough for the release)."`
	NoRegister bool   `name:"no-register" help:"Only produce the archive; do not install it into devboot's toolchains."`
	DLURL      string `name:"dl-url" env:"DEVBOOT_GO_DL" placeholder:"URL" help:"Download index to fetch the source archive from when no local toolchain has it (default https://go.dev/dl/)."`
}

func (c *ToolchainBuildCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	p, err := toolchain.ParsePlatform(c.OS, c.Arch)
	if err != nil {
		return exitcode.BadInput(err)
	}
	steps, err := srcbuild.Plan(h, srcbuild.Request{Ref: c.Ref, Platform: p, Out: c.Out, Bootstrap: c.Bootstrap,
		NoRegister: c.NoRegister, DLURL: c.DLURL, Progress: g.stderr})
	if err != nil {
		return err
	}
	r, err := g.Runner("toolchain build", "journal.json")
	if err != nil {
		return err
	}
	res, runErr := r.Run(context.Background(), steps)
	b := steps[0].(*srcbuild.BuildStep)
	if g.JSON {
		return g.PrintJSONAnd(struct {
			Version   string             `json:"version"`
			Platform  toolchain.Platform `json:"platform"`
			Source    srcbuild.Source    `json:"source"`
			Bootstrap srcbuild.Candidate `json:"bootstrap"`
			Archive   string             `json:"archive"`
			SHA256    string             `json:"sha256,omitempty"`
			Log       string             `json:"log"`
			Plan      *plan.Result       `json:"plan"`
		}{b.Version, b.Platform, b.Source, b.Bootstrap, b.Archive, b.SHA256, b.Log, res}, runErr)
	}
	if runErr != nil || g.DryRun {
		return runErr
	}
	fmt.Fprintf(g.stdout, "%s for %s: %s\n", b.Version, b.Platform, b.Archive)
	if !c.NoRegister {
		fmt.Fprintf(g.stdout, "registered as %s\n", toolchain.LayoutOf(h).Dir(toolchain.Name(b.Version, b.Platform)))
	}
	fmt.Fprintf(g.stdout, "install it elsewhere with: devboot toolchain install %s --os %s --arch %s --dl-url file://%s/\n",
		strings.TrimPrefix(b.Version, "go"), b.Platform.OS, b.Platform.Arch, b.Out)
	return nil
}
