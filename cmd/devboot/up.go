package main

import (
	"context"
	"os"

	"golang.org/x/term"

	"github.com/devboot/devboot/pkg/toolchain"
	"github.com/devboot/devboot/pkg/up"
)

// UpCmd plans, applies and verifies a working Go environment.
type UpCmd struct {
	Go        string `name:"go" placeholder:"SPEC" help:"Go version to provide (1.22.4, 1.22, latest); default: the project's go.work (honouring GOWORK) or go.mod toolchain/go line as a minimum, then .go-version, then a version pinned in GOTOOLCHAIN."`
	Yes       bool   `short:"y" help:"Apply without asking (needed when not on a terminal, and in containers)."`
	DlURL     string `name:"dl-url" env:"DEVBOOT_GO_DL" default:"https://go.dev/dl/" placeholder:"URL" help:"Download index and archives (any mirror with go.dev/dl's layout, or file://)."`
	Goproxy   string `name:"goproxy" placeholder:"LIST" help:"Set GOPROXY in go's env file."`
	Gosumdb   string `name:"gosumdb" placeholder:"DB" help:"Set GOSUMDB in go's env file."`
	Goprivate string `name:"goprivate" placeholder:"PATTERNS" help:"Set GOPRIVATE in go's env file."`
	Offline   bool   `help:"Never use the network: adopt or reuse a toolchain already on this machine."`
}

func (c *UpCmd) Run(g *Globals) error {
	r, err := g.Runner("up", "journal.json")
	if err != nil {
		return err
	}
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	// Under --json stdout is the document: no prompt there, --yes is needed.
	opts := up.Options{Spec: c.Go, Dir: dir, DlURL: c.DlURL, Offline: c.Offline, Settings: goSettings(c.Goproxy, c.Gosumdb, c.Goprivate),
		Yes: c.Yes, Terminal: onTerminal(g) && !g.JSON, In: os.Stdin, Out: g.stdout,
		Fetch: toolchain.FetchOptions{Progress: g.stderr, ProgressBar: toolchain.UseProgressBar(g.stderr, r.Host.Getenv)}}
	if g.JSON {
		opts.Out = nil
	}
	rep, err := up.Up(context.Background(), r, opts)
	if g.JSON && rep != nil {
		if jerr := g.PrintJSON(rep); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}

// onTerminal reports whether devboot talks to a person: stdin and stdout
// are terminals. Only then may up and down ask.
func onTerminal(g *Globals) bool {
	f, ok := g.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && term.IsTerminal(int(os.Stdin.Fd()))
}
