package main

import (
	"context"
	"os"

	"github.com/devboot/devboot/pkg/up"
)

// DownCmd undoes what `devboot up` journaled.
type DownCmd struct {
	Purge bool `help:"Also remove the toolchains up downloaded (adopted ones are only ever unregistered)."`
	Yes   bool `short:"y" help:"Undo without asking (needed when not on a terminal)."`
}

func (c *DownCmd) Run(g *Globals) error {
	r, err := g.Runner("down", "journal.json")
	if err != nil {
		return err
	}
	opts := up.DownOptions{Purge: c.Purge, Kept: up.DownloadedToolchain, Yes: c.Yes, Prompt: onTerminal(g) && !g.JSON, In: os.Stdin, Out: g.stdout}
	if g.JSON {
		opts.Out = nil
	}
	res, err := up.Down(context.Background(), r, opts)
	if g.JSON && res != nil {
		if jerr := g.PrintJSON(res); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}
