package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// Globals are the flags every command accepts, and what commands share.
type Globals struct {
	Root    string `name:"root" env:"DEVBOOT_ROOT" default:"/" type:"existingdir" placeholder:"DIR" help:"Treat DIR as / for every host probe (for chroots, images and tests). Actions still use real paths."`
	Home    string `name:"home" env:"DEVBOOT_HOME" type:"path" placeholder:"DIR" help:"The user's home (default: $HOME; under sudo, SUDO_USER's home)."`
	JSON    bool   `name:"json" help:"Print one JSON document on stdout instead of text."`
	DryRun  bool   `name:"dry-run" help:"Print what would change and change nothing."`
	Verbose bool   `short:"v" help:"Debug logging on stderr."`

	stdout, stderr io.Writer
	environ        []string
	log            *slog.Logger
	host           *host.Host
}

func (g *Globals) setup() {
	level := slog.LevelWarn
	if g.Verbose {
		level = slog.LevelDebug
	}
	g.log = slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: level}))
}

// Host returns the probed machine with the user devboot works for resolved.
func (g *Globals) Host() (*host.Host, error) {
	if g.host != nil {
		return g.host, nil
	}
	h := host.New(g.Root, g.environ)
	if err := h.ResolveUser(g.Home); err != nil {
		return nil, err
	}
	g.host = h
	return h, nil
}

// Runner returns a plan runner for command, journaling into journal (a path
// relative to devboot's data directory, e.g. "journal.json").
func (g *Globals) Runner(command, journal string) (*plan.Runner, error) {
	h, err := g.Host()
	if err != nil {
		return nil, err
	}
	var out io.Writer = g.stdout
	if g.JSON {
		out = nil // the JSON result carries the plan
	}
	return &plan.Runner{
		Host:    h,
		Journal: filepath.Join(h.DataDir(), journal),
		Command: command,
		DryRun:  g.DryRun,
		Out:     out,
		Log:     g.log,
	}, nil
}

// PrintJSONAnd prints v as JSON, then passes on err, the command's own
// outcome: a script reading --json gets the report of a failed run too.
func (g *Globals) PrintJSONAnd(v any, err error) error {
	if jerr := g.PrintJSON(v); jerr != nil {
		return jerr
	}
	return err
}

// PrintJSON writes v as the command's one JSON document.
func (g *Globals) PrintJSON(v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
